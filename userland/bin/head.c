// head [-n N] [FILE...]: the first N lines (10 by default).
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

// Copy the first n lines of f to standard output.
static void head(FILE *f, long n)
{
    int c;
    while (n > 0 && (c = fgetc(f)) != EOF) {
        putchar(c);
        if (c == '\n')
            n--;
    }
}

int main(int argc, char **argv)
{
    long n = 10;
    int c;
    while ((c = getopt(argc, argv, "n:")) != -1) {
        if (c != 'n' || (n = strtol(optarg, NULL, 10)) < 0) {
            fprintf(stderr, "usage: head [-n N] [FILE...]\n");
            return 2;
        }
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
