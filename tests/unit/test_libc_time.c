// Unit tests of the C library's calendar code (userland/libc/src/timeconv.c),
// compared against the host's glibc gmtime_r, timegm and strftime.
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <cmocka.h>

#include "userland/libc/src/timeconv.h"

static void same_tm(const struct tm *a, const struct tm *b, long long t)
{
    if (a->tm_sec != b->tm_sec || a->tm_min != b->tm_min || a->tm_hour != b->tm_hour ||
        a->tm_mday != b->tm_mday || a->tm_mon != b->tm_mon || a->tm_year != b->tm_year ||
        a->tm_wday != b->tm_wday || a->tm_yday != b->tm_yday)
        fail_msg("t=%lld: %d-%d-%d %d:%d:%d w%d y%d, glibc %d-%d-%d %d:%d:%d w%d y%d", t,
                 a->tm_year, a->tm_mon, a->tm_mday, a->tm_hour, a->tm_min, a->tm_sec, a->tm_wday,
                 a->tm_yday, b->tm_year, b->tm_mon, b->tm_mday, b->tm_hour, b->tm_min, b->tm_sec,
                 b->tm_wday, b->tm_yday);
}

static void test_gmtime_against_glibc(void **state)
{
    static const long long fixed[] = {
        0, -1, 86399, 86400, 951782400, 951868800, 4107542400LL, 2147483647, -2147483648LL,
        253402300799LL, -62135596800LL, 1700000000, 946684799, 946684800, 978307200,
        -86400LL * 365 * 400,
    };
    for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
        struct tm a, b;
        time_t t = (time_t)fixed[i];
        tc_gmtime(fixed[i], &a);
        gmtime_r(&t, &b);
        same_tm(&a, &b, fixed[i]);
        struct tm c = a;
        assert_true(tc_timegm(&c) == fixed[i]);
    }
    long long t = -30000000000LL;
    for (int i = 0; i < 200000; i++) {
        struct tm a, b;
        time_t tt = (time_t)t;
        tc_gmtime(t, &a);
        gmtime_r(&tt, &b);
        same_tm(&a, &b, t);
        struct tm c = b;
        assert_true(tc_timegm(&c) == t);
        t += 300007;
    }
}

static void test_timegm_normalizes(void **state)
{
    struct tm a = { .tm_year = 100, .tm_mon = 13, .tm_mday = 0, .tm_hour = 25, .tm_min = -1,
                    .tm_sec = 61 };
    struct tm b = a;
    long long t = tc_timegm(&a);
    time_t want = timegm(&b);
    assert_true(t == (long long)want);
    same_tm(&a, &b, t);
    struct tm c = { .tm_year = 70, .tm_mon = -1, .tm_mday = 1 };
    struct tm d = c;
    assert_true(tc_timegm(&c) == (long long)timegm(&d));
    same_tm(&c, &d, 0);
}

static void test_strftime_against_glibc(void **state)
{
    // %Z is compared apart: glibc's gmtime names the zone "GMT".
    const char *fmt = "%a %A %b %B %c|%C %d %D %e %F %g %G %h %H %I %j %m %M %n %p %r %R %s "
                      "%S %t %T %u %U %V %w %W %x %X %y %Y %z %% %q";
    setenv("TZ", "UTC", 1);
    long long t = -5000000000LL;
    for (int i = 0; i < 20000; i++) {
        struct tm tm;
        time_t tt = (time_t)t;
        gmtime_r(&tt, &tm);
        char a[512], b[512];
        size_t na = tc_strftime(a, sizeof(a), fmt, &tm);
        size_t nb = strftime(b, sizeof(b), fmt, &tm);
        if (na != nb || strcmp(a, b) != 0)
            fail_msg("t=%lld:\n got \"%s\"\nwant \"%s\"", t, a, b);
        t += 8640013;
    }
    struct tm tm;
    tc_gmtime(0, &tm);
    char z[16];
    assert_int_equal(tc_strftime(z, sizeof(z), "%Z", &tm), 3);
    assert_string_equal(z, "UTC");
}

static void test_strftime_too_small(void **state)
{
    struct tm tm;
    tc_gmtime(1700000000, &tm);
    char buf[11];
    assert_int_equal(tc_strftime(buf, sizeof(buf), "%Y-%m-%d", &tm), 10);
    assert_string_equal(buf, "2023-11-14");
    assert_int_equal(tc_strftime(buf, 10, "%Y-%m-%d", &tm), 0);
    assert_int_equal(tc_strftime(buf, 0, "%Y", &tm), 0);
    assert_int_equal(tc_strftime(buf, sizeof(buf), "", &tm), 0);
    assert_int_equal(tc_strftime(buf, sizeof(buf), "abc%", &tm), 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gmtime_against_glibc),
        cmocka_unit_test(test_timegm_normalizes),
        cmocka_unit_test(test_strftime_against_glibc),
        cmocka_unit_test(test_strftime_too_small),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
