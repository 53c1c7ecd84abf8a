// ifconfig: show every network card from /proc/net/if: its address, MAC,
// model, link state and counters, in the layout of the classic tool.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define IF_LINE_MAX 512   // one line of /proc/net/if
#define IF_FIELD_MAX 24   // longest value of a field, with its NUL

// The fields of one card, as /proc/net/if names them.
struct ifinfo {
    char name[IF_FIELD_MAX], inet[IF_FIELD_MAX], mac[IF_FIELD_MAX];
    char model[IF_FIELD_MAX], link[IF_FIELD_MAX], mtu[IF_FIELD_MAX];
    unsigned long long rx_packets, rx_bytes, rx_errors, rx_dropped;
    unsigned long long tx_packets, tx_bytes, tx_errors, tx_dropped;
};

// Store the value of field key into info (unknown keys are skipped).
static void if_set(struct ifinfo *info, const char *key, const char *val)
{
    char *text[] = { info->inet, info->mac, info->model, info->link, info->mtu };
    const char *tkeys[] = { "inet", "mac", "model", "link", "mtu" };
    unsigned long long *num[] = { &info->rx_packets, &info->rx_bytes, &info->rx_errors,
                                  &info->rx_dropped, &info->tx_packets, &info->tx_bytes,
                                  &info->tx_errors, &info->tx_dropped };
    const char *nkeys[] = { "rx_packets", "rx_bytes", "rx_errors", "rx_dropped",
                            "tx_packets", "tx_bytes", "tx_errors", "tx_dropped" };
    for (size_t i = 0; i < sizeof(tkeys) / sizeof(tkeys[0]); i++)
        if (strcmp(key, tkeys[i]) == 0)
            snprintf(text[i], IF_FIELD_MAX, "%s", val);
    for (size_t i = 0; i < sizeof(nkeys) / sizeof(nkeys[0]); i++)
        if (strcmp(key, nkeys[i]) == 0)
            *num[i] = strtoull(val, NULL, 10);
}

// Print one card.
static void if_print(const struct ifinfo *i)
{
    printf("%s: flags=<%s> mtu %s\n", i->name, strcmp(i->link, "up") == 0 ? "UP,RUNNING" : "DOWN",
           i->mtu);
    printf("        inet %s\n", i->inet);
    printf("        ether %s  (%s)\n", i->mac, i->model);
    printf("        RX packets %llu  bytes %llu\n", i->rx_packets, i->rx_bytes);
    printf("        RX errors %llu  dropped %llu\n", i->rx_errors, i->rx_dropped);
    printf("        TX packets %llu  bytes %llu\n", i->tx_packets, i->tx_bytes);
    printf("        TX errors %llu  dropped %llu\n\n", i->tx_errors, i->tx_dropped);
}

int main(void)
{
    FILE *f = fopen("/proc/net/if", "r");
    if (!f) {
        perror("ifconfig: /proc/net/if");
        return 1;
    }
    char line[IF_LINE_MAX];
    int cards = 0;
    while (fgets(line, sizeof(line), f)) {
        struct ifinfo info;
        memset(&info, 0, sizeof(info));
        char *save = NULL;
        char *tok = strtok_r(line, " \n", &save);
        if (!tok)
            continue;
        snprintf(info.name, sizeof(info.name), "%s", tok);
        char *key;
        while ((key = strtok_r(NULL, " \n", &save)) && (tok = strtok_r(NULL, " \n", &save)))
            if_set(&info, key, tok);
        if_print(&info);
        cards++;
    }
    fclose(f);
    if (!cards)
        printf("ifconfig: no network cards\n");
    return 0;
}
