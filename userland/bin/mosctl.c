// mosctl: administer this node's part of the cluster, the openMosix way.
//   mosctl status          this node: id, address, speed, load, state
//   mosctl nodes           the load vector: every node this node knows
//   mosctl stats           datagrams dropped by reason, gossip, transport
//   mosctl whois ID|ADDR   a node's address from its id, or its id from its address
//   mosctl setspeed N      this node's speed (1000 = the reference CPU)
//   mosctl balancer        the balancer's state and its last decisions, with why
//   mosctl balance on|off  let the balancer move this node's processes, or not
//   mosctl block | allow   refuse or take processes from other nodes (own ones
//                          always come home)
//   mosctl send NODE BYTES a test message over the reliable transport
//   mosctl ping NODE [BYTES [COUNT]]  request/reply round trips over the transport
//   mosctl expel           send every guest on this node home, and wait
//   mosctl bring           bring this node's processes running elsewhere home
//   mosctl halt            leave the cluster in order (expel, bring, say so), power off
//   mosctl fail POINT      stop this node dead at a step of migration (a test of
//                          failures: arrive_done, arrive_go, home_go; none disarms;
//                          home_done_late holds home's answer to DONE instead)
// Everything goes through /proc/cluster (the kernel's ssi/cluster_proc.c).
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include "procfile.h"

#define NODES_MAX 16384

static int show(const char *path)
{
    static char buf[NODES_MAX];
    if (proc_read(path, buf, sizeof(buf)) < 0) {
        fprintf(stderr, "mosctl: %s: %s (is the cluster layer on?)\n", path, strerror(errno));
        return 1;
    }
    fputs(buf, stdout);
    return 0;
}

// Write a command to /proc/cluster/ctl and print its result.
static int command(const char *text)
{
    int fd = open("/proc/cluster/ctl", O_WRONLY);
    if (fd < 0) {
        fprintf(stderr, "mosctl: /proc/cluster/ctl: %s\n", strerror(errno));
        return 1;
    }
    ssize_t n = write(fd, text, strlen(text));
    int err = errno;
    close(fd);
    char result[256];
    if (proc_read("/proc/cluster/result", result, sizeof(result)) > 0)
        fputs(result, stdout);
    if (n < 0) {
        fprintf(stderr, "mosctl: %s", text);
        fprintf(stderr, ": %s\n", strerror(err));
        return 1;
    }
    return 0;
}

static int whois(const char *what)
{
    static char buf[NODES_MAX];
    if (proc_read("/proc/cluster/nodes", buf, sizeof(buf)) < 0) {
        fprintf(stderr, "mosctl: /proc/cluster/nodes: %s\n", strerror(errno));
        return 1;
    }
    bool by_addr = strchr(what, '.') != NULL;
    char *line = strtok(buf, "\n");   // the header
    while ((line = strtok(NULL, "\n")) != NULL) {
        char node[16], addr[32], state[16];
        if (sscanf(line, "%15s %31s %15s", node, addr, state) != 3)
            continue;
        if (strcmp(by_addr ? addr : node, what) == 0) {
            if (by_addr)
                printf("%s is node %s (%s)\n", addr, node, state);
            else
                printf("node %s is %s (%s)\n", node, addr, state);
            return 0;
        }
    }
    fprintf(stderr, "mosctl: no node %s in the load vector\n", what);
    return 1;
}

static void usage(void)
{
    fprintf(stderr, "usage: mosctl status | nodes | stats | whois ID|ADDR | setspeed N |\n"
                    "              balancer | balance on|off | block | allow |\n"
                    "              send NODE BYTES | ping NODE [BYTES [COUNT]] | expel | bring |\n"
                    "              halt | fail POINT\n");
    exit(2);
}

int main(int argc, char **argv)
{
    if (argc < 2)
        usage();
    const char *cmd = argv[1];
    char text[128];
    if (strcmp(cmd, "status") == 0 && argc == 2)
        return show("/proc/cluster/status");
    if (strcmp(cmd, "nodes") == 0 && argc == 2)
        return show("/proc/cluster/nodes");
    if (strcmp(cmd, "stats") == 0 && argc == 2)
        return show("/proc/cluster/stats");
    if (strcmp(cmd, "balancer") == 0 && argc == 2)
        return show("/proc/cluster/balancer");
    if (strcmp(cmd, "balance") == 0 && argc == 3) {
        snprintf(text, sizeof(text), "balance %s\n", argv[2]);
        return command(text);
    }
    if (strcmp(cmd, "whois") == 0 && argc == 3)
        return whois(argv[2]);
    if (strcmp(cmd, "setspeed") == 0 && argc == 3) {
        snprintf(text, sizeof(text), "setspeed %s\n", argv[2]);
        return command(text);
    }
    if (strcmp(cmd, "fail") == 0 && argc == 3) {
        snprintf(text, sizeof(text), "fail %s\n", argv[2]);
        return command(text);
    }
    if (strcmp(cmd, "send") == 0 && argc == 4) {
        snprintf(text, sizeof(text), "send %s %s\n", argv[2], argv[3]);
        return command(text);
    }
    if ((strcmp(cmd, "expel") == 0 || strcmp(cmd, "bring") == 0 || strcmp(cmd, "halt") == 0 ||
         strcmp(cmd, "block") == 0 || strcmp(cmd, "allow") == 0) &&
        argc == 2) {
        snprintf(text, sizeof(text), "%s\n", cmd);
        return command(text);
    }
    if (strcmp(cmd, "ping") == 0 && argc >= 3 && argc <= 5) {
        snprintf(text, sizeof(text), "ping %s %s %s\n", argv[2], argc >= 4 ? argv[3] : "64",
                 argc == 5 ? argv[4] : "1");
        return command(text);
    }
    usage();
    return 2;
}
