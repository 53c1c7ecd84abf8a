// Parsing the cluster key (see key.h).
#include "ssi/key.h"
#include "kernel/hexdigit.h"

static bool space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int clusterkey_parse(const char *text, size_t len, uint8_t key[CLUSTER_KEY_SIZE])
{
    size_t start = 0, end = len;
    while (start < end && space(text[start]))
        start++;
    while (end > start && space(text[end - 1]))
        end--;
    if (end - start != 2 * CLUSTER_KEY_SIZE)
        return -1;
    uint8_t k[CLUSTER_KEY_SIZE];
    uint8_t any = 0;
    for (int i = 0; i < CLUSTER_KEY_SIZE; i++) {
        int hi = hex_digit(text[start + 2 * i]), lo = hex_digit(text[start + 2 * i + 1]);
        if (hi < 0 || lo < 0)
            return -1;
        k[i] = (uint8_t)(hi << 4 | lo);
        any |= k[i];
    }
    if (!any)
        return -1;   // an all-zero key is a forgotten key, not a secret
    for (int i = 0; i < CLUSTER_KEY_SIZE; i++)
        key[i] = k[i];
    return 0;
}
