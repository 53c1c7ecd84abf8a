// getopt() with its global variables, on the pure engine (getopt_core.c).
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "getopt_core.h"

char *optarg;     // argument of the last option
int optind = 1;   // next argument to look at
int opterr = 1;   // print messages on errors
int optopt;       // option character of the last error

static struct getopt_state state = { .optind = 1 };

// POSIX getopt. Setting optind to 1 (or 0) restarts the scan.
int getopt(int argc, char *const argv[], const char *optstring)
{
    if (optind == 0 || optind != state.optind) {
        state.optind = optind == 0 ? 1 : optind;
        state.pos = 0;
    }
    int c = getopt_next(&state, argc, argv, optstring);
    optind = state.optind;
    optarg = state.optarg;
    if (c == '?' || c == ':') {
        optopt = state.optopt;
        const char *os = optstring[0] == '+' ? optstring + 1 : optstring;
        if (opterr && os[0] != ':') {
            if (state.error == GETOPT_ERR_UNKNOWN)
                fprintf(stderr, "%s: invalid option -- '%c'\n", argv[0], optopt);
            else
                fprintf(stderr, "%s: option requires an argument -- '%c'\n", argv[0], optopt);
        }
    }
    return c;
}
