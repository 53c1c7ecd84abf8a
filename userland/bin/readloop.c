// readloop -s STOPFILE FILE: read FILE from start to end, again and again,
// until STOPFILE exists (looked up after each pass). A process that lives
// on calls that run at home (open, read, close): away from home each of
// them is a round trip, so the balancer keeps it home. Prints the passes
// and the bytes read; exits 0 when every pass read the same number of
// bytes.
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/stat.h>

static void usage(void)
{
    fprintf(stderr, "usage: readloop -s stopfile file\n");
    exit(2);
}

int main(int argc, char **argv)
{
    const char *stop = NULL;
    int c;
    while ((c = getopt(argc, argv, "s:")) != -1) {
        if (c == 's')
            stop = optarg;
        else
            usage();
    }
    if (!stop || optind != argc - 1)
        usage();
    const char *path = argv[optind];
    static char buf[512];
    unsigned long passes = 0, total = 0;
    long first = -1;
    int uneven = 0;
    struct stat st;
    for (;;) {
        int fd = open(path, O_RDONLY);
        if (fd < 0) {
            perror(path);
            return 1;
        }
        long got = 0;
        ssize_t n;
        while ((n = read(fd, buf, sizeof(buf))) > 0)
            got += n;
        close(fd);
        if (first < 0)
            first = got;
        uneven |= got != first;
        total += (unsigned long)got;
        passes++;
        if (stat(stop, &st) == 0)
            break;
    }
    printf("readloop: %lu passes, %lu bytes\n", passes, total);
    return uneven ? 1 : 0;
}
