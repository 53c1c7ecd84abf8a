// Unit tests of the kernel command line parser (kernel/cmdline.c).
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <stdio.h>
#include <cmocka.h>

#include "kernel/cmdline.h"

static void test_key_values_and_flags(void **state)
{
    struct cmdline c;
    cmdline_parse(&c, "ip=10.77.0.11/24 node=3 quiet");
    assert_int_equal(c.count, 3);
    assert_string_equal(cmdline_get(&c, "ip"), "10.77.0.11/24");
    assert_string_equal(cmdline_get(&c, "node"), "3");
    assert_string_equal(cmdline_get(&c, "quiet"), "");
    assert_null(cmdline_get(&c, "gw"));
    assert_true(cmdline_flag(&c, "quiet"));
    assert_false(cmdline_flag(&c, "gw"));
    assert_string_equal(c.original, "ip=10.77.0.11/24 node=3 quiet");
}

static void test_secret_is_masked_in_the_banner_copy(void **state)
{
    struct cmdline c;
    cmdline_parse(&c, "ip=10.0.0.1/24 key=00112233445566778899aabbccddeeff node=2");
    assert_string_equal(cmdline_get(&c, "key"), "00112233445566778899aabbccddeeff");
    assert_string_equal(c.original, "ip=10.0.0.1/24 key=" "********************************" " node=2");
}

static void test_kernel_file_name_is_skipped(void **state)
{
    assert_string_equal(cmdline_skip_image("/boot/kernel.elf ip=1.2.3.4/24 quiet"),
                        "ip=1.2.3.4/24 quiet");
    assert_string_equal(cmdline_skip_image("(tftp)/kernel.elf node=2"), "node=2");
    assert_string_equal(cmdline_skip_image("build/kernel.elf  a=1"), "a=1");
    assert_string_equal(cmdline_skip_image("kernel.elf"), "");
    assert_string_equal(cmdline_skip_image("/boot/kernel.elf"), "");
    // Not file names: settings and flags stay.
    assert_string_equal(cmdline_skip_image("ip=10.0.0.1/24 node=3"), "ip=10.0.0.1/24 node=3");
    assert_string_equal(cmdline_skip_image("quiet node=3"), "quiet node=3");
    assert_string_equal(cmdline_skip_image("init=/bin/sh"), "init=/bin/sh");
    assert_string_equal(cmdline_skip_image(""), "");
    assert_string_equal(cmdline_skip_image(NULL), "");
}

static void test_spaces_and_empty(void **state)
{
    struct cmdline c;
    cmdline_parse(&c, "   a=1 \t  b=  \n");
    assert_int_equal(c.count, 2);
    assert_string_equal(cmdline_get(&c, "a"), "1");
    assert_string_equal(cmdline_get(&c, "b"), "");
    cmdline_parse(&c, "");
    assert_int_equal(c.count, 0);
    cmdline_parse(&c, NULL);
    assert_int_equal(c.count, 0);
}

static void test_later_setting_wins(void **state)
{
    struct cmdline c;
    cmdline_parse(&c, "speed=100 speed=250");
    assert_int_equal(c.count, 1);
    assert_int_equal(cmdline_get_int(&c, "speed", 0), 250);
}

static void test_value_with_equals(void **state)
{
    struct cmdline c;
    cmdline_parse(&c, "key=a=b =nokey");
    assert_string_equal(cmdline_get(&c, "key"), "a=b");
    assert_int_equal(c.count, 1);
    assert_int_equal(c.dropped, 1);
}

static void test_numbers(void **state)
{
    struct cmdline c;
    cmdline_parse(&c, "h=2147483647 i=2147483648 j=0x7fffffff k=0x80000000");
    assert_int_equal(cmdline_get_int(&c, "h", -1), 2147483647);   // the largest 32-bit long
    assert_int_equal(cmdline_get_int(&c, "i", -1), -1);           // one more overflows
    assert_int_equal(cmdline_get_int(&c, "j", -1), 0x7fffffff);
    assert_int_equal(cmdline_get_int(&c, "k", -1), -1);
    cmdline_parse(&c, "a=42 b=0x1F c=-7 d=12x e=0x f=99999999999 g");
    assert_int_equal(cmdline_get_int(&c, "a", -1), 42);
    assert_int_equal(cmdline_get_int(&c, "b", -1), 31);
    assert_int_equal(cmdline_get_int(&c, "c", -1), -7);
    assert_int_equal(cmdline_get_int(&c, "d", -1), -1);
    assert_int_equal(cmdline_get_int(&c, "e", -1), -1);
    assert_int_equal(cmdline_get_int(&c, "f", -1), -1);
    assert_int_equal(cmdline_get_int(&c, "g", -1), -1);
    assert_int_equal(cmdline_get_int(&c, "missing", 5), 5);
}

static void test_flag_off_values(void **state)
{
    struct cmdline c;
    cmdline_parse(&c, "a=0 b=no c=off d=1 e=yes");
    assert_false(cmdline_flag(&c, "a"));
    assert_false(cmdline_flag(&c, "b"));
    assert_false(cmdline_flag(&c, "c"));
    assert_true(cmdline_flag(&c, "d"));
    assert_true(cmdline_flag(&c, "e"));
}

static void test_too_many_settings(void **state)
{
    char line[CMDLINE_MAX];
    line[0] = '\0';
    for (int i = 0; i < MAX_SETTINGS + 5; i++) {
        char w[32];
        snprintf(w, sizeof(w), "k%d=%d ", i, i);
        strcat(line, w);
    }
    struct cmdline c;
    cmdline_parse(&c, line);
    assert_int_equal(c.count, MAX_SETTINGS);
    assert_int_equal(c.dropped, 5);
    assert_string_equal(cmdline_get(&c, "k0"), "0");
    assert_null(cmdline_get(&c, "k40"));
}

static void test_overlong_line_is_cut(void **state)
{
    char line[CMDLINE_MAX * 2];
    memset(line, 'x', sizeof(line) - 1);
    line[sizeof(line) - 1] = '\0';
    memcpy(line, "a=1 ", 4);
    struct cmdline c;
    cmdline_parse(&c, line);
    assert_true(c.truncated);
    assert_string_equal(cmdline_get(&c, "a"), "1");
    assert_int_equal(strlen(c.original), CMDLINE_MAX - 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_key_values_and_flags),
        cmocka_unit_test(test_secret_is_masked_in_the_banner_copy),
        cmocka_unit_test(test_kernel_file_name_is_skipped),
        cmocka_unit_test(test_spaces_and_empty),
        cmocka_unit_test(test_later_setting_wins),
        cmocka_unit_test(test_value_with_equals),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_flag_off_values),
        cmocka_unit_test(test_too_many_settings),
        cmocka_unit_test(test_overlong_line_is_cut),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
