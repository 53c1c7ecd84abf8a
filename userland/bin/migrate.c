// migrate PID NODE | migrate PID home: move a running process to node NODE
// (or back to its home node) and wait for the outcome. Exits 0 when the
// process runs there, 1 with the reason otherwise, 2 on bad usage.
//
// It writes NODE to /proc/PID/goto, which asks the kernel for the move
// and returns at once, then watches /proc/PID/migstat ("SEQ OUTCOME"),
// whose SEQ grows by one with each outcome: "ok N" or "failed N: why".
// On the node where a guest runs, the process's /proc entry goes away
// when it leaves: that is success too (the node frees it only after the
// move is final).
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "procfile.h"

#define MIGRATE_WAIT_S  600   // the longest a move may take (8 MiB on a lossy link)
#define MIGRATE_POLL_MS 20

static void usage(void)
{
    fprintf(stderr, "usage: migrate PID NODE|home\n");
    exit(2);
}

// The sequence number and outcome in /proc/PID/migstat; -1 when the
// process is not (or no longer) on this node.
static long migstat(long pid, char *outcome, size_t size)
{
    char path[64], text[128];
    snprintf(path, sizeof(path), "/proc/%ld/migstat", pid);
    if (proc_read(path, text, sizeof(text)) < 0)
        return -1;
    char *sp = strchr(text, ' ');
    if (!sp)
        return -1;
    snprintf(outcome, size, "%s", sp + 1);
    outcome[strcspn(outcome, "\n")] = '\0';
    return strtol(text, NULL, 10);
}

static void msleep(long ms)
{
    struct timespec t = { ms / 1000, (ms % 1000) * 1000000 };
    nanosleep(&t, NULL);
}

int main(int argc, char **argv)
{
    if (argc != 3)
        usage();
    char *end;
    long pid = strtol(argv[1], &end, 10);
    if (*end || pid <= 0)
        usage();
    const char *node = argv[2];
    if (strcmp(node, "home") != 0) {
        long n = strtol(node, &end, 10);
        if (*end || n < 0)
            usage();
    }
    char outcome[128];
    long seq = migstat(pid, outcome, sizeof(outcome));
    if (seq < 0) {
        fprintf(stderr, "migrate: no process %ld on this node\n", pid);
        return 1;
    }
    char path[64];
    snprintf(path, sizeof(path), "/proc/%ld/goto", pid);
    int fd = open(path, O_WRONLY);
    if (fd < 0) {
        fprintf(stderr, "migrate: %s: %s\n", path, strerror(errno));
        return 1;
    }
    ssize_t w = write(fd, node, strlen(node));
    int err = errno;
    close(fd);
    if (w < 0) {
        long now = migstat(pid, outcome, sizeof(outcome));
        fprintf(stderr, "migrate: %ld: %s\n", pid, now > seq ? outcome : strerror(err));
        return 1;
    }
    for (long waited = 0; waited < MIGRATE_WAIT_S * 1000L; waited += MIGRATE_POLL_MS) {
        long now = migstat(pid, outcome, sizeof(outcome));
        if (now < 0) {
            printf("%ld: left this node\n", pid);
            return 0;
        }
        if (now > seq) {
            if (strncmp(outcome, "ok ", 3) == 0) {
                printf("%ld: runs on node %s\n", pid, outcome + 3);
                return 0;
            }
            fprintf(stderr, "migrate: %ld: %s\n", pid, outcome);
            return 1;
        }
        msleep(MIGRATE_POLL_MS);
    }
    fprintf(stderr, "migrate: %ld: no outcome after %d s\n", pid, MIGRATE_WAIT_S);
    return 1;
}
