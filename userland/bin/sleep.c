// sleep SECONDS: wait that long (a decimal fraction is allowed: 0.5).
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: sleep SECONDS\n");
        return 2;
    }
    char *end;
    double s = strtod(argv[1], &end);
    if (*end != '\0' || end == argv[1] || s < 0 || s > 2e9) {
        fprintf(stderr, "sleep: %s: bad number\n", argv[1]);
        return 2;
    }
    struct timespec req = { (time_t)s, (long)((s - (double)(time_t)s) * 1e9) };
    return nanosleep(&req, NULL) == 0 ? 0 : 1;
}
