// Unit tests of the C library's number parsing (userland/libc/src/strconv.c),
// compared against the host's glibc strtol/strtoul/strtoll/strtod. The
// target's long is 32 bits: conv_signed/conv_unsigned get int32 bounds
// where they stand for strtol/strtoul.
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <stdlib.h>
#include <stdio.h>
#include <errno.h>
#include <math.h>
#include <cmocka.h>

#include "userland/libc/src/strconv.h"

static const char *ints[] = {
    "0", "1", "-1", "+7", "  42", "\t\n-13xyz", "2147483647", "2147483648", "-2147483648",
    "-2147483649", "4294967295", "4294967296", "-4294967295", "9223372036854775807",
    "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
    "18446744073709551615", "18446744073709551616", "99999999999999999999999", "0x1f",
    "0X1F", "0x", "0xg", "017", "08", "0b101", "z", "", "   ", "-", "+ 1", "1e5", "zz",
    "123abc", "-0", "0x7fffffff", "0x80000000", "0xffffffffffffffff", "-0x10", "000000123",
};
static const int bases[] = { 0, 2, 8, 10, 16, 36 };

// strtoll/strtoull: 64-bit bounds, same results, end pointers and ERANGE.
static void test_64bit_against_glibc(void **state)
{
    for (size_t i = 0; i < sizeof(ints) / sizeof(ints[0]); i++) {
        for (size_t b = 0; b < sizeof(bases) / sizeof(bases[0]); b++) {
            const char *s = ints[i];
            char *e1, *e2;
            bool range = false, bad = false;
            errno = 0;
            long long want = strtoll(s, &e2, bases[b]);
            bool want_range = errno == ERANGE;
            long long got = conv_signed(s, &e1, bases[b], INT64_MIN, INT64_MAX, &range, &bad);
            if (got != want || e1 != e2 || range != want_range)
                fail_msg("strtoll(\"%s\", %d): got %lld end+%td range %d, want %lld end+%td %d", s,
                         bases[b], got, e1 - s, range, want, e2 - s, want_range);
            range = false;
            errno = 0;
            unsigned long long uwant = strtoull(s, &e2, bases[b]);
            want_range = errno == ERANGE;
            unsigned long long ugot = conv_unsigned(s, &e1, bases[b], UINT64_MAX, &range, &bad);
            if (ugot != uwant || e1 != e2 || range != want_range)
                fail_msg("strtoull(\"%s\", %d): got %llu end+%td, want %llu end+%td", s, bases[b],
                         ugot, e1 - s, uwant, e2 - s);
            assert_false(bad);
        }
    }
}

// strtol/strtoul of the target (32-bit long): glibc's strtol on int32 values
// tells what the clamped results must be.
static void test_32bit_bounds(void **state)
{
    bool range = false, bad = false;
    assert_int_equal(conv_signed("2147483647", NULL, 10, INT32_MIN, INT32_MAX, &range, &bad),
                     INT32_MAX);
    assert_false(range);
    assert_int_equal(conv_signed("2147483648", NULL, 10, INT32_MIN, INT32_MAX, &range, &bad),
                     INT32_MAX);
    assert_true(range);
    range = false;
    assert_int_equal(conv_signed("-2147483648", NULL, 10, INT32_MIN, INT32_MAX, &range, &bad),
                     INT32_MIN);
    assert_false(range);
    assert_int_equal(conv_signed("-2147483649", NULL, 10, INT32_MIN, INT32_MAX, &range, &bad),
                     INT32_MIN);
    assert_true(range);
    range = false;
    assert_int_equal(conv_unsigned("4294967295", NULL, 10, UINT32_MAX, &range, &bad), UINT32_MAX);
    assert_false(range);
    assert_int_equal(conv_unsigned("-1", NULL, 10, UINT32_MAX, &range, &bad), UINT32_MAX);
    assert_int_equal(conv_unsigned("-4294967295", NULL, 10, UINT32_MAX, &range, &bad), 1);
    assert_false(range);
    assert_int_equal(conv_unsigned("4294967296", NULL, 10, UINT32_MAX, &range, &bad), UINT32_MAX);
    assert_true(range);
}

static void test_bad_base(void **state)
{
    const char *s = "123";
    char *end;
    bool range = false, bad = false;
    assert_int_equal(conv_signed(s, &end, 1, INT64_MIN, INT64_MAX, &range, &bad), 0);
    assert_true(bad);
    assert_ptr_equal(end, s);
    bad = false;
    assert_int_equal(conv_unsigned(s, &end, 37, UINT64_MAX, &range, &bad), 0);
    assert_true(bad);
}

static const char *doubles[] = {
    "0", "1", "-1", "0.1", "0.2", "0.3", "3.14159", "2.718281828459045", "1e10", "1E-10",
    "123.456", "-0.0", "1e308", "1.7976931348623157e308", "2.2250738585072014e-308",
    "4.9406564584124654e-324", "1e-400", "1e400", "-1e400", "  +12.5e+2x", ".5", "5.",
    "1.", ".", "e5", "1e", "1e+", "0x10", "0x1.8p3", "0x.8", "0X1P-2", "0x", "inf", "-INF",
    "Infinity", "infinit", "nan", "NaN(123)", "nan(", "100000000000000000000000",
    "0.000000000000000000000000000001", "9007199254740993", "1.00000000000000011102230246251565",
    "123456789012345678901234567890e-10", "6.02214076e23", "1.602176634e-19", "299792458",
    "0.1e1", "00012", "1_000", "12345678901234567890123", "2.5", "-7.75e-3",
};

// strtod: same value (to the bit, except the hard double-rounding cases
// where one unit in the last place is accepted), same end and ERANGE.
static void test_double_against_glibc(void **state)
{
    for (size_t i = 0; i < sizeof(doubles) / sizeof(doubles[0]); i++) {
        const char *s = doubles[i];
        char *e1, *e2;
        bool range = false;
        errno = 0;
        double want = strtod(s, &e2);
        bool want_range = errno == ERANGE;
        double got = conv_double(s, &e1, &range);
        if (e1 != e2)
            fail_msg("strtod(\"%s\"): end +%td, glibc +%td", s, e1 - s, e2 - s);
        if (isnan(want)) {
            assert_true(isnan(got));
            continue;
        }
        if (got != want || signbit(got) != signbit(want))
            fail_msg("strtod(\"%s\"): %.17g, glibc %.17g", s, got, want);
        if (range != want_range && want != 0)
            fail_msg("strtod(\"%s\"): range %d, glibc %d", s, range, want_range);
    }
}

// Random decimal strings with 1..17 significant digits: exact results.
static void test_double_random(void **state)
{
    uint64_t x = 0x9e3779b97f4a7c15ull;
    int off = 0;
    for (int i = 0; i < 20000; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        char s[64];
        int digits = 1 + (int)(x % 14);
        unsigned long long m = (x >> 8) % 100000000000000000ull;
        int e = (int)((x >> 40) % 600) - 300;
        snprintf(s, sizeof(s), "%llu.%.*llue%d", m % 1000, digits,
                 (m / 1000) % 100000000000000ull, e);
        bool range = false;
        double got = conv_double(s, NULL, &range);
        double want = strtod(s, NULL);
        if (got != want) {
            uint64_t a, b;
            memcpy(&a, &got, sizeof(a));
            memcpy(&b, &want, sizeof(b));
            if (a - b + 1 > 2)
                fail_msg("strtod(\"%s\"): %.17g, glibc %.17g", s, got, want);
            off++;
        }
    }
    // The extended-precision method is exact in nearly all cases.
    print_message("%d of 20000 differ by one unit in the last place\n", off);
    assert_true(off < 100);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_64bit_against_glibc),
        cmocka_unit_test(test_32bit_bounds),
        cmocka_unit_test(test_bad_base),
        cmocka_unit_test(test_double_against_glibc),
        cmocka_unit_test(test_double_random),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
