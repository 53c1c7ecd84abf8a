// date [-u] [+FORMAT]: the time now, in UTC (the nodes keep no time zone,
// so -u changes nothing), as FORMAT says (strftime's % sequences) or as
// "Wed Dec  2 14:03:17 UTC 2026".
#include <stdio.h>
#include <string.h>
#include <time.h>

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--help") == 0) {
        printf("usage: date [-u] [+FORMAT]\n"
               "  the time now (UTC), as FORMAT says: %%Y-%%m-%%d %%H:%%M:%%S %%s ...\n");
        return 0;
    }
    int i = 1;
    if (i < argc && strcmp(argv[i], "-u") == 0)
        i++;
    const char *fmt = "%a %b %e %H:%M:%S UTC %Y";
    if (i < argc && argv[i][0] == '+')
        fmt = argv[i++] + 1;
    if (i < argc) {
        fprintf(stderr, "date: setting the time is not supported; usage: date [-u] [+FORMAT]\n");
        return 1;
    }
    time_t now = time(NULL);
    char out[256];
    struct tm tm;
    gmtime_r(&now, &tm);
    if (strftime(out, sizeof(out), fmt, &tm) == 0 && fmt[0]) {
        fprintf(stderr, "date: format too long\n");
        return 1;
    }
    puts(out);
    return 0;
}
