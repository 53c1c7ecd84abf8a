// wc [-l] [-w] [-c] [FILE...]: count lines, words and bytes (all three
// when no option is given), per file and in total for several files. "-"
// (or no FILE) is standard input.
//
// The columns are as wide as GNU wc makes them, so that scripts and eyes
// see the same: one count of one input is printed bare ("3"); otherwise
// every count is as wide as the digits of the inputs' total size (regular
// files: their sizes are known before reading), at least 7 when an input
// is a pipe or a device, whose size is not.
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

static int show_l, show_w, show_c;
static int width;   // of every count

// Counts of one input.
struct counts {
    long lines, words, bytes;
};

// Count fd; 0, or -1 on a read error.
static int count(int fd, struct counts *c)
{
    char buf[4096];
    int inword = 0;
    memset(c, 0, sizeof(*c));
    for (;;) {
        ssize_t n = read(fd, buf, sizeof(buf));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -1;
        if (n == 0)
            return 0;
        c->bytes += n;
        for (ssize_t i = 0; i < n; i++) {
            if (buf[i] == '\n')
                c->lines++;
            if (isspace((unsigned char)buf[i])) {
                inword = 0;
            } else if (!inword) {
                inword = 1;
                c->words++;
            }
        }
    }
}

// Print one line of counts: the counts separated by a space, then the name.
static void print(const struct counts *c, const char *name)
{
    const char *sep = "";
    if (show_l) {
        printf("%s%*ld", sep, width, c->lines);
        sep = " ";
    }
    if (show_w) {
        printf("%s%*ld", sep, width, c->words);
        sep = " ";
    }
    if (show_c)
        printf("%s%*ld", sep, width, c->bytes);
    if (name)
        printf(" %s", name);
    putchar('\n');
}

// The width of the counts for these inputs (NULL or "-": standard input).
static int count_width(char **names, int n)
{
    if (n == 1 && show_l + show_w + show_c == 1)
        return 1;
    int minimum = 1, w = 1;
    long long total = 0;
    for (int i = 0; i < n; i++) {
        struct stat st;
        int r = names[i] && strcmp(names[i], "-") != 0 ? stat(names[i], &st) : fstat(0, &st);
        if (r < 0) {
            if (i == 0)
                return 1;   // (as GNU: a first input that fails sets no width)
            continue;
        }
        if (S_ISREG(st.st_mode))
            total += st.st_size;
        else
            minimum = 7;
    }
    for (; total >= 10; total /= 10)
        w++;
    return w < minimum ? minimum : w;
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--help") == 0) {
        printf("usage: wc [-l] [-w] [-c] [FILE...]\n"
               "  count lines, words and bytes of each FILE (\"-\" or none: standard input),\n"
               "  and their total when there are several\n"
               "  -l  lines (newlines)\n"
               "  -w  words (runs of bytes that are not white space)\n"
               "  -c  bytes\n"
               "  with no option: all three, in that order\n");
        return 0;
    }
    int opt;
    while ((opt = getopt(argc, argv, "lwc")) != -1) {
        if (opt == 'l') show_l = 1;
        else if (opt == 'w') show_w = 1;
        else if (opt == 'c') show_c = 1;
        else {
            fprintf(stderr, "usage: wc [-lwc] [FILE...]\n");
            return 2;
        }
    }
    if (!show_l && !show_w && !show_c)
        show_l = show_w = show_c = 1;
    char *stdin_only[] = { NULL };
    char **names = optind < argc ? argv + optind : stdin_only;
    int n = optind < argc ? argc - optind : 1;
    width = count_width(names, n);
    struct counts c, total = { 0, 0, 0 };
    int r = 0;
    for (int i = 0; i < n; i++) {
        int is_stdin = !names[i] || strcmp(names[i], "-") == 0;
        int fd = is_stdin ? 0 : open(names[i], O_RDONLY);
        if (fd < 0 || count(fd, &c) < 0) {
            fprintf(stderr, "wc: %s: %s\n", names[i] ? names[i] : "-", strerror(errno));
            if (fd > 0)
                close(fd);
            r = 1;
            continue;
        }
        if (!is_stdin)
            close(fd);
        print(&c, names[i]);
        total.lines += c.lines;
        total.words += c.words;
        total.bytes += c.bytes;
    }
    if (n > 1)
        print(&total, "total");
    return r;
}
