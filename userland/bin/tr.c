// tr [-c] [-d] [-s] SET1 [SET2]: translate, delete (-d) or squeeze (-s)
// characters of standard input. Sets take ranges (a-z), the classes
// [:alpha:] [:digit:] [:alnum:] [:lower:] [:upper:] [:space:] [:blank:]
// [:punct:] [:print:] [:cntrl:] [:xdigit:], and \n \t \r \\ \NNN (octal).
// -c uses the complement of SET1. As in POSIX, a SET2 shorter than SET1
// is padded with its last character.
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

// A set expanded to the list of its bytes, in order.
struct set {
    int n;
    unsigned char c[4096];
};

static void usage(int status)
{
    fprintf(status ? stderr : stdout,
            "usage: tr [-c] [-d] [-s] SET1 [SET2]\n"
            "  copy standard input to standard output, translating SET1 to SET2\n"
            "  -c  the complement of SET1\n"
            "  -d  delete the characters of SET1\n"
            "  -s  squeeze repeats of the characters of the last set into one\n");
    exit(status);
}

static void add(struct set *s, int c)
{
    if (s->n < (int)sizeof(s->c))
        s->c[s->n++] = (unsigned char)c;
}

// One character of a set at *p (an escape or itself); advances *p.
static int one(const char **p)
{
    const char *s = *p;
    if (s[0] != '\\' || s[1] == '\0') {
        *p = s + 1;
        return (unsigned char)s[0];
    }
    s++;
    int c;
    switch (*s) {
    case 'n': c = '\n'; s++; break;
    case 't': c = '\t'; s++; break;
    case 'r': c = '\r'; s++; break;
    case '\\': c = '\\'; s++; break;
    default:
        if (*s >= '0' && *s <= '7') {
            c = 0;
            for (int i = 0; i < 3 && *s >= '0' && *s <= '7'; i++)
                c = c * 8 + (*s++ - '0');
        } else {
            c = (unsigned char)*s++;
        }
    }
    *p = s;
    return c;
}

static int in_class(const char *name, int c)
{
    if (strcmp(name, "alpha") == 0) return isalpha(c);
    if (strcmp(name, "digit") == 0) return isdigit(c);
    if (strcmp(name, "alnum") == 0) return isalnum(c);
    if (strcmp(name, "lower") == 0) return islower(c);
    if (strcmp(name, "upper") == 0) return isupper(c);
    if (strcmp(name, "space") == 0) return isspace(c);
    if (strcmp(name, "blank") == 0) return c == ' ' || c == '\t';
    if (strcmp(name, "punct") == 0) return ispunct(c);
    if (strcmp(name, "print") == 0) return isprint(c);
    if (strcmp(name, "cntrl") == 0) return iscntrl(c);
    if (strcmp(name, "xdigit") == 0) return isxdigit(c);
    fprintf(stderr, "tr: invalid character class '%s'\n", name);
    exit(1);
}

static void expand(const char *p, struct set *s)
{
    s->n = 0;
    while (*p) {
        if (p[0] == '[' && p[1] == ':') {
            const char *end = strstr(p + 2, ":]");
            if (end) {
                char name[16];
                size_t len = (size_t)(end - p - 2);
                if (len >= sizeof(name))
                    len = sizeof(name) - 1;
                memcpy(name, p + 2, len);
                name[len] = '\0';
                for (int c = 0; c < 256; c++)
                    if (in_class(name, c))
                        add(s, c);
                p = end + 2;
                continue;
            }
        }
        int lo = one(&p);
        if (p[0] == '-' && p[1] != '\0') {
            p++;
            int hi = one(&p);
            if (hi < lo) {
                fprintf(stderr, "tr: range-endpoints of '%c-%c' are in reverse order\n", lo, hi);
                exit(1);
            }
            for (int c = lo; c <= hi; c++)
                add(s, c);
        } else {
            add(s, lo);
        }
    }
}

int main(int argc, char **argv)
{
    int complement = 0, del = 0, squeeze = 0, c;
    if (argc == 2 && strcmp(argv[1], "--help") == 0)
        usage(0);
    while ((c = getopt(argc, argv, "cCds")) != -1) {
        if (c == 'c' || c == 'C')
            complement = 1;
        else if (c == 'd')
            del = 1;
        else if (c == 's')
            squeeze = 1;
        else
            usage(1);
    }
    int nsets = argc - optind;
    if (nsets < 1 || nsets > 2 || (!del && !squeeze && nsets != 2) || (del && !squeeze && nsets != 1))
        usage(1);
    static struct set s1, s2;
    expand(argv[optind], &s1);
    if (nsets == 2)
        expand(argv[optind + 1], &s2);
    if (complement) {
        // The bytes not in SET1, in order.
        char in[256] = { 0 };
        for (int i = 0; i < s1.n; i++)
            in[s1.c[i]] = 1;
        s1.n = 0;
        for (int b = 0; b < 256; b++)
            if (!in[b])
                add(&s1, b);
    }
    // What each byte becomes (-1: deleted), and which bytes squeeze.
    int map[256];
    char squeezes[256] = { 0 };
    for (int b = 0; b < 256; b++)
        map[b] = b;
    if (del) {
        for (int i = 0; i < s1.n; i++)
            map[s1.c[i]] = -1;
    } else if (nsets == 2) {
        if (s2.n == 0) {
            fprintf(stderr, "tr: when not truncating set1, string2 must be non-empty\n");
            return 1;
        }
        for (int i = 0; i < s1.n; i++)
            map[s1.c[i]] = s2.c[i < s2.n ? i : s2.n - 1];
    }
    if (squeeze) {
        const struct set *sq = nsets == 2 ? &s2 : &s1;
        for (int i = 0; i < sq->n; i++)
            squeezes[sq->c[i]] = 1;
    }
    int prev = -1;
    while ((c = getchar()) != EOF) {
        int out = map[c];
        if (out < 0)
            continue;
        if (squeeze && out == prev && squeezes[out])
            continue;
        putchar(out);
        prev = out;
    }
    return 0;
}
