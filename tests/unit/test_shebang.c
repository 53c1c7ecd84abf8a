// Unit tests of "#!" lines (kernel/shebang.c).
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <stdio.h>
#include <cmocka.h>

#include "kernel/shebang.h"
#include "kernel/api/errno.h"

static int parse(const char *text, struct shebang *sb)
{
    return shebang_parse(text, strlen(text), sb);
}

static void test_interpreter_alone(void **state)
{
    struct shebang sb;
    assert_int_equal(parse("#!/bin/sh\necho hi\n", &sb), 1);
    assert_string_equal(sb.interp, "/bin/sh");
    assert_string_equal(sb.arg, "");
}

static void test_one_argument_with_its_spaces(void **state)
{
    struct shebang sb;
    assert_int_equal(parse("#! /usr/bin/env  lua -W  \t\nprint(1)\n", &sb), 1);
    assert_string_equal(sb.interp, "/usr/bin/env");
    assert_string_equal(sb.arg, "lua -W");
    assert_int_equal(parse("#!/bin/sh -e\r\n", &sb), 1);   // a DOS line
    assert_string_equal(sb.interp, "/bin/sh");
    assert_string_equal(sb.arg, "-e");
}

static void test_no_newline_at_the_end(void **state)
{
    struct shebang sb;
    assert_int_equal(parse("#!/bin/echo", &sb), 1);
    assert_string_equal(sb.interp, "/bin/echo");
    assert_string_equal(sb.arg, "");
}

static void test_not_a_script(void **state)
{
    struct shebang sb;
    assert_int_equal(parse("\177ELF\1\1\1", &sb), 0);
    assert_int_equal(parse("#", &sb), 0);
    assert_int_equal(parse("", &sb), 0);
    assert_int_equal(parse("# !/bin/sh\n", &sb), 0);
}

static void test_bad_lines(void **state)
{
    struct shebang sb;
    assert_int_equal(parse("#!\n", &sb), -ENOEXEC);
    assert_int_equal(parse("#!   \t\n/bin/sh\n", &sb), -ENOEXEC);
    assert_int_equal(shebang_parse("#!/bin/sh -\0e\n", 14, &sb), -ENOEXEC);
    // The longest line allowed, and one byte more.
    char line[SHEBANG_LINE_MAX + 2];
    memset(line, 'a', sizeof(line));
    memcpy(line, "#!/", 3);
    line[SHEBANG_LINE_MAX - 1] = '\n';
    assert_int_equal(shebang_parse(line, SHEBANG_LINE_MAX, &sb), 1);
    assert_int_equal(strlen(sb.interp), SHEBANG_LINE_MAX - 3);
    line[SHEBANG_LINE_MAX - 1] = 'a';
    line[SHEBANG_LINE_MAX] = '\n';
    assert_int_equal(shebang_parse(line, SHEBANG_LINE_MAX + 1, &sb), -ENOEXEC);
}

static void test_argument_list(void **state)
{
    struct shebang sb;
    assert_int_equal(parse("#!/bin/sh -e\n", &sb), 1);
    const char *argv[] = { "run-me", "one", "two", NULL };
    const char *out[8];
    assert_int_equal(shebang_argv(&sb, "/tmp/run-me", argv, out, 8), 5);
    assert_string_equal(out[0], "/bin/sh");
    assert_string_equal(out[1], "-e");
    assert_string_equal(out[2], "/tmp/run-me");
    assert_string_equal(out[3], "one");
    assert_string_equal(out[4], "two");
    assert_null(out[5]);
    // Exactly room for it, then one pointer short.
    assert_int_equal(shebang_argv(&sb, "/tmp/run-me", argv, out, 6), 5);
    assert_int_equal(shebang_argv(&sb, "/tmp/run-me", argv, out, 5), -E2BIG);
    // No argument on the line; an empty argv.
    assert_int_equal(parse("#!/bin/cat\n", &sb), 1);
    const char *none[] = { NULL };
    assert_int_equal(shebang_argv(&sb, "/f", none, out, 8), 2);
    assert_string_equal(out[0], "/bin/cat");
    assert_string_equal(out[1], "/f");
    assert_null(out[2]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_interpreter_alone),
        cmocka_unit_test(test_one_argument_with_its_spaces),
        cmocka_unit_test(test_no_newline_at_the_end),
        cmocka_unit_test(test_not_a_script),
        cmocka_unit_test(test_bad_lines),
        cmocka_unit_test(test_argument_list),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
