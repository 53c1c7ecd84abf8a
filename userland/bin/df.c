// df: the space of the file system. The root file system (ramfs) lives in
// the node's memory: its size is the memory the kernel manages, what is
// available is the free memory (which processes share with the files).
#include <stdio.h>
#include <string.h>
#include "procfile.h"

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--help") == 0) {
        printf("usage: df\n"
               "  the root file system's size, use and room, in KiB: it lives in RAM, so these\n"
               "  are the node's memory, memory in use (by files and processes) and free memory\n");
        return 0;
    }
    if (argc > 1 && strcmp(argv[1], "-k") != 0 && strcmp(argv[1], "/") != 0) {
        fprintf(stderr, "usage: df\n");
        return 1;
    }
    char text[1024];
    if (proc_read("/proc/meminfo", text, sizeof(text)) < 0) {
        perror("df: /proc/meminfo");
        return 1;
    }
    long total = proc_number(text, "MemTotal"), avail = proc_number(text, "MemFree");
    if (total <= 0 || avail < 0) {
        fprintf(stderr, "df: /proc/meminfo: unexpected format\n");
        return 1;
    }
    long used = total - avail;
    printf("%-10s %10s %10s %10s %4s %s\n", "Filesystem", "1K-blocks", "Used", "Available",
           "Use%", "Mounted on");
    printf("%-10s %10ld %10ld %10ld %3ld%% %s\n", "ramfs", total, used, avail,
           (used * 100 + total - 1) / total, "/");
    return 0;
}
