// spin [SECONDS]: burn CPU for that many seconds of wall-clock time, or
// forever without an argument (a load for the scheduler and the balancer).
// Prints the loop count reached when it stops.
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(int argc, char **argv)
{
    long seconds = argc > 1 ? strtol(argv[1], NULL, 10) : -1;
    time_t end = time(NULL) + seconds;
    volatile unsigned long x = 0;
    unsigned long rounds = 0;
    for (;;) {
        for (int i = 0; i < 1000000; i++)
            x += (unsigned long)i ^ (x >> 3);
        rounds++;
        if (seconds >= 0 && time(NULL) >= end)
            break;
    }
    printf("spin: %lu million iterations\n", rounds);
    return 0;
}
