// tail [-f] [-n [+]N] [FILE]: the last N lines (10 by default), or with +N
// every line from line N on; with -f, then
// everything written to FILE after, as it comes (checked twice a second),
// until killed.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>

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

// -n +N: skip the first n - 1 lines of f, copy the rest.
static int tail_from(FILE *f, long n)
{
    int c;
    long line = 1;
    while (line < n && (c = getc(f)) != EOF)
        line += c == '\n';
    char buf[4096];
    size_t got;
    while ((got = fread(buf, 1, sizeof(buf), f)) > 0)
        fwrite(buf, 1, got, stdout);
    return 0;
}

// -f: copy what is appended to fd from now on, for ever. A file that
// shrank was truncated: start again from its new end.
static int follow(int fd, const char *name)
{
    off_t at = lseek(fd, 0, SEEK_CUR);
    char buf[4096];
    for (;;) {
        fflush(stdout);
        struct timespec half = { 0, 500000000 };
        nanosleep(&half, NULL);
        struct stat st;
        if (fstat(fd, &st) == 0 && st.st_size < at) {
            fprintf(stderr, "tail: %s: file truncated\n", name);
            at = lseek(fd, st.st_size, SEEK_SET);
        }
        ssize_t r;
        while ((r = read(fd, buf, sizeof(buf))) > 0) {
            fwrite(buf, 1, (size_t)r, stdout);
            at += r;
        }
        if (r < 0) {
            fprintf(stderr, "tail: %s: %s\n", name, strerror(errno));
            return 1;
        }
    }
}

int main(int argc, char **argv)
{
    long n = 10;
    int c, follow_it = 0, from_start = 0;
    if (argc == 2 && strcmp(argv[1], "--help") == 0) {
        printf("usage: tail [-f] [-n [+]N] [FILE]\n"
               "  the last N lines (10) of FILE, or with +N every line from line N on;\n"
               "  -f: then what is written to it, until killed\n");
        return 0;
    }
    while ((c = getopt(argc, argv, "fn:")) != -1) {
        if (c == 'f') {
            follow_it = 1;
            continue;
        }
        if (c == 'n' && optarg[0] == '+')
            from_start = 1;
        char *end = NULL;
        if (c == 'n')
            n = strtol(optarg + from_start, &end, 10);
        if (c != 'n' || end == optarg + from_start || *end != '\0' || n < 0 || n > 1000000) {
            fprintf(stderr, "usage: tail [-f] [-n [+]N] [FILE]\n");
            return 2;
        }
    }
    if (optind >= argc)
        return from_start ? tail_from(stdin, n) : tail(stdin, n);
    FILE *f = fopen(argv[optind], "r");
    if (f == NULL) {
        fprintf(stderr, "tail: %s: %s\n", argv[optind], strerror(errno));
        return 1;
    }
    int r = from_start ? tail_from(f, n) : tail(f, n);
    if (r == 0 && follow_it)
        return follow(fileno(f), argv[optind]);
    fclose(f);
    return r;
}
