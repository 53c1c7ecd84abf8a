// memgrow -s STOPFILE MIB: grow by 1 MiB a second up to MIB MiB, each MiB
// filled with a known pattern, then check every word again and again
// until STOPFILE exists. A workload for memory ushering: a node that runs
// short of memory moves processes off before it runs out. Prints when it
// reached its size, then the rounds and the bad words; exits 0 when no
// word was ever wrong.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/stat.h>

#define MIB (1u << 20)
#define MAX_MIB 256

static uint32_t pattern(uint32_t chunk, uint32_t i)
{
    uint32_t x = (chunk + 1) * 2654435761u ^ i * 40503u;
    x ^= x >> 15;
    return x * 2246822519u;
}

int main(int argc, char **argv)
{
    const char *stop = NULL;
    int c;
    while ((c = getopt(argc, argv, "s:")) != -1) {
        if (c == 's')
            stop = optarg;
        else
            goto usage;
    }
    if (!stop || optind != argc - 1)
        goto usage;
    long size = strtol(argv[optind], NULL, 10);
    if (size <= 0 || size > MAX_MIB)
        goto usage;
    static uint32_t *chunk[MAX_MIB];
    uint32_t words = MIB / 4;
    for (long m = 0; m < size; m++) {
        chunk[m] = malloc(MIB);
        if (!chunk[m]) {
            fprintf(stderr, "memgrow: no memory for MiB %ld\n", m + 1);
            return 1;
        }
        for (uint32_t i = 0; i < words; i++)
            chunk[m][i] = pattern((uint32_t)m, i);
        sleep(1);
    }
    printf("memgrow: %ld MiB reached\n", size);
    fflush(stdout);
    unsigned long bad = 0, rounds = 0;
    struct stat st;
    while (stat(stop, &st) != 0) {
        for (long m = 0; m < size; m++)
            for (uint32_t i = 0; i < words; i++)
                bad += chunk[m][i] != pattern((uint32_t)m, i);
        rounds++;
        sleep(1);
    }
    printf("memgrow: %ld MiB, %lu rounds, %lu bad words\n", size, rounds, bad);
    return bad == 0 ? 0 : 1;
usage:
    fprintf(stderr, "usage: memgrow -s stopfile mib\n");
    return 2;
}
