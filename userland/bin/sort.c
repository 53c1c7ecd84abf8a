// sort [-r] [-n] [-u] [-f] [-b] [-t SEP] [-k N[,M]] [-o FILE] [FILE...]:
// the lines of the files (or standard input) in order, compared byte by
// byte (the C locale), or as numbers with -n. -k compares from field N to
// field M (fields split by SEP, or at blanks); equal keys fall back to the
// whole line, as POSIX sort does.
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int reverse, numeric, unique, fold, blanks;
static int sep = -1;            // -t, or -1: fields are separated by blanks
// The -k keys, compared in turn: fields lo to hi (from 1; hi 0 = to the
// end of the line). No -k: the whole line is the one key.
#define MAX_KEYS 8
struct key {
    long lo, hi;
};
static struct key keys[MAX_KEYS];
static int nkeys;

static void usage(int status)
{
    fprintf(status ? stderr : stdout,
            "usage: sort [-r] [-n] [-u] [-f] [-b] [-t SEP] [-k N[,M]] [-o FILE] [FILE...]\n"
            "  write the lines in order (byte order, as in the C locale)\n"
            "  -r  reverse     -n  compare as numbers     -u  one of each equal line\n"
            "  -f  fold lower case to upper               -b  ignore leading blanks\n"
            "  -t SEP  fields are separated by SEP (default: runs of blanks)\n"
            "  -k N[,M]  sort on fields N to M (default: to the end of the line)\n"
            "  -o FILE   write to FILE (it may be one of the inputs)\n");
    exit(status);
}

// Where key k of line s starts, and its length.
static const char *key(const char *s, const struct key *k, size_t *len)
{
    const char *end = s + strlen(s);
    long key_lo = k ? k->lo : 0, key_hi = k ? k->hi : 0;
    if (key_lo == 0) {
        *len = (size_t)(end - s);
        return s;
    }
    const char *p = s, *start = NULL;
    for (long field = 1; ; field++) {
        // p is at the start of field `field` (with its leading blanks when
        // fields are split at blanks).
        const char *q = p;
        if (sep < 0) {
            while (q < end && isblank((unsigned char)*q))
                q++;
            while (q < end && !isblank((unsigned char)*q))
                q++;
        } else {
            while (q < end && *q != sep)
                q++;
        }
        if (field == key_lo)
            start = p;
        if (key_hi && field == key_hi) {
            *len = (size_t)(q - start);
            return start;
        }
        if (q >= end)
            break;
        p = sep < 0 ? q : q + 1;
    }
    if (!start)
        start = end;
    *len = (size_t)(end - start);
    return start;
}

static int compare_keys(const char *a, size_t alen, const char *b, size_t blen)
{
    if (blanks || numeric) {
        while (alen && isblank((unsigned char)*a))
            a++, alen--;
        while (blen && isblank((unsigned char)*b))
            b++, blen--;
    }
    if (numeric) {
        double x = strtod(a, NULL), y = strtod(b, NULL);
        return x < y ? -1 : x > y;
    }
    size_t n = alen < blen ? alen : blen;
    for (size_t i = 0; i < n; i++) {
        int x = (unsigned char)a[i], y = (unsigned char)b[i];
        if (fold) {
            x = toupper(x);
            y = toupper(y);
        }
        if (x != y)
            return x - y;
    }
    return alen < blen ? -1 : alen > blen;
}

static int compare(const void *pa, const void *pb)
{
    const char *a = *(char *const *)pa, *b = *(char *const *)pb;
    int r = 0;
    for (int i = 0; i < (nkeys ? nkeys : 1) && r == 0; i++) {
        size_t alen, blen;
        const char *ka = key(a, nkeys ? &keys[i] : NULL, &alen);
        const char *kb = key(b, nkeys ? &keys[i] : NULL, &blen);
        r = compare_keys(ka, alen, kb, blen);
    }
    if (r == 0 && !unique)
        r = strcmp(a, b);   // the last resort: the whole line, bytes
    return reverse ? -r : r;
}

static char **lines;
static size_t nlines, cap;

static void read_lines(FILE *f)
{
    char *line = NULL;
    size_t lcap = 0;
    ssize_t len;
    while ((len = getline(&line, &lcap, f)) >= 0) {
        if (len > 0 && line[len - 1] == '\n')
            line[len - 1] = '\0';
        if (nlines == cap) {
            cap = cap ? cap * 2 : 256;
            if (!(lines = realloc(lines, cap * sizeof(*lines)))) {
                fprintf(stderr, "sort: out of memory\n");
                exit(2);
            }
        }
        if (!(lines[nlines++] = strdup(line))) {
            fprintf(stderr, "sort: out of memory\n");
            exit(2);
        }
    }
    free(line);
}

int main(int argc, char **argv)
{
    const char *outname = NULL;
    int c;
    if (argc == 2 && strcmp(argv[1], "--help") == 0)
        usage(0);
    while ((c = getopt(argc, argv, "rnufbt:k:o:")) != -1) {
        switch (c) {
        case 'r': reverse = 1; break;
        case 'n': numeric = 1; break;
        case 'u': unique = 1; break;
        case 'f': fold = 1; break;
        case 'b': blanks = 1; break;
        case 'o': outname = optarg; break;
        case 't':
            if (strlen(optarg) != 1) {
                fprintf(stderr, "sort: the separator must be a single character\n");
                return 2;
            }
            sep = (unsigned char)optarg[0];
            break;
        case 'k': {
            char *end;
            struct key k = { strtol(optarg, &end, 10), 0 };
            if (*end == ',')
                k.hi = strtol(end + 1, &end, 10);
            if (k.lo < 1 || *end != '\0' || (k.hi && k.hi < k.lo) || nkeys == MAX_KEYS) {
                fprintf(stderr, "sort: invalid key '%s' (N or N,M; at most %d)\n", optarg,
                        MAX_KEYS);
                return 2;
            }
            keys[nkeys++] = k;
            break;
        }
        default:
            usage(2);
        }
    }
    if (optind >= argc)
        read_lines(stdin);
    for (int i = optind; i < argc; i++) {
        FILE *f = strcmp(argv[i], "-") == 0 ? stdin : fopen(argv[i], "r");
        if (!f) {
            fprintf(stderr, "sort: %s: %s\n", argv[i], strerror(errno));
            return 2;
        }
        read_lines(f);
        if (f != stdin)
            fclose(f);
    }
    qsort(lines, nlines, sizeof(*lines), compare);
    FILE *out = stdout;
    if (outname && !(out = fopen(outname, "w"))) {
        fprintf(stderr, "sort: %s: %s\n", outname, strerror(errno));
        return 2;
    }
    for (size_t i = 0; i < nlines; i++) {
        if (unique && i > 0 && compare(&lines[i - 1], &lines[i]) == 0)
            continue;
        fprintf(out, "%s\n", lines[i]);
    }
    return fclose(out) == 0 ? 0 : 2;
}
