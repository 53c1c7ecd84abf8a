// Unit tests of the C library's getopt engine (userland/libc/src/getopt_core.c),
// compared with the host's POSIX-mode getopt where both apply.
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <stdio.h>
#include <unistd.h>
#include <cmocka.h>

#include "userland/libc/src/getopt_core.h"

// Run the engine over argv, recording "c" or "c=arg" or "?x" per result,
// then "|" and the operands left.
static void run(int argc, char **argv, const char *opts, char *out, size_t cap)
{
    struct getopt_state st = { .optind = 1 };
    int c;
    out[0] = '\0';
    while ((c = getopt_next(&st, argc, argv, opts)) != -1) {
        char t[64];
        if (c == '?' || c == ':')
            snprintf(t, sizeof(t), "%c%c ", c, st.optopt);
        else if (st.optarg)
            snprintf(t, sizeof(t), "%c=%s ", c, st.optarg);
        else
            snprintf(t, sizeof(t), "%c ", c);
        strncat(out, t, cap - strlen(out) - 1);
    }
    strncat(out, "|", cap - strlen(out) - 1);
    for (int i = st.optind; i < argc; i++) {
        strncat(out, " ", cap - strlen(out) - 1);
        strncat(out, argv[i], cap - strlen(out) - 1);
    }
}

// The same through glibc's getopt in POSIX mode ('+' prefix), errors quiet.
static void run_glibc(int argc, char **argv, const char *opts, char *out, size_t cap)
{
    char plus[64];
    snprintf(plus, sizeof(plus), "+%s", opts);
    optind = 0;
    opterr = 0;
    int c;
    out[0] = '\0';
    while ((c = getopt(argc, argv, plus)) != -1) {
        char t[64];
        if (c == '?' || c == ':')
            snprintf(t, sizeof(t), "%c%c ", c, optopt);
        else if (optarg)
            snprintf(t, sizeof(t), "%c=%s ", c, optarg);
        else
            snprintf(t, sizeof(t), "%c ", c);
        strncat(out, t, cap - strlen(out) - 1);
    }
    strncat(out, "|", cap - strlen(out) - 1);
    for (int i = optind; i < argc; i++) {
        strncat(out, " ", cap - strlen(out) - 1);
        strncat(out, argv[i], cap - strlen(out) - 1);
    }
}

// Split a space-separated command line into argv (words of line, modified).
static int split(char *line, char **argv)
{
    int n = 0;
    for (char *w = strtok(line, " "); w; w = strtok(NULL, " "))
        argv[n++] = w;
    argv[n] = NULL;
    return n;
}

static void check(const char *cmdline, const char *opts, const char *want)
{
    char l1[256], l2[256];
    char *a1[32], *a2[32];
    strcpy(l1, cmdline);
    strcpy(l2, cmdline);
    int n1 = split(l1, a1), n2 = split(l2, a2);
    char got[512], ref[512];
    run(n1, a1, opts, got, sizeof(got));
    run_glibc(n2, a2, opts, ref, sizeof(ref));
    if (strcmp(got, ref) != 0)
        fail_msg("%s [%s]: got \"%s\", glibc \"%s\"", cmdline, opts, got, ref);
    if (want && strcmp(got, want) != 0)
        fail_msg("%s [%s]: got \"%s\", want \"%s\"", cmdline, opts, got, want);
}

static void test_against_glibc(void **state)
{
    check("ls -l -a x y", "la", "l a | x y");
    check("ls -la x", "la", "l a | x");
    check("prog -n 5 file", "n:", "n=5 | file");
    check("prog -n5 file", "n:", "n=5 | file");
    check("prog -an5 -- -x", "an:", "a n=5 | -x");
    check("prog -x", "ab", "?x |");
    check("prog -n", "n:", "?n |");
    check("prog -n", ":n:", ":n |");
    check("prog file -a", "a", "| file -a");
    check("prog - -a", "a", "| - -a");
    check("prog", "a", "|");
    check("prog -a -- ", "a", "a |");
    check("prog -:", "a", "?: |");
    check("prog -ab -c arg -d", "abc:d", "a b c=arg d |");
}

// optind can be reset to scan again.
static void test_rescan(void **state)
{
    char *argv[] = { "p", "-a", "x", NULL };
    struct getopt_state st = { .optind = 1 };
    assert_int_equal(getopt_next(&st, 3, argv, "a"), 'a');
    assert_int_equal(getopt_next(&st, 3, argv, "a"), -1);
    assert_int_equal(st.optind, 2);
    st.optind = 1;
    st.pos = 0;
    assert_int_equal(getopt_next(&st, 3, argv, "a"), 'a');
    assert_int_equal(st.error, GETOPT_ERR_NONE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_against_glibc),
        cmocka_unit_test(test_rescan),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
