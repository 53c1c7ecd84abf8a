// uname [-a] [-s] [-n] [-r] [-v] [-m]: print system information (the
// system name alone by default).
#include <stdio.h>
#include <unistd.h>
#include <sys/utsname.h>

int main(int argc, char **argv)
{
    int s = 0, n = 0, r = 0, v = 0, m = 0, c;
    while ((c = getopt(argc, argv, "asnrvm")) != -1) {
        switch (c) {
        case 'a': s = n = r = v = m = 1; break;
        case 's': s = 1; break;
        case 'n': n = 1; break;
        case 'r': r = 1; break;
        case 'v': v = 1; break;
        case 'm': m = 1; break;
        default:
            fprintf(stderr, "usage: uname [-asnrvm]\n");
            return 2;
        }
    }
    if (!(s || n || r || v || m))
        s = 1;
    struct utsname u;
    if (uname(&u) < 0) {
        perror("uname");
        return 1;
    }
    const char *parts[5] = { s ? u.sysname : NULL, n ? u.nodename : NULL,
                             r ? u.release : NULL, v ? u.version : NULL,
                             m ? u.machine : NULL };
    int first = 1;
    for (int i = 0; i < 5; i++) {
        if (parts[i] == NULL)
            continue;
        printf(first ? "%s" : " %s", parts[i]);
        first = 0;
    }
    putchar('\n');
    return 0;
}
