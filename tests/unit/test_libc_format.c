// Unit tests of the C library's printf engine (userland/libc/src/fmt.c and
// fmt_float.c), compared against the host's glibc snprintf.
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <stdio.h>
#include <float.h>
#include <math.h>
#include <cmocka.h>

#include "userland/libc/src/fmt.h"

// A bounded buffer sink for fmt_vformat.
struct sink {
    char buf[4096];
    size_t len;
};

static void sink_put(void *ctx, const char *s, size_t n)
{
    struct sink *k = ctx;
    if (k->len + n < sizeof(k->buf)) {
        memcpy(k->buf + k->len, s, n);
        k->len += n;
    }
    k->buf[k->len] = '\0';
}

// Format with the engine and with glibc, and insist on the same text and count.
static void same(const char *fmt, ...)
{
    struct sink k = { .len = 0 };
    k.buf[0] = '\0';
    char want[4096];
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int got_n = fmt_vformat(sink_put, &k, fmt, ap);
    int want_n = vsnprintf(want, sizeof(want), fmt, ap2);
    va_end(ap2);
    va_end(ap);
    if (strcmp(k.buf, want) != 0 || got_n != want_n)
        fail_msg("format \"%s\": got \"%s\" (%d), glibc \"%s\" (%d)", fmt, k.buf, got_n, want, want_n);
}

static void test_integers(void **state)
{
    same("%d %i %u", 0, -1, 42u);
    same("%d %d", 2147483647, (int)-2147483647 - 1);
    same("%u %x %X %o", 4294967295u, 0xdeadbeefu, 0xdeadbeefu, 0777u);
    same("%5d|%-5d|%05d|%+d|% d|%+5d", 42, 42, 42, 42, 42, -42);
    same("%.3d|%.0d|%.0d|%8.3d|%-8.3d|%08.3d", 7, 0, 1, -7, 7, 7);
    same("%#x %#X %#o %#o %#x", 255u, 255u, 8u, 0u, 0u);
    same("%#.0o|%#5o|%#08x", 0u, 9u, 26u);
    same("%hhd %hhu %hd %hu", 300, 300, 70000, 70000);
    same("%ld %lu %lx", -123456789L, 123456789UL, 0xabcdefUL);
    same("%lld %llu %llx %llo", -9223372036854775807LL - 1, 18446744073709551615ULL,
         0x123456789abcdefULL, 01234567012345670ULL);
    same("%zu %zd %jd %td", (size_t)12345, (ssize_t)-5, (intmax_t)-77, (ptrdiff_t)-3);
    same("%*d|%-*d|%.*d|%*.*d", 6, 1, 6, 2, 4, 3, 7, 3, 4);
    same("%*d|%.*d", -6, 1, -3, 5);
}

static void test_strings_chars_misc(void **state)
{
    same("%s|%10s|%-10s|%.2s|%10.3s", "hello", "hi", "hi", "hello", "hello");
    same("%c%c%c|%3c|%-3c|", 'a', 'b', 0x7f, 'x', 'y');
    same("100%% %%d");
    same("%p %p", (void *)0x1234, (void *)0);
    same("%s", "");
    same("plain text without conversions");
    same("%s", (char *)NULL);
}

// %n with the engine itself (glibc is the reference for the counts).
static int engine_n(const char *fmt, ...)
{
    struct sink k = { .len = 0 };
    va_list ap;
    va_start(ap, fmt);
    int r = fmt_vformat(sink_put, &k, fmt, ap);
    va_end(ap);
    return r;
}

static void test_count_and_n(void **state)
{
    int a = -1, b = -1;
    assert_int_equal(engine_n("abc%n%5d%n", &a, 7, &b), 8);
    assert_int_equal(a, 3);
    assert_int_equal(b, 8);
}

static void test_floats_fixed(void **state)
{
    same("%f %f %f %f", 0.0, 1.0, -1.5, 3.14159265358979);
    same("%.0f %.0f %.0f %.0f %.0f %.0f", 0.5, 1.5, 2.5, -0.5, 0.6, 1e-9);
    same("%.1f %.2f %.3f", 0.25, 0.125, 0.0625);
    same("%.2f %.2f %.2f", 1.005, 2.675, 1.115);
    same("%f %.10f %.20f", 0.1, 0.1, 0.1);
    same("%f", 1e300);
    same("%.3f %f", DBL_MAX, DBL_MIN);
    same("%.60f", 5e-324);
    same("%10.3f|%-10.3f|%010.3f|%+.2f|% .2f|%#.0f", 3.14159, 3.14159, -3.14159, 2.0, 2.0, 3.0);
    same("%f %f", -0.0, 999999.9999999);
    same("%.0f %.0f", 9.5, 10.5);
    same("%F %f %F %f", INFINITY, -INFINITY, NAN, NAN);
    same("%8f|%-8f|%08f|%+f", INFINITY, -INFINITY, INFINITY, INFINITY);
}

static void test_floats_exp_and_g(void **state)
{
    same("%e %e %e %e", 0.0, 1.0, 123456.789, -0.000123456);
    same("%E %.0e %#.0e %.10e", 1e100, 5e-324, 2.5, 1.0 / 3);
    same("%e %e", DBL_MAX, DBL_MIN);
    same("%.3e %.3e", 9.9995, 9.9996);
    same("%g %g %g %g %g", 0.0, 1.0, 100000.0, 1000000.0, 1e-4);
    same("%g %g %g %g", 1e-5, 123456789.0, 0.000123456, 3.14159265358979);
    same("%.3g %.3g %.10g %.0g %.1g", 99.96, 0.00099996, 1.0 / 3, 2.5, 0.05);
    same("%#g %#g %#.3g %G %G", 1.0, 0.0001, 1e10, 1e-10, INFINITY);
    same("%10.4g|%-10.4g|%010.4g|%+g", 3.14159, 3.14159, -3.14159, 1e20);
    same("%g %g", 1e300 * 10, 4.9406564584124654e-324);
    same("%Lf %Lg", (long double)2.5, (long double)1e-7);
}

static void test_floats_hex(void **state)
{
    same("%a %a %a %a", 0.0, 1.0, -2.5, 3.141592653589793);
    same("%A %a %a", 1e300, DBL_MAX, DBL_MIN);
    same("%a %a", 4.9406564584124654e-324, 2.2250738585072009e-308);   // subnormals
    same("%.0a %.1a %.2a %.3a", 1.5, 1.96875, 1.03125, 1.0 / 3);       // rounding, carries
    same("%.0a %.0a %.1a %.1a", 2.5, 3.5, 1.09375, 1.03125);           // half to even
    same("%#a %#.0a %.20a %.13a", 1.0, 1.0, 0.1, 0.1);
    same("%12a|%-12a|%012a|%+a|% a", 1.0, 1.0, -1.0, 1.0, 1.0);
    same("%a %A %a", INFINITY, -INFINITY, NAN);
}

static void test_many_doubles(void **state)
{
    // Values across the whole exponent range, every conversion.
    const char *fmts[] = { "%.17g", "%.6e", "%.3f", "%g", "%.12e", "%.15f", "%a", "%.5a" };
    double v = 1.0;
    uint64_t x = 88172645463325252ull;
    for (int i = 0; i < 2000; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        uint64_t bits = x & 0x7fefffffffffffffull;
        memcpy(&v, &bits, sizeof(v));
        if (i % 3 == 0)
            v = (double)(x % 100000) / 1000.0;
        for (int f = 0; f < 8; f++) {
            if (f == 5 && fabs(v) > 1e30)
                continue;
            same(fmts[f], v);
        }
    }
}

static void test_unknown_and_truncated(void **state)
{
    // A lone '%' at the end and an unknown conversion are copied as they are.
    assert_int_equal(engine_n("abc%"), 4);
    assert_int_equal(engine_n("%y"), 2);
    assert_int_equal(engine_n("%-5y"), 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_integers),
        cmocka_unit_test(test_strings_chars_misc),
        cmocka_unit_test(test_count_and_n),
        cmocka_unit_test(test_floats_fixed),
        cmocka_unit_test(test_floats_exp_and_g),
        cmocka_unit_test(test_floats_hex),
        cmocka_unit_test(test_many_doubles),
        cmocka_unit_test(test_unknown_and_truncated),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
