// tail [-n N] [FILE]: the last N lines (10 by default).
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

// Print the last n lines of f, keeping a ring of the last n lines read.
static int tail(FILE *f, long n)
{
    if (n == 0)
        return 0;
    char **ring = calloc((size_t)n, sizeof(char *));
    if (ring == NULL) {
        fprintf(stderr, "tail: out of memory\n");
        return 1;
    }
    long count = 0;
    char *line = NULL;
    size_t cap = 0;
    while (getline(&line, &cap, f) >= 0) {
        free(ring[count % n]);
        ring[count % n] = strdup(line);
        count++;
    }
    free(line);
    long start = count > n ? count - n : 0;
    for (long i = start; i < count; i++) {
        if (ring[i % n])
            fputs(ring[i % n], stdout);
    }
    for (long i = 0; i < n; i++)
        free(ring[i]);
    free(ring);
    return 0;
}

int main(int argc, char **argv)
{
    long n = 10;
    int c;
    while ((c = getopt(argc, argv, "n:")) != -1) {
        if (c != 'n' || (n = strtol(optarg, NULL, 10)) < 0 || n > 1000000) {
            fprintf(stderr, "usage: tail [-n N] [FILE]\n");
            return 2;
        }
    }
    if (optind >= argc)
        return tail(stdin, n);
    FILE *f = fopen(argv[optind], "r");
    if (f == NULL) {
        fprintf(stderr, "tail: %s: %s\n", argv[optind], strerror(errno));
        return 1;
    }
    int r = tail(f, n);
    fclose(f);
    return r;
}
