// chmod MODE FILE...: set the permission bits of each FILE. MODE is octal
// (644) or symbolic, as POSIX has it: [ugoa]*[+-=][rwx]*, several
// separated by commas (u+x,go-w).
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

// The new mode from old and the symbolic mode s; -1 if s is not one.
static long symbolic(const char *s, mode_t old, mode_t mask)
{
    mode_t mode = old & 07777;
    while (*s) {
        mode_t who = 0;
        for (; strchr("ugoa", *s) && *s; s++)
            who |= *s == 'u' ? 04700 : *s == 'g' ? 02070 : *s == 'o' ? 01007 : 07777;
        char op = *s++;
        if (op != '+' && op != '-' && op != '=')
            return -1;
        mode_t bits = 0;
        for (; *s && *s != ','; s++) {
            if (*s == 'r')
                bits |= 0444;
            else if (*s == 'w')
                bits |= 0222;
            else if (*s == 'x')
                bits |= 0111;
            else
                return -1;
        }
        if (who == 0)   // no u, g, o, a: all, but not what the umask hides
            who = 07777 & ~mask;
        bits &= who;
        if (op == '+')
            mode |= bits;
        else if (op == '-')
            mode &= ~bits;
        else
            mode = (mode & ~(who & 0777)) | bits;
        if (*s == ',')
            s++;
    }
    return mode;
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--help") == 0) {
        printf("usage: chmod MODE FILE...\n"
               "  set the permission bits: MODE octal (755) or symbolic (u+x,go-w)\n");
        return 0;
    }
    if (argc < 3) {
        fprintf(stderr, "usage: chmod MODE FILE...\n");
        return 1;
    }
    mode_t mask = umask(0);
    umask(mask);
    char *end;
    long octal = strtol(argv[1], &end, 8);
    int is_octal = *end == '\0' && argv[1][0] >= '0' && argv[1][0] <= '7';
    int status = 0;
    for (int i = 2; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) < 0) {
            fprintf(stderr, "chmod: %s: %s\n", argv[i], strerror(errno));
            status = 1;
            continue;
        }
        long mode = is_octal ? octal : symbolic(argv[1], st.st_mode, mask);
        if (mode < 0 || mode > 07777) {
            fprintf(stderr, "chmod: invalid mode: '%s'\n", argv[1]);
            return 1;
        }
        if (chmod(argv[i], (mode_t)mode) < 0) {
            fprintf(stderr, "chmod: %s: %s\n", argv[i], strerror(errno));
            status = 1;
        }
    }
    return status;
}
