// free: total, used and free memory from /proc/meminfo, in KiB.
#include <stdio.h>
#include "procfile.h"

int main(void)
{
    char text[1024];
    if (proc_read("/proc/meminfo", text, sizeof(text)) < 0) {
        perror("free: /proc/meminfo");
        return 1;
    }
    long total = proc_number(text, "MemTotal");
    long avail = proc_number(text, "MemFree");
    if (total < 0 || avail < 0) {
        fprintf(stderr, "free: /proc/meminfo: unexpected format\n");
        return 1;
    }
    printf("%-6s %10s %10s %10s\n", "", "total", "used", "free");
    printf("%-6s %10ld %10ld %10ld\n", "Mem:", total, total - avail, avail);
    return 0;
}
