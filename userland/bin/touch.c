// touch FILE...: create files that do not exist; set the times of those
// that do to now.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <utime.h>

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: touch FILE...\n");
        return 2;
    }
    int r = 0;
    for (int i = 1; i < argc; i++) {
        if (utime(argv[i], NULL) == 0)
            continue;
        int fd = open(argv[i], O_WRONLY | O_CREAT, 0644);
        if (fd < 0) {
            fprintf(stderr, "touch: %s: %s\n", argv[i], strerror(errno));
            r = 1;
            continue;
        }
        close(fd);
    }
    return r;
}
