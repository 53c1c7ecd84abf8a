// Unit tests of the C library's sscanf engine (userland/libc/src/scan.c),
// compared against the host's glibc sscanf.
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <stdio.h>
#include <cmocka.h>

#include "userland/libc/src/scan.h"

// Run the engine with a variable argument list.
static int scan(const char *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = scan_vformat(s, fmt, ap);
    va_end(ap);
    return r;
}

// Three ints through the engine and glibc: same count and values.
static void same3(const char *s, const char *fmt)
{
    int a[3] = { -7, -7, -7 }, b[3] = { -7, -7, -7 };
    int r1 = scan(s, fmt, &a[0], &a[1], &a[2]);
    int r2 = sscanf(s, fmt, &b[0], &b[1], &b[2]);
    if (r1 != r2 || memcmp(a, b, sizeof(a)) != 0)
        fail_msg("sscanf(\"%s\", \"%s\"): %d {%d %d %d}, glibc %d {%d %d %d}", s, fmt, r1, a[0],
                 a[1], a[2], r2, b[0], b[1], b[2]);
}

static void test_integers(void **state)
{
    same3("1 2 3", "%d %d %d");
    same3("  -12   +34 0x1f", "%d %d %i");
    same3("017 017 ff", "%i %o %x");
    same3("1,2,3", "%d,%d,%d");
    same3("1,2;3", "%d,%d,%d");
    same3("12345", "%2d%2d%d");
    same3("", "%d %d %d");
    same3("   ", "%d");
    same3("x", "%d");
    same3("5 x", "%d %d %d");
    same3("4294967295 10", "%u %u");
    same3("7 % 8", "%d %% %d");
    same3("7 8", "%*d %d");
    same3("7", "%*d %d");
    same3("7 x", "%*d %d");
    same3("a", "%*c%d");
    same3("abc 5", "abc %d");
    same3("abd 5", "abc %d");
}

static void test_lengths(void **state)
{
    long l = 0;
    long long ll = 0;
    short h = 0;
    unsigned char hh = 0;
    unsigned long ul = 0;
    assert_int_equal(scan("-123456789 9000000000 -5 300 ffffffff", "%ld %lld %hd %hhu %lx", &l,
                          &ll, &h, &hh, &ul), 5);
    assert_int_equal(l, -123456789);
    assert_true(ll == 9000000000LL);
    assert_int_equal(h, -5);
    assert_int_equal(hh, 44);
    assert_true(ul == 0xffffffffUL);
}

static void test_strings_chars_sets(void **state)
{
    char s1[32], s2[32], c[4] = "";
    int n = -1;
    assert_int_equal(scan("  hello world", "%s %s%n", s1, s2, &n), 2);
    assert_string_equal(s1, "hello");
    assert_string_equal(s2, "world");
    assert_int_equal(n, 13);
    assert_int_equal(scan("abcdef", "%3s%s", s1, s2), 2);
    assert_string_equal(s1, "abc");
    assert_string_equal(s2, "def");
    assert_int_equal(scan(" xy", "%c%2c", &c[0], &c[1]), 2);
    assert_int_equal(c[0], ' ');
    assert_int_equal(c[1], 'x');
    assert_int_equal(c[2], 'y');
    assert_int_equal(scan("key=value;rest", "%[^=]=%[a-z]", s1, s2), 2);
    assert_string_equal(s1, "key");
    assert_string_equal(s2, "value");
    assert_int_equal(scan("]]ab", "%[]]", s1), 1);
    assert_string_equal(s1, "]]");
    assert_int_equal(scan("", "%s", s1), -1);
    assert_int_equal(scan("a", "%c%c", &c[0], &c[1]), 1);
}

static void test_floats(void **state)
{
    float f = 0;
    double d = 0, g = 0;
    assert_int_equal(scan("3.5 -2.25e2 1e-3", "%f %lf %lg", &f, &d, &g), 3);
    assert_true(f == 3.5f);
    assert_true(d == -225.0);
    assert_true(g == 1e-3);
    assert_int_equal(scan("1.25x", "%4lf", &d), 1);
    assert_true(d == 1.25);
    int rest = 0;
    assert_int_equal(scan("12345", "%3lf%d", &d, &rest), 2);
    assert_true(d == 123.0);
    assert_int_equal(rest, 45);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_integers),
        cmocka_unit_test(test_lengths),
        cmocka_unit_test(test_strings_chars_sets),
        cmocka_unit_test(test_floats),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
