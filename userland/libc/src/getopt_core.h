// POSIX getopt as a pure function over an explicit state (the engine
// under getopt(); built on the host for tests).
#ifndef LIBC_GETOPT_CORE_H
#define LIBC_GETOPT_CORE_H

// The scanning state of one getopt loop.
struct getopt_state {
    int optind;     // index of the next argument to look at (starts at 1)
    int optopt;     // the option character of the last error
    char *optarg;   // the argument of the last option that takes one
    int pos;        // offset in argv[optind] inside a cluster like -abc (0: none)
    int error;      // GETOPT_ERR_* of the last '?' or ':' result
};

#define GETOPT_ERR_NONE     0
#define GETOPT_ERR_UNKNOWN  1   // an option not in optstring
#define GETOPT_ERR_NOARG    2   // an option that needs an argument came last

// The next option character of argv as optstring ("ab:c" - b takes an
// argument) describes, as POSIX getopt: -1 at the first non-option, at
// "--" (skipped) or at the end; '?' for an unknown option or a missing
// argument (':' instead for the latter when optstring starts with ':').
// A leading '+' in optstring is accepted and ignored (options always end
// at the first operand).
int getopt_next(struct getopt_state *st, int argc, char *const argv[], const char *optstring);

#endif
