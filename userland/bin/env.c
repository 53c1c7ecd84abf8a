// env [NAME=value...] [COMMAND [ARG...]]: print the environment, or run
// COMMAND with the assignments added to it.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    int i = 1;
    for (; i < argc && strchr(argv[i], '='); i++) {
        if (putenv(argv[i]) < 0) {
            fprintf(stderr, "env: %s: %s\n", argv[i], strerror(errno));
            return 125;
        }
    }
    if (i == argc) {
        for (char **e = environ; e && *e; e++)
            puts(*e);
        return 0;
    }
    execvp(argv[i], argv + i);
    fprintf(stderr, "env: %s: %s\n", argv[i], strerror(errno));
    return errno == ENOENT ? 127 : 126;
}
