// cmp [-l | -s] FILE1 FILE2: say where two files first differ. Exit 0 when
// they are the same, 1 when they differ, 2 on trouble. "-" is standard
// input.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static FILE *open_file(const char *name)
{
    if (strcmp(name, "-") == 0)
        return stdin;
    FILE *f = fopen(name, "r");
    if (!f) {
        fprintf(stderr, "cmp: %s: %s\n", name, strerror(errno));
        exit(2);
    }
    return f;
}

int main(int argc, char **argv)
{
    int list = 0, silent = 0, c;
    if (argc == 2 && strcmp(argv[1], "--help") == 0) {
        printf("usage: cmp [-l | -s] FILE1 FILE2\n"
               "  compare two files byte by byte; say where they first differ\n"
               "  -l  list every differing byte: its position and both values (octal)\n"
               "  -s  say nothing; the exit status tells (0 same, 1 differ, 2 trouble)\n");
        return 0;
    }
    while ((c = getopt(argc, argv, "ls")) != -1) {
        if (c == 'l')
            list = 1;
        else if (c == 's')
            silent = 1;
        else {
            fprintf(stderr, "usage: cmp [-l | -s] FILE1 FILE2\n");
            return 2;
        }
    }
    if (argc - optind != 2) {
        fprintf(stderr, "usage: cmp [-l | -s] FILE1 FILE2\n");
        return 2;
    }
    const char *n1 = argv[optind], *n2 = argv[optind + 1];
    FILE *f1 = open_file(n1), *f2 = open_file(n2);
    long byte = 1, line = 1;   // where the next byte is
    int differ = 0, last = EOF;
    for (;; byte++) {
        int a = getc(f1), b = getc(f2);
        if (a == EOF || b == EOF) {
            if (a != b) {
                // One file is a prefix of the other.
                // The line of the last byte read: a newline ends its line.
                if (!silent && byte == 1)
                    fprintf(stderr, "cmp: EOF on %s which is empty\n", a == EOF ? n1 : n2);
                else if (!silent && list)
                    fprintf(stderr, "cmp: EOF on %s after byte %ld\n", a == EOF ? n1 : n2,
                            byte - 1);
                else if (!silent)
                    fprintf(stderr, "cmp: EOF on %s after byte %ld, line %ld\n",
                            a == EOF ? n1 : n2, byte - 1, last == '\n' ? line - 1 : line);
                return 1;
            }
            break;
        }
        if (a != b) {
            differ = 1;
            if (silent)
                return 1;
            if (!list) {
                printf("%s %s differ: char %ld, line %ld\n", n1, n2, byte, line);
                return 1;
            }
            printf("%ld %3o %3o\n", byte, a, b);
        }
        if (a == '\n')
            line++;
        last = a;
    }
    return differ;
}
