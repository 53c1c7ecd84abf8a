// mosmon: a live view of the load of every node of the cluster (runnable
// processes: the vector's load times the node's speed), as bars,
// refreshed every second (openMosix's mosmon), with this node's arrivals
// and departures and the balancer's last decisions. Reads
// /proc/cluster/nodes, /proc/cluster/stats and /proc/cluster/balancer.
//   mosmon [-n COUNT]   stop after COUNT screens (default: until Ctrl-C)
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "procfile.h"

#define BAR_WIDTH 40
#define MAX_NODES 64
#define LOAD_FULL 4000   // a bar is full at 4 runnable processes (1000 = one)

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
            // The vector's load is per reference CPU (load * speed / 1000
            // is the node's own run queue): shown as runnable processes.
            r->load = (unsigned)((unsigned long long)(whole * 1000 + frac) * r->speed / 1000);
            n++;
        }
    }
    return n;
}

// This node's moves so far: processes that left (committed) and arrived.
struct moves {
    unsigned out, in;
};

static void read_moves(struct moves *m)
{
    static char buf[4096];
    m->out = m->in = 0;
    if (proc_read("/proc/cluster/stats", buf, sizeof(buf)) < 0)
        return;
    char *save, *line;
    for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        sscanf(line, "mig_out %u", &m->out);
        sscanf(line, "mig_in %u", &m->in);
    }
}

// The balancer's last decisions: the last few lines of its file.
static void show_decisions(int max)
{
    static char buf[4096];
    if (proc_read("/proc/cluster/balancer", buf, sizeof(buf)) < 0)
        return;
    char *lines[32];
    int n = 0;
    char *save, *line;
    for (line = strtok_r(buf, "\n", &save); line && n < 32; line = strtok_r(NULL, "\n", &save))
        lines[n++] = line;
    if (n == 0)
        return;
    printf("\n%s\n", lines[0]);   // on or off, counts
    for (int i = n - max > 1 ? n - max : 1; i < n; i++)
        printf("%s\n", lines[i]);
}

static void draw(const struct row *rows, int n, int screen, const struct moves *now,
                 const struct moves *before)
{
    printf("\033[H\033[2J");
    printf("mosmon: cluster load, %d node%s (screen %d)\n\n", n, n == 1 ? "" : "s", screen);
    printf("%-5s %-15s %-5s %-*s %6s %6s %8s\n", "NODE", "ADDRESS", "STATE", BAR_WIDTH + 2,
           "RUNNABLE", "", "SPEED", "FREE_MB");
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
    printf("\nthis node: %u departures (+%u), %u arrivals (+%u)\n", now->out,
           now->out - before->out, now->in, now->in - before->in);
    show_decisions(6);
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
    struct moves before, now;
    read_moves(&before);
    for (int screen = 1; count < 0 || screen <= count; screen++) {
        int n = read_rows(rows, MAX_NODES);
        if (n < 0) {
            fprintf(stderr, "mosmon: /proc/cluster/nodes: no cluster layer on this node\n");
            return 1;
        }
        read_moves(&now);
        draw(rows, n, screen, &now, &before);
        before = now;
        if (count < 0 || screen < count)
            sleep(1);
    }
    return 0;
}
