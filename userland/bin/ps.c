// ps: one line per process from /proc/PID/status: PID, PPID, STATE, WHERE
// (the node it runs on: for a process of this node away from home, that
// node), TIME (CPU minutes:seconds), MEM (KiB) and NAME, with "(guest,
// home N)" after the name of a process whose home is another node.
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kernel/api/types.h"
#include "procfile.h"

// qsort order of pids.
static int by_pid(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

// 1 when name is all digits.
static int numeric(const char *name)
{
    if (*name == '\0')
        return 0;
    for (; *name; name++)
        if (!isdigit((unsigned char)*name))
            return 0;
    return 1;
}

int main(void)
{
    DIR *d = opendir("/proc");
    if (d == NULL) {
        perror("ps: /proc");
        return 1;
    }
    int *pids = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!numeric(e->d_name))
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            int *grown = realloc(pids, cap * sizeof(int));
            if (grown == NULL)
                break;
            pids = grown;
        }
        pids[n++] = atoi(e->d_name);
    }
    closedir(d);
    qsort(pids, n, sizeof(int), by_pid);
    printf("%7s %7s %5s %5s %8s %7s %s\n", "PID", "PPID", "STATE", "WHERE", "TIME", "MEM", "NAME");
    for (size_t i = 0; i < n; i++) {
        char path[64], text[1024], name[32], state[32];
        snprintf(path, sizeof(path), "/proc/%d/status", pids[i]);
        if (proc_read(path, text, sizeof(text)) < 0)
            continue;   // it exited meanwhile
        if (proc_field(text, "Name", name, sizeof(name)) < 0)
            strcpy(name, "?");
        if (proc_field(text, "State", state, sizeof(state)) < 0)
            strcpy(state, "?");
        long ppid = proc_number(text, "PPid");
        long ticks = proc_number(text, "CpuTicks");
        long mem = proc_number(text, "VmKB");
        long where = proc_number(text, "Where");
        long home = proc_number(text, "Home");
        char role[16], whence[24] = "";
        if (proc_field(text, "Role", role, sizeof(role)) < 0)
            strcpy(role, "local");
        // A guest is marked with its home; a deputy's WHERE is the node
        // its process runs on.
        if (strcmp(role, "guest") == 0 || strcmp(role, "arriving") == 0)
            snprintf(whence, sizeof(whence), " (guest, home %ld)", home);
        long secs = ticks < 0 ? 0 : ticks / API_CLK_TCK;
        printf("%7d %7ld %5c %5ld %5ld:%02ld %6ldK %s%s\n", pids[i], ppid, state[0],
               where < 0 ? 0 : where, secs / 60, secs % 60, mem < 0 ? 0 : mem, name, whence);
    }
    free(pids);
    return 0;
}
