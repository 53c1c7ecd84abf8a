// POSIX option scanning (see getopt_core.h).
#include <string.h>
#include "getopt_core.h"

int getopt_next(struct getopt_state *st, int argc, char *const argv[], const char *optstring)
{
    st->optarg = NULL;
    st->error = GETOPT_ERR_NONE;
    if (*optstring == '+')
        optstring++;
    int colon = *optstring == ':';
    if (colon)
        optstring++;
    if (st->pos == 0) {
        if (st->optind >= argc || argv[st->optind] == NULL)
            return -1;
        const char *a = argv[st->optind];
        if (a[0] != '-' || a[1] == '\0')
            return -1;
        if (a[1] == '-' && a[2] == '\0') {
            st->optind++;
            return -1;
        }
        st->pos = 1;
    }
    const char *arg = argv[st->optind];
    char c = arg[st->pos++];
    const char *spec = c == ':' ? NULL : strchr(optstring, c);
    if (arg[st->pos] == '\0') {
        st->pos = 0;
        st->optind++;
    }
    if (spec == NULL) {
        st->optopt = (unsigned char)c;
        st->error = GETOPT_ERR_UNKNOWN;
        return '?';
    }
    if (spec[1] != ':')
        return (unsigned char)c;
    if (st->pos != 0) {
        // The argument is the rest of this word: -ofile.
        st->optarg = (char *)arg + st->pos;
        st->pos = 0;
        st->optind++;
        return (unsigned char)c;
    }
    if (st->optind >= argc) {
        st->optopt = (unsigned char)c;
        st->error = GETOPT_ERR_NOARG;
        return colon ? ':' : '?';
    }
    st->optarg = argv[st->optind++];
    return (unsigned char)c;
}
