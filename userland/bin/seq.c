// seq [-s SEP] [-w] [FIRST [INCR]] LAST: the integers from FIRST (1) to
// LAST by INCR (1), one per line (or SEP between them); -w pads them with
// zeros to equal width.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(int status)
{
    fprintf(status ? stderr : stdout,
            "usage: seq [-s SEP] [-w] [FIRST [INCR]] LAST\n"
            "  print the integers from FIRST (default 1) to LAST, INCR (default 1) apart\n"
            "  -s SEP  put SEP between them instead of a newline\n"
            "  -w      pad with leading zeros to equal width\n");
    exit(status);
}

static long number(const char *s)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (*s == '\0' || *end != '\0') {
        fprintf(stderr, "seq: invalid number: '%s' (integers only)\n", s);
        exit(1);
    }
    return v;
}

static int width(long v)
{
    char buf[32];
    return snprintf(buf, sizeof(buf), "%ld", v);
}

int main(int argc, char **argv)
{
    const char *sep = "\n";
    int pad = 0, optind = 1;
    if (argc == 2 && strcmp(argv[1], "--help") == 0)
        usage(0);
    // Options come first; a negative number ("-3") is an operand, not one.
    while (optind < argc && argv[optind][0] == '-' &&
           !(argv[optind][1] >= '0' && argv[optind][1] <= '9')) {
        const char *o = argv[optind++];
        if (strcmp(o, "-w") == 0)
            pad = 1;
        else if (strcmp(o, "-s") == 0 && optind < argc)
            sep = argv[optind++];
        else if (strncmp(o, "-s", 2) == 0 && o[2])
            sep = o + 2;
        else if (strcmp(o, "--") == 0)
            break;
        else
            usage(1);
    }
    int n = argc - optind;
    if (n < 1 || n > 3)
        usage(1);
    long first = 1, incr = 1, last = number(argv[argc - 1]);
    if (n >= 2)
        first = number(argv[optind]);
    if (n == 3)
        incr = number(argv[optind + 1]);
    if (incr == 0) {
        fprintf(stderr, "seq: invalid zero increment\n");
        return 1;
    }
    int w = width(first) > width(last) ? width(first) : width(last);
    int any = 0;
    for (long v = first; incr > 0 ? v <= last : v >= last; v += incr) {
        if (any)
            fputs(sep, stdout);
        if (pad && v < 0)
            printf("-%0*ld", w - 1, -v);
        else
            printf(pad ? "%0*ld" : "%*ld", pad ? w : 0, v);
        any = 1;
    }
    if (any)
        putchar('\n');
    return 0;
}
