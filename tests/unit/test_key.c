// Unit tests of the cluster key parser (ssi/key.c).
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "ssi/key.h"

static void test_good_keys(void **state)
{
    uint8_t k[16];
    const char *t = "000102030405060708090a0b0c0d0e0f";
    assert_int_equal(clusterkey_parse(t, strlen(t), k), 0);
    for (int i = 0; i < 16; i++)
        assert_int_equal(k[i], i);
    const char *u = "  FFEEDDCCBBAA99887766554433221100\n";
    assert_int_equal(clusterkey_parse(u, strlen(u), k), 0);
    assert_int_equal(k[0], 0xFF);
    assert_int_equal(k[15], 0x00);
}

static void test_bad_keys_leave_key_alone(void **state)
{
    uint8_t k[16];
    memset(k, 0x5A, sizeof(k));
    const char *bad[] = {
        "",
        "000102030405060708090a0b0c0d0e0",      // 31 digits
        "000102030405060708090a0b0c0d0e0f0",    // 33 digits
        "000102030405060708090a0b0c0d0e0g",     // not hex
        "00010203040506070809 a0b0c0d0e0f0",    // space inside
        "00000000000000000000000000000000",     // all zero
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_int_equal(clusterkey_parse(bad[i], strlen(bad[i]), k), -1);
    for (int i = 0; i < 16; i++)
        assert_int_equal(k[i], 0x5A);
}

static void test_length_is_respected(void **state)
{
    // The text is not NUL-terminated: only len bytes count.
    char buf[40];
    memcpy(buf, "000102030405060708090a0b0c0d0e0fXXXX", 36);
    uint8_t k[16];
    assert_int_equal(clusterkey_parse(buf, 32, k), 0);
    assert_int_equal(clusterkey_parse(buf, 36, k), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_keys),
        cmocka_unit_test(test_bad_keys_leave_key_alone),
        cmocka_unit_test(test_length_is_respected),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
