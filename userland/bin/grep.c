// grep [-v] [-c] STRING [FILE...]: print the lines that contain STRING (a
// fixed string); -v those that do not; -c only how many. Exit 0 when a
// line was selected, 1 when none, 2 on errors.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int invert, count_only;

// Scan f; prefix names lines when several files are searched. Returns
// the number of selected lines.
static long grep(FILE *f, const char *pattern, const char *prefix)
{
    char *line = NULL;
    size_t cap = 0;
    long selected = 0;
    while (getline(&line, &cap, f) >= 0) {
        int match = strstr(line, pattern) != NULL;
        if (match == invert)
            continue;
        selected++;
        if (count_only)
            continue;
        if (prefix)
            printf("%s:", prefix);
        fputs(line, stdout);
        if (line[strlen(line) - 1] != '\n')
            putchar('\n');
    }
    free(line);
    if (count_only) {
        if (prefix)
            printf("%s:", prefix);
        printf("%ld\n", selected);
    }
    return selected;
}

int main(int argc, char **argv)
{
    int c;
    while ((c = getopt(argc, argv, "vc")) != -1) {
        if (c == 'v')
            invert = 1;
        else if (c == 'c')
            count_only = 1;
        else {
            fprintf(stderr, "usage: grep [-vc] STRING [FILE...]\n");
            return 2;
        }
    }
    if (optind >= argc) {
        fprintf(stderr, "usage: grep [-vc] STRING [FILE...]\n");
        return 2;
    }
    const char *pattern = argv[optind++];
    if (optind >= argc)
        return grep(stdin, pattern, NULL) ? 0 : 1;
    int errors = 0;
    long total = 0;
    int many = argc - optind > 1;
    for (int i = optind; i < argc; i++) {
        FILE *f = fopen(argv[i], "r");
        if (f == NULL) {
            fprintf(stderr, "grep: %s: %s\n", argv[i], strerror(errno));
            errors = 1;
            continue;
        }
        total += grep(f, pattern, many ? argv[i] : NULL);
        fclose(f);
    }
    return errors ? 2 : total ? 0 : 1;
}
