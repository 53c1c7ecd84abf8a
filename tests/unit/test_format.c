// Unit tests of the kernel's printf-style formatter (kernel/format.c),
// checked against the host C library's snprintf.
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "kernel/format.h"

#define CHECK(...) do { \
        char want[256], got[256]; \
        int wn = snprintf(want, sizeof(want), __VA_ARGS__); \
        int gn = snformat(got, sizeof(got), __VA_ARGS__); \
        assert_string_equal(got, want); \
        assert_int_equal(gn, wn); \
    } while (0)

// Formats the compiler would warn about (on purpose): no format attribute.
static int raw(char *buf, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = vsnformat(buf, n, fmt, ap);
    va_end(ap);
    return r;
}

static void test_integers(void **state)
{
    CHECK("%d %d %d", 0, -1, 2147483647);
    CHECK("%d", (int)-2147483647 - 1);
    CHECK("%u %x %X %o", 4294967295u, 0xdeadbeefu, 0xabcu, 8u);
    CHECK("%5d|%-5d|%05d|", 42, 42, 42);
    CHECK("%08x %2x", 0x1234u, 0xabcdefu);
    CHECK("%ld %lu %lld %llu", -5L, 5UL, -1234567890123LL, 18446744073709551615ULL);
    CHECK("%llx", 0x123456789abcdefULL);
    CHECK("%zu", (size_t)77);
    CHECK("%05d", -42);
    CHECK("%*d|%-*d", 6, 7, 6, 7);
}

static void test_strings_and_chars(void **state)
{
    CHECK("%s|%10s|%-10s|", "abc", "abc", "abc");
    CHECK("%.2s|%.*s|", "abcdef", 3, "abcdef");
    CHECK("%c%c%3c%-3c|", 'a', 'b', 'c', 'd');
    CHECK("100%%");
    char got[16];
    raw(got, sizeof(got), "%s", (char *)NULL);
    assert_string_equal(got, "(null)");
}

static void test_truncation(void **state)
{
    char buf[8];
    int n = snformat(buf, sizeof(buf), "%s", "0123456789");
    assert_int_equal(n, 10);
    assert_string_equal(buf, "0123456");
    n = snformat(buf, 0, "%d", 12345);
    assert_int_equal(n, 5);
    n = snformat(buf, 1, "%d", 12345);
    assert_string_equal(buf, "");
}

static void test_pointer_and_odd_formats(void **state)
{
    char got[64];
    snformat(got, sizeof(got), "%p", (void *)0x1234);
    assert_true(strncmp(got, "0x", 2) == 0);
    assert_non_null(strstr(got, "1234"));
    raw(got, sizeof(got), "a%qb");      // unknown conversion: kept
    assert_string_equal(got, "a%qb");
    raw(got, sizeof(got), "end%");      // lone % at the end
    assert_string_equal(got, "end");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_integers),
        cmocka_unit_test(test_strings_and_chars),
        cmocka_unit_test(test_truncation),
        cmocka_unit_test(test_pointer_and_odd_formats),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
