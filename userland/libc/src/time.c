// time.h on top of the system clock and the pure calendar code (timeconv.c).
#include <errno.h>
#include <stdio.h>
#include <time.h>
#include <sys/time.h>
#include <sys/times.h>
#include "timeconv.h"

// time: seconds since the epoch (also stored in *t when t is not NULL).
time_t time(time_t *t)
{
    struct timeval tv;
    if (gettimeofday(&tv, NULL) < 0)
        return (time_t)-1;
    if (t)
        *t = tv.tv_sec;
    return tv.tv_sec;
}

// clock: CPU time of the process in CLOCKS_PER_SEC units.
clock_t clock(void)
{
    struct tms t;
    if (times(&t) == (clock_t)-1)
        return (clock_t)-1;
    return (t.tms_utime + t.tms_stime) * (CLOCKS_PER_SEC / API_CLK_TCK);
}

// difftime: a - b in seconds.
double difftime(time_t a, time_t b)
{
    return (double)a - (double)b;
}

// gmtime_r
struct tm *gmtime_r(const time_t *t, struct tm *out)
{
    tc_gmtime(*t, out);
    return out;
}

// gmtime: into a static struct tm.
struct tm *gmtime(const time_t *t)
{
    static struct tm tm;
    return gmtime_r(t, &tm);
}

// localtime_r: the system runs in UTC.
struct tm *localtime_r(const time_t *t, struct tm *out)
{
    return gmtime_r(t, out);
}

// localtime
struct tm *localtime(const time_t *t)
{
    return gmtime(t);
}

// timegm: normalize *tm and return its time; -1 with EOVERFLOW-like
// ERANGE when it does not fit in a time_t.
time_t timegm(struct tm *tm)
{
    long long t = tc_timegm(tm);
    if (t != (time_t)t) {
        errno = ERANGE;
        return (time_t)-1;
    }
    return (time_t)t;
}

// mktime: local time is UTC, so it is timegm.
time_t mktime(struct tm *tm)
{
    return timegm(tm);
}

// strftime (C locale, UTC).
size_t strftime(char *buf, size_t size, const char *fmt, const struct tm *tm)
{
    return tc_strftime(buf, size, fmt, tm);
}

// asctime: "Sun Sep 16 01:03:52 1973\n" in a static buffer.
char *asctime(const struct tm *tm)
{
    static char buf[64];
    tc_strftime(buf, sizeof(buf), "%a %b %e %H:%M:%S %Y\n", tm);
    return buf;
}

// ctime = asctime(localtime(t))
char *ctime(const time_t *t)
{
    return asctime(localtime(t));
}
