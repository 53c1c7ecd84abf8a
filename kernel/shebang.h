// Scripts that name their interpreter: a file whose first line is
//
//     #!/bin/sh -e
//
// is run by execve as the program /bin/sh with the arguments
// "/bin/sh" "-e" SCRIPT ARG1 ARG2 ... (the script's own argv[0] is
// dropped, as Linux and the BSDs do). As on Linux, everything after the
// interpreter's name, spaces inside included, is one argument, and the
// line may be at most SHEBANG_LINE_MAX bytes. The interpreter must be a
// program, not another script.
#ifndef KERNEL_SHEBANG_H
#define KERNEL_SHEBANG_H

#include "kernel/types.h"

#define SHEBANG_LINE_MAX 128   // bytes of the "#!" line, "#!" and newline included

// The parsed "#!" line.
struct shebang {
    char interp[SHEBANG_LINE_MAX];   // the interpreter's path
    char arg[SHEBANG_LINE_MAX];      // its one optional argument ("" when none)
};

// Is the file (len bytes at file) a script? 1 and *sb filled when it is,
// 0 when it does not start with "#!", -ENOEXEC when its line is too long
// or names no interpreter.
int shebang_parse(const char *file, size_t len, struct shebang *sb);

// The interpreter's argument list for script run with argv (NULL-ended):
// into out (room for max pointers, the NULL included), pointing into sb,
// script and argv. The count of arguments, or -E2BIG when out is too small.
int shebang_argv(const struct shebang *sb, const char *script, const char *const argv[],
                 const char **out, int max);

#endif
