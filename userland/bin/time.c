// time [-p] COMMAND [ARG...]: run COMMAND, then say on standard error how
// long it took: real (wall clock), user and sys (CPU time in user mode
// and in the kernel, of it and the children it waited for), in seconds,
// in the POSIX "-p" format. A command that migrates is still timed at
// home: its CPU time comes back with it when it ends. The kernel keeps a
// waited-for child's CPU time as one sum, which shows here as user time.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/times.h>
#include <sys/wait.h>

int main(int argc, char **argv)
{
    int first = 1;
    if (argc == 2 && strcmp(argv[1], "--help") == 0) {
        printf("usage: time [-p] COMMAND [ARG...]\n"
               "  run COMMAND and print its real, user and sys times (seconds) on standard error\n"
               "  (the kernel sums a child's CPU time in one count: it shows as user)\n");
        return 0;
    }
    if (first < argc && strcmp(argv[first], "-p") == 0)
        first++;
    if (first >= argc) {
        fprintf(stderr, "usage: time [-p] COMMAND [ARG...]\n");
        return 2;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid_t pid = fork();
    if (pid < 0) {
        fprintf(stderr, "time: fork: %s\n", strerror(errno));
        return 126;
    }
    if (pid == 0) {
        execvp(argv[first], argv + first);
        fprintf(stderr, "time: %s: %s\n", argv[first], strerror(errno));
        _exit(errno == ENOENT ? 127 : 126);
    }
    int st;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    struct tms t;
    times(&t);
    double hz = (double)sysconf(_SC_CLK_TCK);
    double real = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    fprintf(stderr, "real %.2f\nuser %.2f\nsys %.2f\n", real, (double)t.tms_cutime / hz,
            (double)t.tms_cstime / hz);
    if (WIFEXITED(st))
        return WEXITSTATUS(st);
    return 128 + WTERMSIG(st);
}
