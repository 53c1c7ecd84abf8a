// mosmon: a live view of the load of every node of the cluster, as bars,
// refreshed every second (openMosix's mosmon). Reads /proc/cluster/nodes.
//   mosmon [-n COUNT]   stop after COUNT screens (default: until Ctrl-C)
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "procfile.h"

#define BAR_WIDTH 40
#define MAX_NODES 64
#define LOAD_FULL 4000   // a bar is full at a load of 4 (LV_LOAD_SCALE = 1000)

struct row {
    unsigned node, load, speed, free_kb, procs;
    char addr[32], state[16];
};

static int read_rows(struct row *rows, int max)
{
    static char buf[16384];
    if (proc_read("/proc/cluster/nodes", buf, sizeof(buf)) < 0)
        return -1;
    int n = 0;
    char *save, *line = strtok_r(buf, "\n", &save);   // the header
    while ((line = strtok_r(NULL, "\n", &save)) != NULL && n < max) {
        struct row *r = &rows[n];
        unsigned whole, frac;
        if (sscanf(line, "%u %31s %15s %u.%u %u %u %u", &r->node, r->addr, r->state, &whole,
                   &frac, &r->speed, &r->free_kb, &r->procs) == 8) {
            r->load = whole * 1000 + frac;
            n++;
        }
    }
    return n;
}

static void draw(const struct row *rows, int n, int screen)
{
    printf("\033[H\033[2J");
    printf("mosmon: cluster load, %d node%s (screen %d)\n\n", n, n == 1 ? "" : "s", screen);
    printf("%-5s %-15s %-5s %-*s %6s %6s %8s\n", "NODE", "ADDRESS", "STATE", BAR_WIDTH + 2,
           "LOAD", "", "SPEED", "FREE_MB");
    for (int i = 0; i < n; i++) {
        const struct row *r = &rows[i];
        int fill = (int)((r->load > LOAD_FULL ? LOAD_FULL : r->load) * BAR_WIDTH / LOAD_FULL);
        char bar[BAR_WIDTH + 1];
        for (int k = 0; k < BAR_WIDTH; k++)
            bar[k] = k < fill ? '#' : (strcmp(r->state, "up") == 0 ? '.' : ' ');
        bar[BAR_WIDTH] = '\0';
        printf("%-5u %-15s %-5s [%s] %3u.%02u %6u %8u\n", r->node, r->addr, r->state, bar,
               r->load / 1000, r->load % 1000 / 10, r->speed, r->free_kb / 1024);
    }
    fflush(stdout);
}

int main(int argc, char **argv)
{
    long count = -1;
    int opt;
    while ((opt = getopt(argc, argv, "n:")) != -1) {
        if (opt == 'n')
            count = atol(optarg);
        else {
            fprintf(stderr, "usage: mosmon [-n COUNT]\n");
            return 2;
        }
    }
    struct row rows[MAX_NODES];
    for (int screen = 1; count < 0 || screen <= count; screen++) {
        int n = read_rows(rows, MAX_NODES);
        if (n < 0) {
            fprintf(stderr, "mosmon: /proc/cluster/nodes: no cluster layer on this node\n");
            return 1;
        }
        draw(rows, n, screen);
        if (count < 0 || screen < count)
            sleep(1);
    }
    return 0;
}
