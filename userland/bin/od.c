// od [-A d|o|x|n] [-t TYPE] [-b] [-c] [-x] [-v] [FILE...]: the bytes of the
// files (or standard input) as numbers or characters, 16 a line, each line
// led by its offset (octal, or as -A says). TYPE: o1 o2 x1 x2 d1 u1 c (the
// 2-byte ones little-endian, as on the PC). -b is -t o1, -c is -t c, -x is
// -t x2; the default is -t o2. A line equal to the one before is shown as
// "*" unless -v.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LINE 16

static char radix = 'o';       // -A
static char kind = 'o';        // -t: o x d u c
static int size = 2;           // bytes per number
static int verbose;

static void usage(int status)
{
    fprintf(status ? stderr : stdout,
            "usage: od [-A d|o|x|n] [-t o1|o2|x1|x2|d1|u1|c] [-b] [-c] [-x] [-v] [FILE...]\n"
            "  dump the bytes of the files, 16 a line, as numbers or characters\n");
    exit(status);
}

static void offset(long off)
{
    if (radix == 'o')
        printf("%07lo", off);
    else if (radix == 'd')
        printf("%07ld", off);
    else if (radix == 'x')
        printf("%06lx", off);
}

static void show_char(unsigned char c)
{
    static const char *names[] = { ['\0'] = "\\0", ['\a'] = "\\a", ['\b'] = "\\b",
                                   ['\f'] = "\\f", ['\n'] = "\\n", ['\r'] = "\\r",
                                   ['\t'] = "\\t", ['\v'] = "\\v" };
    if (c < sizeof(names) / sizeof(names[0]) && names[c])
        printf("%4s", names[c]);
    else if (c >= 32 && c < 127)
        printf("%4c", c);
    else
        printf(" %03o", c);
}

static void show_line(const unsigned char *b, int n)
{
    for (int i = 0; i < n; i += size) {
        unsigned v = b[i];
        if (size == 2)
            v |= (i + 1 < n ? b[i + 1] : 0) << 8;
        switch (kind) {
        case 'c': show_char(b[i]); break;
        case 'o': printf(size == 1 ? " %03o" : " %06o", v); break;
        case 'x': printf(size == 1 ? " %02x" : " %04x", v); break;
        case 'd': printf(" %4d", (signed char)v); break;
        case 'u': printf(" %3u", v); break;
        }
    }
    putchar('\n');
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--help") == 0)
        usage(0);
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        const char *o = argv[i];
        if (strcmp(o, "-A") == 0 && i + 1 < argc && strchr("doxn", argv[i + 1][0]) &&
            argv[i + 1][0] && !argv[i + 1][1]) {
            radix = argv[++i][0];
        } else if (strcmp(o, "-t") == 0 && i + 1 < argc) {
            const char *t = argv[++i];
            if (strcmp(t, "c") == 0)
                kind = 'c', size = 1;
            else if (strchr("oxdu", t[0]) && t[0] && (t[1] == '1' || t[1] == '2') && !t[2] &&
                     !((t[0] == 'd' || t[0] == 'u') && t[1] == '2'))
                kind = t[0], size = t[1] - '0';
            else
                usage(1);
        } else if (strcmp(o, "-b") == 0) {
            kind = 'o', size = 1;
        } else if (strcmp(o, "-c") == 0) {
            kind = 'c', size = 1;
        } else if (strcmp(o, "-x") == 0) {
            kind = 'x', size = 2;
        } else if (strcmp(o, "-v") == 0) {
            verbose = 1;
        } else {
            usage(1);
        }
    }
    // The files, one stream of bytes.
    int nfiles = argc - i, status = 0, fi = 0;
    FILE *f = nfiles ? NULL : stdin;
    unsigned char line[LINE], prev[LINE];
    int have_prev = 0, starred = 0;
    long off = 0;
    for (;;) {
        int n = 0;
        while (n < LINE) {
            if (!f) {
                if (fi >= nfiles)
                    break;
                const char *name = argv[i + fi++];
                f = strcmp(name, "-") == 0 ? stdin : fopen(name, "r");
                if (!f) {
                    fprintf(stderr, "od: %s: %s\n", name, strerror(errno));
                    status = 1;
                    continue;
                }
            }
            int c = getc(f);
            if (c == EOF) {
                if (f != stdin)
                    fclose(f);
                f = NULL;
                if (!nfiles)
                    break;
                continue;
            }
            line[n++] = (unsigned char)c;
        }
        if (n == 0)
            break;
        if (!verbose && have_prev && n == LINE && memcmp(line, prev, LINE) == 0) {
            if (!starred)
                puts("*");
            starred = 1;
        } else {
            offset(off);
            show_line(line, n);
            starred = 0;
        }
        memcpy(prev, line, LINE);
        have_prev = n == LINE;
        off += n;
        if (n < LINE)
            break;
    }
    if (radix != 'n') {
        offset(off);
        putchar('\n');
    }
    return status;
}
