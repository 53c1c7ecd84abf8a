// cut -b LIST | -c LIST | -f LIST [-d DELIM] [-s] [FILE...]: write the
// chosen bytes, characters (bytes here: the console is ASCII) or
// DELIM-separated fields (tab by default) of each line. LIST is like
// "1,3-5,7-": positions count from 1.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_RANGES 64

struct range {
    long lo, hi;   // inclusive; hi = LONG_MAX for "N-"
};

static struct range ranges[MAX_RANGES];
static int nranges;
static char mode;            // 'b' or 'f'
static char delim = '\t';
static int only_delimited;   // -s

static void usage(int status)
{
    fprintf(status ? stderr : stdout,
            "usage: cut -b LIST | -c LIST | -f LIST [-d DELIM] [-s] [FILE...]\n"
            "  write the chosen parts of each line; LIST is like 1,3-5,7-\n"
            "  -b, -c  bytes (characters)\n"
            "  -f      fields separated by DELIM (-d, a tab by default)\n"
            "  -s      with -f, leave out lines that have no DELIM\n");
    exit(status);
}

static void parse_list(const char *s)
{
    while (*s) {
        char *end;
        struct range r = { 1, 0x7FFFFFFF };
        if (*s != '-') {
            r.lo = strtol(s, &end, 10);
            if (end == s || r.lo < 1)
                goto bad;
            s = end;
            r.hi = r.lo;
        }
        if (*s == '-') {
            s++;
            r.hi = 0x7FFFFFFF;
            if (*s >= '0' && *s <= '9') {
                r.hi = strtol(s, &end, 10);
                s = end;
            }
        }
        if (r.hi < r.lo || nranges == MAX_RANGES)
            goto bad;
        ranges[nranges++] = r;
        if (*s == ',')
            s++;
        else if (*s)
            goto bad;
    }
    if (nranges > 0)
        return;
bad:
    fprintf(stderr, "cut: invalid list\n");
    exit(1);
}

static int chosen(long pos)
{
    for (int i = 0; i < nranges; i++)
        if (pos >= ranges[i].lo && pos <= ranges[i].hi)
            return 1;
    return 0;
}

static void cut_line(const char *line, size_t len)
{
    if (mode == 'b') {
        for (size_t i = 0; i < len; i++)
            if (chosen((long)i + 1))
                putchar(line[i]);
        putchar('\n');
        return;
    }
    if (!memchr(line, delim, len)) {
        if (!only_delimited) {
            fwrite(line, 1, len, stdout);
            putchar('\n');
        }
        return;
    }
    long field = 1;
    int any = 0;
    size_t start = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i == len || line[i] == delim) {
            if (chosen(field)) {
                if (any)
                    putchar(delim);
                fwrite(line + start, 1, i - start, stdout);
                any = 1;
            }
            field++;
            start = i + 1;
        }
    }
    putchar('\n');
}

static void cut_file(FILE *f)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, f)) >= 0) {
        if (len > 0 && line[len - 1] == '\n')
            len--;
        cut_line(line, (size_t)len);
    }
    free(line);
}

int main(int argc, char **argv)
{
    int c;
    if (argc == 2 && strcmp(argv[1], "--help") == 0)
        usage(0);
    while ((c = getopt(argc, argv, "b:c:f:d:s")) != -1) {
        switch (c) {
        case 'b':
        case 'c':
        case 'f':
            if (mode)
                usage(1);
            mode = c == 'f' ? 'f' : 'b';
            parse_list(optarg);
            break;
        case 'd':
            if (strlen(optarg) != 1) {
                fprintf(stderr, "cut: the delimiter must be a single character\n");
                return 1;
            }
            delim = optarg[0];
            break;
        case 's':
            only_delimited = 1;
            break;
        default:
            usage(1);
        }
    }
    if (!mode)
        usage(1);
    if (optind >= argc) {
        cut_file(stdin);
        return 0;
    }
    int status = 0;
    for (int i = optind; i < argc; i++) {
        FILE *f = strcmp(argv[i], "-") == 0 ? stdin : fopen(argv[i], "r");
        if (!f) {
            fprintf(stderr, "cut: %s: %s\n", argv[i], strerror(errno));
            status = 1;
            continue;
        }
        cut_file(f);
        if (f != stdin)
            fclose(f);
    }
    return status;
}
