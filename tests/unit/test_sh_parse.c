// Unit tests of the shell's command-line parser (userland/bin/sh_parse.c).
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <stdio.h>
#include <cmocka.h>

#include "userland/bin/sh_parse.h"

// Variables for the tests: HOME, EMPTY (set, empty), ? and $ and 1.
static const char *lookup(void *ctx, const char *name, size_t len)
{
    static const char *const vars[][2] = {
        { "HOME", "/home/me" }, { "EMPTY", "" }, { "?", "3" }, { "$", "42" }, { "1", "one" },
        { "SP", "a b" },
    };
    for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++)
        if (strlen(vars[i][0]) == len && strncmp(vars[i][0], name, len) == 0)
            return vars[i][1];
    return NULL;
}

static struct sh_line l;
static struct sh_pipeline pl;

// Parse, expand each job in turn and render the result as text: jobs
// separated by " ;; ", commands by " | ", words in [brackets],
// redirections as <in >out >>out 2>err 2>&1, and " &" for background jobs.
static const char *render(const char *line)
{
    static char text[8192];
    const char *err = NULL;
    if (sh_parse(line, &l, &err) < 0) {
        snprintf(text, sizeof(text), "ERROR %s", err);
        return text;
    }
    text[0] = '\0';
    for (int j = 0; j < l.njobs; j++) {
        if (sh_expand(&l, j, &pl, lookup, NULL, &err) < 0) {
            snprintf(text, sizeof(text), "ERROR %s", err);
            return text;
        }
        assert_int_equal(pl.count, l.jobs[j].count);
        assert_int_equal(pl.background, l.jobs[j].background);
        if (j)
            strcat(text, " ;; ");
        for (int c = 0; c < pl.count; c++) {
            struct sh_cmd *cmd = &pl.cmds[c];
            if (c)
                strcat(text, " | ");
            for (int a = 0; a < cmd->argc; a++) {
                strcat(text, "[");
                strcat(text, cmd->argv[a]);
                strcat(text, "]");
            }
            assert_null(cmd->argv[cmd->argc]);
            if (cmd->in) {
                strcat(text, " <");
                strcat(text, cmd->in);
            }
            if (cmd->out) {
                strcat(text, cmd->append ? " >>" : " >");
                strcat(text, cmd->out);
            }
            if (cmd->err) {
                strcat(text, cmd->err_append ? " 2>>" : " 2>");
                strcat(text, cmd->err);
            }
            if (cmd->err_to_out)
                strcat(text, " 2>&1");
        }
        if (l.jobs[j].background)
            strcat(text, " &");
    }
    return text;
}

static void test_words_and_blanks(void **state)
{
    assert_string_equal(render("ls -l /bin"), "[ls][-l][/bin]");
    assert_string_equal(render("   echo\t a   b  \n"), "[echo][a][b]");
    assert_string_equal(render(""), "");
    assert_string_equal(render("   "), "");
    assert_string_equal(render("# just a comment"), "");
    assert_string_equal(render("echo a # comment | x"), "[echo][a]");
    assert_string_equal(render("echo a#b"), "[echo][a#b]");
    assert_int_equal(l.njobs, 1);
}

static void test_quotes(void **state)
{
    assert_string_equal(render("echo 'a  b' \"c  d\""), "[echo][a  b][c  d]");
    assert_string_equal(render("echo 'it''s' x\"y\"z"), "[echo][its][xyz]");
    assert_string_equal(render("echo '$HOME' \"$HOME\""), "[echo][$HOME][/home/me]");
    assert_string_equal(render("echo \"a\\\"b\\\\c\\$d\\n\""), "[echo][a\"b\\c$d\\n]");
    assert_string_equal(render("echo a\\ b \\| \\>"), "[echo][a b][|][>]");
    assert_string_equal(render("echo '' \"\""), "[echo][][]");
    assert_string_equal(render("echo 'a|b;c&d>e'"), "[echo][a|b;c&d>e]");
    assert_string_equal(render("echo 'unterminated"), "ERROR unterminated quote");
    assert_string_equal(render("echo \"unterminated"), "ERROR unterminated quote");
}

static void test_variables(void **state)
{
    assert_string_equal(render("echo $HOME/x ${HOME}y $?$$ $1"), "[echo][/home/me/x][/home/mey][342][one]");
    assert_string_equal(render("echo $NOPE end"), "[echo][end]");
    assert_string_equal(render("echo $EMPTY"), "[echo]");
    assert_string_equal(render("echo \"$EMPTY\""), "[echo][]");
    assert_string_equal(render("echo $SP"), "[echo][a b]");
    assert_string_equal(render("echo $ a$ $."), "[echo][$][a$][$.]");
    assert_string_equal(render("echo ${HOME"), "ERROR missing '}'");
    assert_string_equal(render("echo ${}"), "ERROR bad substitution");
    assert_string_equal(render("echo $${x \"$${\""), "[echo][42{x][42{]");
    assert_string_equal(render("cd $HOME"), "[cd][/home/me]");
}

static void test_pipelines_and_lists(void **state)
{
    assert_string_equal(render("a | b | c"), "[a] | [b] | [c]");
    assert_string_equal(render("a|b"), "[a] | [b]");
    assert_string_equal(render("a ; b"), "[a] ;; [b]");
    assert_string_equal(render("a & b"), "[a] & ;; [b]");
    assert_string_equal(render("a | b & c ;"), "[a] | [b] & ;; [c]");
    assert_string_equal(render("sleep 10&"), "[sleep][10] &");
    assert_int_equal(l.njobs, 1);
    assert_true(l.jobs[0].background);
}

static void test_redirections(void **state)
{
    assert_string_equal(render("sort < in > out"), "[sort] <in >out");
    assert_string_equal(render("echo x >> log"), "[echo][x] >>log");
    assert_string_equal(render("cat<in>out"), "[cat] <in >out");
    assert_string_equal(render("cmd 2>err"), "[cmd] 2>err");
    assert_string_equal(render("cmd 2>>err"), "[cmd] 2>>err");
    assert_string_equal(render("cmd >out 2>&1"), "[cmd] >out 2>&1");
    assert_string_equal(render("echo 2 > f"), "[echo][2] >f");
    assert_string_equal(render("> f"), " >f");
    assert_string_equal(render("a < x | b > y"), "[a] <x | [b] >y");
    assert_string_equal(render("echo >\"$HOME/f g\""), "[echo] >/home/me/f g");
}

static void test_syntax_errors(void **state)
{
    assert_string_equal(render("| a"), "ERROR syntax error near '|'");
    assert_string_equal(render("a | | b"), "ERROR syntax error near '|'");
    assert_string_equal(render("a |"), "ERROR syntax error near 'end of line'");
    assert_string_equal(render("a | ;"), "ERROR syntax error near ';'");
    assert_string_equal(render("; a"), "ERROR syntax error near ';'");
    assert_string_equal(render("a && b"), "ERROR syntax error near '&'");
    assert_string_equal(render("a >"), "ERROR syntax error near 'end of line'");
    assert_string_equal(render("a > | b"), "ERROR syntax error near '|'");
    assert_int_equal(l.njobs, 0);
}

// Raw words: the parser keeps each word as written and calls no lookup.
static void test_parse_keeps_words(void **state)
{
    const char *err = NULL;
    assert_int_equal(sh_parse("echo \"$HOME\" '$?' a\\ b${X}c $? > \"$1\"", &l, &err), 0);
    assert_int_equal(l.njobs, 1);
    assert_int_equal(l.cmds[0].argc, 5);
    assert_string_equal(l.cmds[0].argv[1], "\"$HOME\"");
    assert_string_equal(l.cmds[0].argv[2], "'$?'");
    assert_string_equal(l.cmds[0].argv[3], "a\\ b${X}c");
    assert_string_equal(l.cmds[0].argv[4], "$?");
    assert_string_equal(l.cmds[0].out, "\"$1\"");
    // Operators inside quotes, escapes and braces stay in their word.
    assert_string_equal(render("echo \"${HOME}|x\" ${X;y}z a\\;b"), "[echo][/home/me|x][z][a;b]");
    assert_int_equal(l.njobs, 1);
}

// A variable whose value changes between the expansions of two jobs.
static const char *counter(void *ctx, const char *name, size_t len)
{
    static char value[16];
    int *n = ctx;
    if (len != 1 || name[0] != '?')
        return NULL;
    snprintf(value, sizeof(value), "%d", *n);
    return value;
}

// Each job is expanded when the shell is about to run it: "false; echo
// $?" sees the status that false left.
static void test_expand_per_job(void **state)
{
    const char *err = NULL;
    int status = 0;
    assert_int_equal(sh_parse("false; echo $? | cat \"$?\" & echo ${?}x", &l, &err), 0);
    assert_int_equal(l.njobs, 3);
    assert_int_equal(sh_expand(&l, 0, &pl, counter, &status, &err), 0);
    assert_int_equal(pl.count, 1);
    assert_string_equal(pl.cmds[0].argv[0], "false");
    status = 1;
    assert_int_equal(sh_expand(&l, 1, &pl, counter, &status, &err), 0);
    assert_int_equal(pl.count, 2);
    assert_true(pl.background);
    assert_string_equal(pl.cmds[0].argv[1], "1");
    assert_string_equal(pl.cmds[1].argv[1], "1");
    status = 130;
    assert_int_equal(sh_expand(&l, 2, &pl, counter, &status, &err), 0);
    assert_false(pl.background);
    assert_string_equal(pl.cmds[0].argv[1], "130x");
    assert_null(pl.cmds[0].argv[2]);
    // The parsed line is unchanged: a job can be expanded again.
    status = 7;
    assert_int_equal(sh_expand(&l, 1, &pl, counter, &status, &err), 0);
    assert_string_equal(pl.cmds[0].argv[1], "7");
}

// Expansion errors, and words that expand to nothing.
static void test_expand_errors(void **state)
{
    assert_string_equal(render("a > $NOPE"), "ERROR ambiguous redirect");
    assert_string_equal(render("a < \"$NOPE\""), "[a] <");
    assert_string_equal(render("a 2> $EMPTY"), "ERROR ambiguous redirect");
    assert_string_equal(render("echo ok; cat < $NOPE"), "ERROR ambiguous redirect");
    assert_string_equal(render("$NOPE"), "");
    assert_int_equal(l.njobs, 1);
    assert_int_equal(pl.count, 1);
    assert_int_equal(pl.cmds[0].argc, 0);
    assert_string_equal(render("$EMPTY > f"), " >f");
    // One expanded pipeline holds at most SH_BUF bytes: 63 words of
    // 7 * 8 bytes fit (3,596 with "echo" and the NULs), 63 of 9 * 8
    // bytes (4,604) do not.
    char line[SH_BUF];
    strcpy(line, "echo");
    for (int i = 0; i < SH_MAX_ARGS - 1; i++)
        strcat(line, " $HOME$HOME$HOME$HOME$HOME$HOME$HOME");
    assert_true(strncmp(render(line), "ERROR", 5) != 0);
    assert_int_equal(pl.cmds[0].argc, SH_MAX_ARGS);
    strcpy(line, "echo");
    for (int i = 0; i < SH_MAX_ARGS - 1; i++)
        strcat(line, " $HOME$HOME$HOME$HOME$HOME$HOME$HOME$HOME$HOME");
    assert_string_equal(render(line), "ERROR line too long");
}

static void test_limits(void **state)
{
    char line[SH_BUF * 2];
    line[0] = '\0';
    for (int i = 0; i < SH_MAX_ARGS; i++)
        strcat(line, "w ");
    assert_true(strncmp(render(line), "ERROR", 5) != 0);
    assert_int_equal(l.cmds[0].argc, SH_MAX_ARGS);
    strcat(line, "w");
    assert_string_equal(render(line), "ERROR too many arguments");
    memset(line, 'x', SH_BUF + 10);
    line[SH_BUF + 10] = '\0';
    assert_string_equal(render(line), "ERROR line too long");
    line[0] = '\0';
    for (int i = 0; i <= SH_MAX_CMDS; i++)
        strcat(line, "a|");
    strcat(line, "a");
    assert_string_equal(render(line), "ERROR too many commands");
    line[0] = '\0';
    for (int i = 0; i <= SH_MAX_JOBS; i++)
        strcat(line, "a;");
    assert_string_equal(render(line), "ERROR too many commands");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_words_and_blanks),
        cmocka_unit_test(test_quotes),
        cmocka_unit_test(test_variables),
        cmocka_unit_test(test_pipelines_and_lists),
        cmocka_unit_test(test_redirections),
        cmocka_unit_test(test_syntax_errors),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_parse_keeps_words),
        cmocka_unit_test(test_expand_per_job),
        cmocka_unit_test(test_expand_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
