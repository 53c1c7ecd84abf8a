// mosrun [-h | -b | -j NODE | -l] PROGRAM [ARGS...]: run a program with a
// placement, the openMosix way. mosrun starts at home, places itself, then
// becomes PROGRAM (execve), so the program runs where it was placed from
// its first instruction, and keeps mosrun's pid.
//   (none)   at home, and the balancer moves it when that pays
//   -b       on the best node now (the balancer's placement: the lowest load
//            for its speed, home on a tie)
//   -j NODE  on node NODE (it moves there before the program starts)
//   -h       at home, and never moved (locked)
//   -l       where it starts (home), but locked: no move, asked or automatic
// Exits 1 with the reason when the placement cannot be made, 127 when the
// program cannot be run.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void usage(void)
{
    fprintf(stderr, "usage: mosrun [-h | -b | -j node | -l] program [args...]\n");
    exit(2);
}

// Write text to /proc/<own pid>/file. 0, or -1 with errno.
static int proc_self_write(const char *file, const char *text)
{
    char path[64];
    snprintf(path, sizeof(path), "/proc/%d/%s", (int)getpid(), file);
    int fd = open(path, O_WRONLY);
    if (fd < 0)
        return -1;
    int r = write(fd, text, strlen(text)) < 0 ? -1 : 0;
    int e = errno;
    close(fd);
    errno = e;
    return r;
}

// The last outcome of a move of this process ("ok 2", "failed 2: why").
static void last_outcome(char *buf, size_t size)
{
    char path[64];
    snprintf(path, sizeof(path), "/proc/%d/migstat", (int)getpid());
    buf[0] = '\0';
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return;
    ssize_t n = read(fd, buf, size - 1);
    close(fd);
    buf[n > 0 ? n : 0] = '\0';
    buf[strcspn(buf, "\n")] = '\0';
}

int main(int argc, char **argv)
{
    const char *node = NULL;
    int lock = 0, c;
    while ((c = getopt(argc, argv, "+bhj:l")) != -1) {
        switch (c) {
        case 'b': node = "best"; break;
        case 'h': lock = 1; node = "home"; break;
        case 'j': node = optarg; break;
        case 'l': lock = 1; break;
        default: usage();
        }
    }
    if (optind >= argc)
        usage();
    if (node && strcmp(node, "home") != 0) {
        char *end;
        long n = strtol(node, &end, 10);
        if (strcmp(node, "best") != 0 && (*end || n < 0))
            usage();
        if (proc_self_write("goto", node) < 0) {
            char why[128];
            last_outcome(why, sizeof(why));
            fprintf(stderr, "mosrun: cannot run on node %s: %s\n", node,
                    why[0] ? strchr(why, ' ') + 1 : strerror(errno));
            return 1;
        }
        // The move happened before that write returned, or failed.
        char how[128];
        last_outcome(how, sizeof(how));
        if (!strstr(how, " ok ")) {
            fprintf(stderr, "mosrun: cannot run on node %s: %s\n", node,
                    strchr(how, ' ') ? strchr(how, ' ') + 1 : "no outcome");
            return 1;
        }
    }
    if (lock && proc_self_write("lock", "1") < 0) {
        perror("mosrun: lock");
        return 1;
    }
    execvp(argv[optind], argv + optind);
    fprintf(stderr, "mosrun: %s: %s\n", argv[optind], strerror(errno));
    return 127;
}
