// memfill [-k] [-s STOPFILE] [-n ROUNDS] SIZE: a workload for migration tests.
// Fills SIZE MiB (KiB with -k) with a known pattern, then in each round checks every word
// against the pattern of that round and writes the next round's pattern,
// so that any page lost, stale or moved to the wrong place on the way
// between nodes shows up as bad words. Runs ROUNDS rounds, or until
// STOPFILE exists (looked up once a round: a call that runs at home for a
// migrated process), and prints the rounds, the bad words and a checksum.
// Exits 0 when no word was ever wrong.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/stat.h>

// The word at index i in round r.
static uint32_t pattern(uint32_t i, uint32_t r)
{
    uint32_t x = i * 2654435761u ^ (r + 1) * 40503u;
    x ^= x >> 15;
    x *= 2246822519u;
    return x ^ (x >> 13);
}

static void usage(void)
{
    fprintf(stderr, "usage: memfill [-k] [-s stopfile] [-n rounds] mib|kib\n");
    exit(2);
}

int main(int argc, char **argv)
{
    const char *stop = NULL;
    long rounds = -1;
    int c, kib = 0;
    while ((c = getopt(argc, argv, "ks:n:")) != -1) {
        if (c == 'k')
            kib = 1;
        else if (c == 's')
            stop = optarg;
        else if (c == 'n')
            rounds = strtol(optarg, NULL, 10);
        else
            usage();
    }
    if (optind != argc - 1 || (!stop && rounds < 0))
        usage();
    long size = strtol(argv[optind], NULL, 10);
    const char *unit = kib ? "KiB" : "MiB";
    if (size <= 0 || size > (kib ? 256L << 10 : 256))
        usage();
    uint32_t n = (uint32_t)(size << (kib ? 10 : 20)) / 4;
    uint32_t *w = malloc((size_t)n * 4);
    if (!w) {
        fprintf(stderr, "memfill: no memory for %ld %s\n", size, unit);
        return 1;
    }
    for (uint32_t i = 0; i < n; i++)
        w[i] = pattern(i, 0);
    printf("memfill: %ld %s filled\n", size, unit);
    fflush(stdout);
    uint32_t r = 0, sum = 0;
    unsigned long bad = 0;
    struct stat st;
    while (rounds < 0 || r < (uint32_t)rounds) {
        sum = 0;
        for (uint32_t i = 0; i < n; i++) {
            if (w[i] != pattern(i, r))
                bad++;
            sum += w[i];
            w[i] = pattern(i, r + 1);
        }
        r++;
        if (stop && stat(stop, &st) == 0)
            break;
    }
    printf("memfill: %ld %s, %u rounds, %lu bad words, checksum %08x\n", size, unit, r, bad,
           sum);
    return bad == 0 ? 0 : 1;
}
