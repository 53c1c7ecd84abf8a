// The shell's command-line parser, pure (no system calls, no malloc), in
// two steps, as POSIX orders them: sh_parse reads a whole line into
// pipelines of commands whose words are kept as written (quotes and "$"
// references untouched); sh_expand then expands and unquotes the words of
// one pipeline just before the shell runs it, so that "false; echo $?"
// sees the status of false. Built on the host for tests.
#ifndef SH_PARSE_H
#define SH_PARSE_H

#include <stdbool.h>
#include <stddef.h>

#define SH_MAX_ARGS 64     // words of one command
#define SH_MAX_CMDS 32     // commands of one line, all pipelines together
#define SH_MAX_JOBS 16     // pipelines of one line
#define SH_BUF      4096   // bytes of the words of one line (or of one expanded pipeline)

// One command of a pipeline. In a struct sh_line its words are as written
// in the line; in a struct sh_pipeline they are expanded and unquoted.
struct sh_cmd {
    int argc;                        // words
    char *argv[SH_MAX_ARGS + 1];     // the words, NULL-terminated (point into the owner's buf)
    char *in;                        // file for "<", or NULL
    char *out;                       // file for ">" or ">>", or NULL
    bool append;                     // out was given with ">>"
    char *err;                       // file for "2>" or "2>>", or NULL
    bool err_append;                 // err was given with "2>>"
    bool err_to_out;                 // "2>&1": standard error goes where standard output goes
};

// One pipeline: commands first .. first + count - 1 of the line.
struct sh_job {
    int first;          // index of its first command in sh_line.cmds
    int count;          // how many commands
    bool background;    // it ended with '&'
};

// A parsed line, words not yet expanded.
struct sh_line {
    int njobs;                           // pipelines, in order
    struct sh_job jobs[SH_MAX_JOBS];
    int ncmds;                           // commands of all pipelines
    struct sh_cmd cmds[SH_MAX_CMDS];
    size_t used;                         // bytes of buf in use
    char buf[SH_BUF];                    // the words as written, NUL-terminated, back to back
};

// One pipeline of a line with its words expanded, ready to run.
struct sh_pipeline {
    int count;                           // commands
    bool background;                     // run it without waiting ('&')
    struct sh_cmd cmds[SH_MAX_CMDS];     // the commands, in pipe order
    size_t used;                         // bytes of buf in use
    char buf[SH_BUF];                    // the expanded words, NUL-terminated, back to back
};

// Value of the variable name[0..len) for "$name", "${name}", "$?", "$$",
// "$#", "$!", "$0".."$9": a string, or NULL when it is not set (it expands
// to nothing).
typedef const char *(*sh_lookup_fn)(void *ctx, const char *name, size_t len);

// Parse line (up to its NUL or a newline) into *out, expanding nothing.
// Syntax: words separated by blanks; ';' and '&' end a pipeline ('&' runs
// it in the background); '|' joins commands; "<", ">", ">>", "2>", "2>>",
// "2>&1" redirect; '...' quotes literally; "..." quotes with $ expansion
// and the escapes \" \\ \$ \`; a backslash outside quotes takes the next
// character literally; '#' at the start of a word begins a comment.
// Returns 0, or -1 with *err set to a message ("syntax error near '|'",
// "unterminated quote", "missing '}'", ...) and no jobs in *out.
int sh_parse(const char *line, struct sh_line *out, const char **err);

// Expand pipeline job (0 .. l->njobs - 1) of l into *out, asking lookup
// for the value of each variable at this moment. A word that was
// unquoted and expands to nothing is dropped; expansions are not split
// into fields. Returns 0, or -1 with *err set ("ambiguous redirect" when
// a redirection's file name expands to nothing, "line too long").
int sh_expand(const struct sh_line *l, int job, struct sh_pipeline *out, sh_lookup_fn lookup,
              void *ctx, const char **err);

#endif
