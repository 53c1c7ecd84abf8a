// Unit tests of IPv4 address parsing and printing (net/ipaddr.c).
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <stdio.h>
#include <cmocka.h>

#include "net/ipaddr.h"

static void test_dotted_quads(void **state)
{
    uint32_t ip = 0;
    assert_true(ip_parse("10.77.0.11", &ip));
    assert_int_equal(ip, 0x0A4D000B);
    assert_true(ip_parse("0.0.0.0", &ip));
    assert_int_equal(ip, 0);
    assert_true(ip_parse("255.255.255.255", &ip));
    assert_int_equal(ip, 0xFFFFFFFFu);
}

static void test_bad_quads_are_refused(void **state)
{
    const char *bad[] = { "", "10.77.0", "10.77.0.11.", "10.77.0.256", "10..0.1", "1.2.3.4x",
                          " 1.2.3.4", "1.2.3.-4", "1.2.3.0004", "a.b.c.d", "1.2.3.4/24" };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        uint32_t ip = 42;
        assert_false(ip_parse(bad[i], &ip));
        assert_int_equal(ip, 42);       // untouched on failure
    }
    assert_false(ip_parse(NULL, &(uint32_t){ 0 }));
}

static void test_cidr(void **state)
{
    uint32_t ip;
    int prefix;
    assert_true(ip_parse_cidr("10.77.0.11/24", &ip, &prefix));
    assert_int_equal(ip, 0x0A4D000B);
    assert_int_equal(prefix, 24);
    assert_true(ip_parse_cidr("192.168.1.2/32", &ip, &prefix));
    assert_int_equal(prefix, 32);
    assert_true(ip_parse_cidr("192.168.1.2/0", &ip, &prefix));
    assert_int_equal(prefix, 0);
    assert_true(ip_parse_cidr("10.0.0.1", &ip, &prefix));
    assert_int_equal(prefix, 24);       // the default
    assert_false(ip_parse_cidr("10.0.0.1/33", &ip, &prefix));
    assert_false(ip_parse_cidr("10.0.0.1/", &ip, &prefix));
    assert_false(ip_parse_cidr("10.0.0.1/2x", &ip, &prefix));
    assert_false(ip_parse_cidr("10.0.0/8", &ip, &prefix));
}

static void test_masks(void **state)
{
    assert_int_equal(ip_prefix_mask(24), 0xFFFFFF00u);
    assert_int_equal(ip_prefix_mask(0), 0);
    assert_int_equal(ip_prefix_mask(32), 0xFFFFFFFFu);
    assert_int_equal(ip_prefix_mask(1), 0x80000000u);
    assert_int_equal(ip_prefix_mask(31), 0xFFFFFFFEu);
}

static void test_format_round_trip(void **state)
{
    char s[IP_STR_MAX];
    ip_format(s, 0x0A4D000B);
    assert_string_equal(s, "10.77.0.11");
    ip_format(s, 0xFFFFFFFFu);
    assert_string_equal(s, "255.255.255.255");
    uint32_t ip;
    assert_true(ip_parse(s, &ip));
    assert_int_equal(ip, 0xFFFFFFFFu);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dotted_quads),
        cmocka_unit_test(test_bad_quads_are_refused),
        cmocka_unit_test(test_cidr),
        cmocka_unit_test(test_masks),
        cmocka_unit_test(test_format_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
