// Civil-calendar arithmetic (proleptic Gregorian, UTC) and strftime.
#include <stdbool.h>
#include <string.h>
#include "timeconv.h"

#define SECS_PER_DAY 86400LL
#define DAYS_1970_FROM_0000_03_01 719468LL   // days from 0000-03-01 to 1970-01-01
#define DAYS_PER_ERA 146097LL                // days in 400 years

// Floor division for possibly negative a (b > 0).
static long long fdiv(long long a, long long b)
{
    return a >= 0 ? a / b : -((-a + b - 1) / b);
}

// Days since 1970-01-01 of year y, month m (1-12), day d (1-31). Years
// are counted from March so that the leap day comes last.
static long long days_from_civil(long long y, int m, int d)
{
    if (m <= 2)
        y--;
    long long era = fdiv(y, 400);
    long long yoe = y - era * 400;                                  // 0..399
    long long doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1; // 0..365
    long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;          // 0..146096
    return era * DAYS_PER_ERA + doe - DAYS_1970_FROM_0000_03_01;
}

// The inverse of days_from_civil.
static void civil_from_days(long long z, long long *y, int *m, int *d)
{
    z += DAYS_1970_FROM_0000_03_01;
    long long era = fdiv(z, DAYS_PER_ERA);
    long long doe = z - era * DAYS_PER_ERA;
    long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

void tc_gmtime(long long t, struct tm *tm)
{
    long long days = fdiv(t, SECS_PER_DAY);
    long long secs = t - days * SECS_PER_DAY;
    long long y;
    int m, d;
    civil_from_days(days, &y, &m, &d);
    tm->tm_sec = (int)(secs % 60);
    tm->tm_min = (int)(secs / 60 % 60);
    tm->tm_hour = (int)(secs / 3600);
    tm->tm_mday = d;
    tm->tm_mon = m - 1;
    tm->tm_year = (int)(y - 1900);
    tm->tm_wday = (int)(days + 4 - fdiv(days + 4, 7) * 7);   // 1970-01-01 was a Thursday
    tm->tm_yday = (int)(days - days_from_civil(y, 1, 1));
    tm->tm_isdst = 0;
}

long long tc_timegm(struct tm *tm)
{
    long long mon = tm->tm_mon;
    long long y = 1900LL + tm->tm_year + fdiv(mon, 12);
    int m = (int)(mon - fdiv(mon, 12) * 12) + 1;
    long long days = days_from_civil(y, m, 1) + tm->tm_mday - 1;
    long long t = days * SECS_PER_DAY + tm->tm_hour * 3600LL + tm->tm_min * 60LL + tm->tm_sec;
    tc_gmtime(t, tm);
    return t;
}

static const char *const wday_name[] = {
    "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
};
static const char *const mon_name[] = {
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
};

// The output buffer of one strftime.
struct sbuf {
    char *buf;
    size_t max;
    size_t len;
    bool full;   // something did not fit
};

// Append n bytes of s.
static void add(struct sbuf *o, const char *s, size_t n)
{
    if (o->len + n >= o->max) {
        o->full = true;
        return;
    }
    memcpy(o->buf + o->len, s, n);
    o->len += n;
}

// Append v in decimal, at least width digits, padded with pad.
static void add_num(struct sbuf *o, long long v, int width, char pad)
{
    char t[24];
    int n = 0;
    bool neg = v < 0;
    unsigned long long u = neg ? 0ull - (unsigned long long)v : (unsigned long long)v;
    do {
        t[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (neg)
        add(o, "-", 1);
    for (int i = n; i < width; i++)
        add(o, &pad, 1);
    while (n)
        add(o, &t[--n], 1);
}

// Name by index with a bound check ("?" when out of range); abbreviated
// names are the first three letters.
static void add_name(struct sbuf *o, const char *const *names, int count, int i, bool abbrev)
{
    const char *s = (i >= 0 && i < count) ? names[i] : "?";
    size_t n = strlen(s);
    add(o, s, abbrev && n > 3 ? 3 : n);
}

// ISO 8601 weeks in year y (52 or 53).
static int iso_weeks(long long y)
{
    long long p = (y + fdiv(y, 4) - fdiv(y, 100) + fdiv(y, 400)) % 7;
    long long q = ((y - 1) + fdiv(y - 1, 4) - fdiv(y - 1, 100) + fdiv(y - 1, 400)) % 7;
    if (p < 0)
        p += 7;
    if (q < 0)
        q += 7;
    return (p == 4 || q == 3) ? 53 : 52;
}

// ISO 8601 week number and week-based year of tm.
static void iso_week(const struct tm *tm, int *week, long long *year)
{
    long long y = 1900LL + tm->tm_year;
    int wd = (tm->tm_wday + 6) % 7;   // Monday = 0
    int w = (tm->tm_yday - wd + 10) / 7;
    if (w < 1) {
        y--;
        w = iso_weeks(y);
    } else if (w > iso_weeks(y)) {
        y++;
        w = 1;
    }
    *week = w;
    *year = y;
}

// Format one conversion character c of tm.
static void conv(struct sbuf *o, char c, const struct tm *tm)
{
    long long year = 1900LL + tm->tm_year;
    int hour12 = tm->tm_hour % 12 == 0 ? 12 : tm->tm_hour % 12;
    int week;
    long long isoyear;
    switch (c) {
    case 'a': add_name(o, wday_name, 7, tm->tm_wday, true); break;
    case 'A': add_name(o, wday_name, 7, tm->tm_wday, false); break;
    case 'b':
    case 'h': add_name(o, mon_name, 12, tm->tm_mon, true); break;
    case 'B': add_name(o, mon_name, 12, tm->tm_mon, false); break;
    case 'c':
        conv(o, 'a', tm); add(o, " ", 1); conv(o, 'b', tm); add(o, " ", 1);
        conv(o, 'e', tm); add(o, " ", 1); conv(o, 'T', tm); add(o, " ", 1); conv(o, 'Y', tm);
        break;
    case 'C': add_num(o, fdiv(year, 100), 2, '0'); break;
    case 'd': add_num(o, tm->tm_mday, 2, '0'); break;
    case 'D': conv(o, 'm', tm); add(o, "/", 1); conv(o, 'd', tm); add(o, "/", 1); conv(o, 'y', tm); break;
    case 'e': add_num(o, tm->tm_mday, 2, ' '); break;
    case 'F': conv(o, 'Y', tm); add(o, "-", 1); conv(o, 'm', tm); add(o, "-", 1); conv(o, 'd', tm); break;
    case 'g': iso_week(tm, &week, &isoyear); add_num(o, (isoyear % 100 + 100) % 100, 2, '0'); break;
    case 'G': iso_week(tm, &week, &isoyear); add_num(o, isoyear, 1, '0'); break;
    case 'H': add_num(o, tm->tm_hour, 2, '0'); break;
    case 'I': add_num(o, hour12, 2, '0'); break;
    case 'j': add_num(o, tm->tm_yday + 1, 3, '0'); break;
    case 'm': add_num(o, tm->tm_mon + 1, 2, '0'); break;
    case 'M': add_num(o, tm->tm_min, 2, '0'); break;
    case 'n': add(o, "\n", 1); break;
    case 'p': add(o, tm->tm_hour < 12 ? "AM" : "PM", 2); break;
    case 'r': conv(o, 'I', tm); add(o, ":", 1); conv(o, 'M', tm); add(o, ":", 1);
              conv(o, 'S', tm); add(o, " ", 1); conv(o, 'p', tm); break;
    case 'R': conv(o, 'H', tm); add(o, ":", 1); conv(o, 'M', tm); break;
    case 's': {
        struct tm copy = *tm;
        add_num(o, tc_timegm(&copy), 1, '0');
        break;
    }
    case 'S': add_num(o, tm->tm_sec, 2, '0'); break;
    case 't': add(o, "\t", 1); break;
    case 'T': conv(o, 'H', tm); add(o, ":", 1); conv(o, 'M', tm); add(o, ":", 1); conv(o, 'S', tm); break;
    case 'u': add_num(o, tm->tm_wday == 0 ? 7 : tm->tm_wday, 1, '0'); break;
    case 'U': add_num(o, (tm->tm_yday + 7 - tm->tm_wday) / 7, 2, '0'); break;
    case 'V': iso_week(tm, &week, &isoyear); add_num(o, week, 2, '0'); break;
    case 'w': add_num(o, tm->tm_wday, 1, '0'); break;
    case 'W': add_num(o, (tm->tm_yday + 7 - (tm->tm_wday + 6) % 7) / 7, 2, '0'); break;
    case 'x': conv(o, 'D', tm); break;
    case 'X': conv(o, 'T', tm); break;
    case 'y': add_num(o, (year % 100 + 100) % 100, 2, '0'); break;
    case 'Y': add_num(o, year, 1, '0'); break;
    case 'z': add(o, "+0000", 5); break;
    case 'Z': add(o, "UTC", 3); break;
    case '%': add(o, "%", 1); break;
    default: {
        char t[2] = { '%', c };
        add(o, t, 2);
        break;
    }
    }
}

size_t tc_strftime(char *buf, size_t max, const char *fmt, const struct tm *tm)
{
    struct sbuf o = { buf, max, 0, false };
    if (max == 0)
        return 0;
    for (const char *p = fmt; *p; p++) {
        if (*p != '%') {
            add(&o, p, 1);
            continue;
        }
        p++;
        if (*p == '\0') {
            add(&o, "%", 1);
            break;
        }
        conv(&o, *p, tm);
    }
    if (o.full) {
        buf[0] = '\0';
        return 0;
    }
    buf[o.len] = '\0';
    return o.len;
}
