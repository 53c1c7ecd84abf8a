// Calendar arithmetic and strftime, pure (UTC only: the system has no time
// zones), built on the host for tests.
#ifndef LIBC_TIMECONV_H
#define LIBC_TIMECONV_H

#include <stddef.h>
#include <time.h>

// Break t (seconds since 1970-01-01 00:00:00 UTC, may be negative) into
// *tm, tm_wday and tm_yday included, tm_isdst 0.
void tc_gmtime(long long t, struct tm *tm);

// The inverse of tc_gmtime: the seconds since the epoch of *tm, whose
// fields may be out of their ranges (tm_mon 14, tm_mday 0, tm_sec -5 ...);
// *tm is rewritten normalized, with tm_wday and tm_yday set.
long long tc_timegm(struct tm *tm);

// strftime for the C locale in UTC: %a %A %b %B %c %C %d %D %e %F %g %G
// %h %H %I %j %m %M %n %p %r %R %s %S %t %T %u %U %V %w %W %x %X %y %Y %z
// %Z %%. Returns the length written (NUL excluded), or 0 when the result
// (with its NUL) does not fit in max bytes.
size_t tc_strftime(char *buf, size_t max, const char *fmt, const struct tm *tm);

#endif
