// jobspawn [-n JOBS] [-l LIMIT]: the cluster demo's job spawner. Starts
// JOBS children (default 6) at once; each counts the primes below LIMIT
// (default 5000000) by trial division, a real computation whose answer is
// known, and says where it ran. Nobody tells the jobs where to go: on a
// cluster the balancer spreads them. The spawner waits for every job at
// home, checks every answer, and prints the makespan. Exits 0 when every
// answer was right.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>
#include "procfile.h"

// pi(x): the number of primes below x, for the limits jobspawn accepts.
static const struct {
    long limit, primes;
} known[] = {
    { 10000, 1229 }, { 100000, 9592 }, { 200000, 17984 }, { 300000, 25997 },
    { 400000, 33860 }, { 500000, 41538 }, { 1000000, 78498 }, { 2000000, 148933 },
    { 5000000, 348513 }, { 10000000, 664579 },
};

static long primes_below(long limit)
{
    long count = 0;
    for (long n = 2; n < limit; n++) {
        int prime = 1;
        for (long d = 2; d * d <= n; d++) {
            if (n % d == 0) {
                prime = 0;
                break;
            }
        }
        count += prime;
    }
    return count;
}

// The node this process runs on now (its /proc/PID/where), or -1.
static int where(void)
{
    char path[40], buf[16];
    snprintf(path, sizeof(path), "/proc/%d/where", (int)getpid());
    return proc_read(path, buf, sizeof(buf)) < 0 ? -1 : atoi(buf);
}

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    int jobs = 6, c;
    long limit = 5000000, want = -1;
    while ((c = getopt(argc, argv, "n:l:")) != -1) {
        if (c == 'n')
            jobs = atoi(optarg);
        else if (c == 'l')
            limit = atol(optarg);
        else
            goto usage;
    }
    for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
        if (known[i].limit == limit)
            want = known[i].primes;
    if (jobs < 1 || jobs > 64 || want < 0 || optind != argc)
        goto usage;
    double start = now_s();
    for (int k = 1; k <= jobs; k++) {
        pid_t pid = fork();
        if (pid < 0) {
            perror("jobspawn: fork");
            return 1;
        }
        if (pid == 0) {
            int from = where();
            long got = primes_below(limit);
            printf("job %d (pid %d): %ld primes below %ld (%s), started on node %d, "
                   "ended on node %d\n", k, (int)getpid(), got, limit,
                   got == want ? "right" : "WRONG", from, where());
            return got == want ? 0 : 1;
        }
    }
    int wrong = 0, st;
    for (int k = 0; k < jobs; k++) {
        if (wait(&st) < 0) {
            perror("jobspawn: wait");
            return 1;
        }
        wrong += !(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    }
    printf("jobspawn: %d jobs, %d right, %d wrong, makespan %.1f s\n", jobs, jobs - wrong, wrong,
           now_s() - start);
    return wrong ? 1 : 0;
usage:
    fprintf(stderr, "usage: jobspawn [-n jobs] [-l limit]  (limit: 10000, 100000, 200000, "
                    "300000, 400000, 500000, 1000000, 2000000, 5000000, 10000000)\n");
    return 2;
}
