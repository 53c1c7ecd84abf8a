// head [-n N | -c N] [FILE...]: the first N lines (10 by default), or
// with -c the first N bytes.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int bytes;   // -c: n counts bytes, not lines

// Copy the first n lines (bytes) of f to standard output.
static void head(FILE *f, long n)
{
    int c;
    while (n > 0 && (c = fgetc(f)) != EOF) {
        putchar(c);
        if (bytes || c == '\n')
            n--;
    }
}

int main(int argc, char **argv)
{
    long n = 10;
    int c;
    if (argc == 2 && strcmp(argv[1], "--help") == 0) {
        printf("usage: head [-n N | -c N] [FILE...]\n"
               "  the first N lines (10), or with -c the first N bytes, of each FILE\n");
        return 0;
    }
    while ((c = getopt(argc, argv, "n:c:")) != -1) {
        if ((c != 'n' && c != 'c') || (n = strtol(optarg, NULL, 10)) < 0) {
            fprintf(stderr, "usage: head [-n N | -c N] [FILE...]\n");
            return 2;
        }
        bytes = c == 'c';
    }
    if (optind >= argc) {
        head(stdin, n);
        return 0;
    }
    int r = 0;
    for (int i = optind; i < argc; i++) {
        FILE *f = fopen(argv[i], "r");
        if (f == NULL) {
            fprintf(stderr, "head: %s: %s\n", argv[i], strerror(errno));
            r = 1;
            continue;
        }
        if (argc - optind > 1)
            printf("%s==> %s <==\n", i > optind ? "\n" : "", argv[i]);
        head(f, n);
        fclose(f);
    }
    return r;
}
