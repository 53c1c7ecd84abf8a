// wc [-l] [-w] [-c] [FILE...]: count lines, words and bytes (all three
// when no option is given), per file and in total for several files.
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int show_l, show_w, show_c;

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

// Print one line of counts.
static void print(const struct counts *c, const char *name)
{
    if (show_l)
        printf("%8ld", c->lines);
    if (show_w)
        printf("%8ld", c->words);
    if (show_c)
        printf("%8ld", c->bytes);
    if (name)
        printf(" %s", name);
    putchar('\n');
}

int main(int argc, char **argv)
{
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
    struct counts c, total = { 0, 0, 0 };
    if (optind >= argc) {
        if (count(0, &c) < 0) {
            perror("wc");
            return 1;
        }
        print(&c, NULL);
        return 0;
    }
    int r = 0;
    for (int i = optind; i < argc; i++) {
        int fd = open(argv[i], O_RDONLY);
        if (fd < 0 || count(fd, &c) < 0) {
            fprintf(stderr, "wc: %s: %s\n", argv[i], strerror(errno));
            if (fd >= 0)
                close(fd);
            r = 1;
            continue;
        }
        close(fd);
        print(&c, argv[i]);
        total.lines += c.lines;
        total.words += c.words;
        total.bytes += c.bytes;
    }
    if (argc - optind > 1)
        print(&total, "total");
    return r;
}
