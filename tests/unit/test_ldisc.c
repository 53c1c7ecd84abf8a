// Unit tests of the console's line discipline (kernel/fs/ldisc.c): bytes
// in, echo out, completed lines, end of file and signals.
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <stdio.h>
#include <cmocka.h>

#include "kernel/fs/ldisc.h"
#include "kernel/api/types.h"
#include "kernel/api/errno.h"

static struct ldisc ld;
static char echoed[8192];       // everything echoed since setup
static size_t echoed_len;
static int wakes, signals;      // LDISC_WAKE and LDISC_SIGNAL results seen

static void collect(void *arg, const char *s, int n)
{
    assert_ptr_equal(arg, &ld);
    assert_true(echoed_len + (size_t)n < sizeof(echoed));
    memcpy(echoed + echoed_len, s, (size_t)n);
    echoed_len += (size_t)n;
    echoed[echoed_len] = '\0';
}

static int setup(void **state)
{
    ldisc_init(&ld, collect, &ld);
    echoed_len = 0;
    echoed[0] = '\0';
    wakes = signals = 0;
    return 0;
}

// Feed the bytes of s (n of them).
static void feed_n(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int r = ldisc_input(&ld, s[i]);
        if (r & LDISC_WAKE)
            wakes++;
        if (r & LDISC_SIGNAL)
            signals++;
    }
}

static void feed(const char *s)
{
    feed_n(s, strlen(s));
}

// One read of at most n bytes, as a string; its result in *r.
static const char *readn(size_t n, int *r)
{
    static char buf[512];
    *r = ldisc_read(&ld, buf, n);
    buf[*r > 0 ? *r : 0] = '\0';
    return buf;
}

static const char *read_line(void)
{
    int r;
    const char *s = readn(511, &r);
    assert_true(r >= 0);
    return s;
}

static void test_line_and_echo(void **state)
{
    int r;
    feed("abc");
    assert_false(ldisc_readable(&ld));
    assert_int_equal(ldisc_read(&ld, echoed + 4000, 10), -EAGAIN);
    assert_int_equal(wakes, 0);
    assert_string_equal(echoed, "abc");
    feed("\r");
    assert_int_equal(wakes, 1);
    assert_string_equal(echoed, "abc\n");
    assert_true(ldisc_readable(&ld));
    assert_string_equal(readn(100, &r), "abc\n");
    assert_int_equal(r, 4);
    assert_false(ldisc_readable(&ld));
    feed("x\n");
    assert_string_equal(read_line(), "x\n");
}

static void test_one_line_per_read(void **state)
{
    int r;
    feed("hello\nworld\n");
    assert_string_equal(readn(2, &r), "he");
    assert_string_equal(readn(3, &r), "llo");
    assert_string_equal(readn(100, &r), "\n");
    assert_string_equal(readn(100, &r), "world\n");
    assert_false(ldisc_readable(&ld));
}

static void test_erase_and_kill(void **state)
{
    feed("ab\bc\x7f" "d\n");
    assert_string_equal(read_line(), "ad\n");
    assert_string_equal(echoed, "ab\b \bc\b \bd\n");
    echoed_len = 0;
    feed("\b\x7f");                       // nothing to erase: nothing echoed
    assert_int_equal(echoed_len, 0);
    feed("xyz\x15" "q\n");
    assert_string_equal(read_line(), "q\n");
    assert_string_equal(echoed, "xyz\b \b\b \b\b \bq\n");
    // A control byte shows as ^A and takes two columns to erase.
    echoed_len = 0;
    feed("\x01\b\n");
    assert_string_equal(echoed, "^A\b \b\b \b\n");
    assert_string_equal(read_line(), "\n");
    feed("\t\n");
    assert_string_equal(read_line(), "\t\n");
}

static void test_ctrl_d(void **state)
{
    int r;
    feed("\x04");
    assert_int_equal(wakes, 1);
    assert_true(ldisc_readable(&ld));
    readn(100, &r);
    assert_int_equal(r, 0);                 // end of file
    assert_false(ldisc_readable(&ld));
    feed("ab\x04");
    assert_string_equal(readn(100, &r), "ab");
    assert_int_equal(r, 2);
    assert_string_equal(echoed, "ab");      // ^D is not echoed
    // A line, then end of file: two reads.
    feed("x\n\x04");
    assert_string_equal(readn(100, &r), "x\n");
    readn(100, &r);
    assert_int_equal(r, 0);
}

static void test_ctrl_c(void **state)
{
    feed("abc\x03");
    assert_int_equal(signals, 1);
    assert_int_equal(ld.signal, SIGINT);
    assert_int_equal(wakes, 0);
    assert_string_equal(echoed, "abc^C\n");
    assert_false(ldisc_readable(&ld));
    feed("d\n");
    assert_string_equal(read_line(), "d\n");
    feed("\x1c");
    assert_int_equal(signals, 2);
    assert_int_equal(ld.signal, SIGQUIT);
    feed("sleep 9\x1a");   // Ctrl-Z: the foreground job stops
    assert_int_equal(signals, 3);
    assert_int_equal(ld.signal, SIGTSTP);
    assert_false(ldisc_readable(&ld));
    // Without ISIG, ^C is an ordinary byte of the line.
    ldisc_set_lflag(&ld, ICANON | ECHO);
    feed("\x03\x1a\n");
    assert_int_equal(signals, 3);
    assert_string_equal(read_line(), "\x03\x1a\n");
}

static void test_no_echo(void **state)
{
    ldisc_set_lflag(&ld, ICANON | ISIG);
    feed("secret\b\n\x03");
    assert_int_equal(echoed_len, 0);
    assert_string_equal(read_line(), "secre\n");
    assert_int_equal(signals, 1);
}

static void test_raw_mode(void **state)
{
    int r;
    feed("ab");                                     // edited, not yet a line
    assert_int_equal(ldisc_set_lflag(&ld, ECHO | ISIG), LDISC_WAKE);
    assert_string_equal(readn(100, &r), "ab");
    feed("x");
    assert_int_equal(wakes, 1);
    assert_true(ldisc_readable(&ld));
    feed("\x04\b\ry");
    assert_string_equal(readn(3, &r), "x\x04\b");
    assert_string_equal(readn(100, &r), "\ny");
    assert_string_equal(echoed, "abx^D^H\ny");
    assert_int_equal(ldisc_read(&ld, echoed + 4000, 10), -EAGAIN);
    // Back to canonical: queued raw bytes read as one line.
    feed("pq");
    assert_int_equal(ldisc_set_lflag(&ld, ICANON | ECHO | ISIG), LDISC_WAKE);
    assert_string_equal(readn(100, &r), "pq");
    assert_int_equal(ldisc_set_lflag(&ld, ICANON), 0);
    assert_int_equal(ld.lflag, ICANON);
}

static void test_long_line(void **state)
{
    char line[TTY_LINE_MAX + 50];
    memset(line, 'a', sizeof(line));
    feed_n(line, sizeof(line));
    feed("\n");
    int r;
    readn(511, &r);
    assert_int_equal(r, TTY_LINE_MAX);             // TTY_LINE_MAX - 1 bytes and the newline
}

static void test_full_queue(void **state)
{
    // Lines of 100 bytes: the queue holds TTY_BUF_SIZE / 100 of them.
    char line[100];
    memset(line, 'b', 99);
    line[99] = '\n';
    int fit = TTY_BUF_SIZE / 100;
    for (int i = 0; i < fit + 1; i++)
        feed_n(line, sizeof(line));
    assert_int_equal(wakes, fit);
    assert_int_equal(ld.count, fit * 100);
    // The refused line is still being edited; room lets it complete.
    int r;
    readn(511, &r);
    assert_int_equal(r, 100);
    feed("\n");
    assert_int_equal(wakes, fit + 1);
    for (int i = 0; i < fit; i++) {
        readn(511, &r);
        assert_int_equal(r, 100);
    }
    assert_false(ldisc_readable(&ld));
    // End of file needs a cell too.
    for (int i = 0; i < fit; i++)
        feed_n(line, sizeof(line));
    memset(line, 'c', sizeof(line));
    feed_n(line, (size_t)(TTY_BUF_SIZE - fit * 100 - 1));
    feed("\n");
    assert_int_equal(ld.count, TTY_BUF_SIZE);
    feed("\x04");
    assert_int_equal(ld.count, TTY_BUF_SIZE);
    ldisc_set_lflag(&ld, ECHO);
    feed("z");
    assert_int_equal(ld.count, TTY_BUF_SIZE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_line_and_echo, setup),
        cmocka_unit_test_setup(test_one_line_per_read, setup),
        cmocka_unit_test_setup(test_erase_and_kill, setup),
        cmocka_unit_test_setup(test_ctrl_d, setup),
        cmocka_unit_test_setup(test_ctrl_c, setup),
        cmocka_unit_test_setup(test_no_echo, setup),
        cmocka_unit_test_setup(test_raw_mode, setup),
        cmocka_unit_test_setup(test_long_line, setup),
        cmocka_unit_test_setup(test_full_queue, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
