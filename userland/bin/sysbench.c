// sysbench: how fast the kernel does the basic things.
//   sysbench null N    N system calls that do nothing: getpid (runs on the
//                      record directly) and getppid (goes through the envelope)
//   sysbench spawn N   N times fork + exec /bin/true + exit + wait
// Prints calls per second, measured with gettimeofday.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

static double now(void)
{
    struct timeval tv;
    gettimeofday(&tv, NULL);
    return tv.tv_sec + tv.tv_usec / 1e6;
}

static void report(const char *what, long n, double secs)
{
    printf("%s: %ld in %.2f s = %.0f per second\n", what, n, secs, secs > 0 ? n / secs : 0.0);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: sysbench null|spawn N\n");
        return 2;
    }
    long n = atol(argv[2]);
    if (strcmp(argv[1], "null") == 0) {
        double t = now();
        for (long i = 0; i < n; i++)
            getpid();
        report("getpid (local)", n, now() - t);
        t = now();
        for (long i = 0; i < n; i++)
            getppid();
        report("getppid (enveloped)", n, now() - t);
        return 0;
    }
    if (strcmp(argv[1], "spawn") == 0) {
        double t = now();
        for (long i = 0; i < n; i++) {
            pid_t pid = fork();
            if (pid == 0) {
                char *args[] = { "/bin/true", NULL };
                execv(args[0], args);
                _exit(127);
            }
            int st;
            if (pid < 0 || waitpid(pid, &st, 0) != pid || st != 0) {
                fprintf(stderr, "sysbench: spawn %ld failed\n", i);
                return 1;
            }
        }
        report("fork+exec+exit+wait", n, now() - t);
        return 0;
    }
    fprintf(stderr, "sysbench: unknown test %s\n", argv[1]);
    return 2;
}
