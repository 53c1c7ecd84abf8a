// Calendar time, CPU time, sleeping.
#ifndef _TIME_H
#define _TIME_H
#include <stddef.h>
#include <sys/types.h>
#include "kernel/api/types.h"

#define CLOCKS_PER_SEC 1000000L

// A broken-down time.
struct tm {
    int tm_sec;     // seconds, 0-60
    int tm_min;     // minutes, 0-59
    int tm_hour;    // hours, 0-23
    int tm_mday;    // day of the month, 1-31
    int tm_mon;     // month, 0-11
    int tm_year;    // years since 1900
    int tm_wday;    // day of the week, 0-6, Sunday = 0
    int tm_yday;    // day of the year, 0-365
    int tm_isdst;   // daylight saving time (always 0: the system runs in UTC)
};

struct timespec {
    time_t tv_sec;   // seconds
    long tv_nsec;    // and nanoseconds
};

typedef int clockid_t;

time_t time(time_t *t);
clock_t clock(void);
double difftime(time_t a, time_t b);
time_t mktime(struct tm *tm);
time_t timegm(struct tm *tm);
struct tm *gmtime(const time_t *t);
struct tm *gmtime_r(const time_t *t, struct tm *out);
struct tm *localtime(const time_t *t);
struct tm *localtime_r(const time_t *t, struct tm *out);
size_t strftime(char *buf, size_t size, const char *fmt, const struct tm *tm);
char *asctime(const struct tm *tm);
char *ctime(const time_t *t);
int nanosleep(const struct timespec *req, struct timespec *rem);
int clock_gettime(clockid_t clock, struct timespec *ts);

#endif
