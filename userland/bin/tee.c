// tee [-a] [FILE...]: copy standard input to standard output and to each
// FILE (appending with -a).
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_FILES 32

static int write_all(int fd, const char *buf, ssize_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, buf, (size_t)n);
        if (w < 0)
            return -1;
        buf += w;
        n -= w;
    }
    return 0;
}

int main(int argc, char **argv)
{
    int flags = O_WRONLY | O_CREAT | O_TRUNC, c;
    if (argc == 2 && strcmp(argv[1], "--help") == 0) {
        printf("usage: tee [-a] [FILE...]\n"
               "  copy standard input to standard output and to each FILE\n"
               "  -a  append to the files instead of overwriting them\n");
        return 0;
    }
    while ((c = getopt(argc, argv, "a")) != -1) {
        if (c != 'a') {
            fprintf(stderr, "usage: tee [-a] [FILE...]\n");
            return 1;
        }
        flags = O_WRONLY | O_CREAT | O_APPEND;
    }
    int fds[MAX_FILES], nfds = 0, status = 0;
    for (int i = optind; i < argc; i++) {
        if (nfds == MAX_FILES) {
            fprintf(stderr, "tee: more than %d files\n", MAX_FILES);
            return 1;
        }
        int fd = open(argv[i], flags, 0644);
        if (fd < 0) {
            fprintf(stderr, "tee: %s: %s\n", argv[i], strerror(errno));
            status = 1;
            continue;
        }
        fds[nfds++] = fd;
    }
    char buf[4096];
    ssize_t n;
    while ((n = read(0, buf, sizeof(buf))) > 0) {
        if (write_all(1, buf, n) < 0)
            status = 1;
        for (int i = 0; i < nfds; i++)
            if (fds[i] >= 0 && write_all(fds[i], buf, n) < 0) {
                fprintf(stderr, "tee: write: %s\n", strerror(errno));
                fds[i] = -1;
                status = 1;
            }
    }
    for (int i = 0; i < nfds; i++)
        if (fds[i] >= 0)
            close(fds[i]);
    return status;
}
