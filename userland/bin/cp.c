// cp SOURCE DEST, or cp SOURCE... DIRECTORY: copy files.
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include "targets.h"
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

// Copy file from to file to (created or truncated); 0 or 1.
static int copy_file(const char *from, const char *to)
{
    int in = open(from, O_RDONLY);
    if (in < 0) {
        fprintf(stderr, "cp: %s: %s\n", from, strerror(errno));
        return 1;
    }
    struct stat st;
    if (fstat(in, &st) == 0 && S_ISDIR(st.st_mode)) {
        fprintf(stderr, "cp: %s: is a directory\n", from);
        close(in);
        return 1;
    }
    int out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (out < 0) {
        fprintf(stderr, "cp: %s: %s\n", to, strerror(errno));
        close(in);
        return 1;
    }
    char buf[4096];
    int r = 0;
    for (;;) {
        ssize_t n = read(in, buf, sizeof(buf));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            if (n < 0) {
                fprintf(stderr, "cp: %s: %s\n", from, strerror(errno));
                r = 1;
            }
            break;
        }
        if (write(out, buf, (size_t)n) != n) {
            fprintf(stderr, "cp: %s: %s\n", to, strerror(errno));
            r = 1;
            break;
        }
    }
    close(in);
    if (close(out) < 0)
        r = 1;
    return r;
}

int main(int argc, char **argv)
{
    return for_each_target("cp", argc, argv, copy_file);
}
