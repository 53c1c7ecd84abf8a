// uniq [-c] [-d | -u] [INPUT [OUTPUT]]: copy INPUT with runs of equal
// adjacent lines written once; -c counts them, -d writes only lines that
// repeat, -u only lines that do not.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int count, only_dups, only_uniq;

static void emit(FILE *out, const char *line, long n)
{
    if ((only_dups && n < 2) || (only_uniq && n > 1))
        return;
    if (count)
        fprintf(out, "%7ld %s", n, line);
    else
        fputs(line, out);
}

int main(int argc, char **argv)
{
    int c;
    if (argc == 2 && strcmp(argv[1], "--help") == 0) {
        printf("usage: uniq [-c] [-d | -u] [INPUT [OUTPUT]]\n"
               "  write each run of equal adjacent lines once\n"
               "  -c  prefix each line with the length of its run\n"
               "  -d  only lines that repeat\n"
               "  -u  only lines that do not repeat\n");
        return 0;
    }
    while ((c = getopt(argc, argv, "cdu")) != -1) {
        if (c == 'c')
            count = 1;
        else if (c == 'd')
            only_dups = 1;
        else if (c == 'u')
            only_uniq = 1;
        else {
            fprintf(stderr, "usage: uniq [-c] [-d | -u] [INPUT [OUTPUT]]\n");
            return 1;
        }
    }
    FILE *in = stdin, *out = stdout;
    if (optind < argc && strcmp(argv[optind], "-") != 0 && !(in = fopen(argv[optind], "r"))) {
        fprintf(stderr, "uniq: %s: %s\n", argv[optind], strerror(errno));
        return 1;
    }
    if (optind + 1 < argc && !(out = fopen(argv[optind + 1], "w"))) {
        fprintf(stderr, "uniq: %s: %s\n", argv[optind + 1], strerror(errno));
        return 1;
    }
    char *prev = NULL, *line = NULL;
    size_t prevcap = 0, cap = 0;
    long run = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, in)) >= 0) {
        if (len == 0 || line[len - 1] != '\n') {   // a last line without its newline gets one
            if ((size_t)len + 2 > cap && !(line = realloc(line, cap = (size_t)len + 2)))
                return 1;
            line[len++] = '\n';
            line[len] = '\0';
        }
        if (prev && strcmp(prev, line) == 0) {
            run++;
            continue;
        }
        if (prev)
            emit(out, prev, run);
        if ((size_t)len + 1 > prevcap && !(prev = realloc(prev, prevcap = (size_t)len + 1)))
            return 1;
        memcpy(prev, line, (size_t)len + 1);
        run = 1;
    }
    if (prev)
        emit(out, prev, run);
    return fclose(out) == 0 ? 0 : 1;
}
