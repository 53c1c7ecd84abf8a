// uptime: the time of day (UTC), how long the system has been up, the
// process counts and the load averages, from /proc/uptime and /proc/loadavg.
#include <stdio.h>
#include <time.h>
#include "procfile.h"

int main(void)
{
    char up[128], load[128];
    double secs, idle;
    double l1, l5, l15;
    int running, total;
    if (proc_read("/proc/uptime", up, sizeof(up)) < 0 ||
        sscanf(up, "%lf %lf", &secs, &idle) != 2) {
        fprintf(stderr, "uptime: cannot read /proc/uptime\n");
        return 1;
    }
    if (proc_read("/proc/loadavg", load, sizeof(load)) < 0 ||
        sscanf(load, "%lf %lf %lf %d/%d", &l1, &l5, &l15, &running, &total) != 5) {
        fprintf(stderr, "uptime: cannot read /proc/loadavg\n");
        return 1;
    }
    time_t now = time(NULL);
    char clock[16];
    strftime(clock, sizeof(clock), "%H:%M:%S", gmtime(&now));
    long s = (long)secs;
    long days = s / 86400;
    printf(" %s up ", clock);
    if (days)
        printf("%ld day%s, ", days, days == 1 ? "" : "s");
    printf("%2ld:%02ld, %d processes, load average: %.2f, %.2f, %.2f\n", s % 86400 / 3600,
           s % 3600 / 60, total, l1, l5, l15);
    return 0;
}
