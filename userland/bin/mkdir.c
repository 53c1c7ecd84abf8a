// mkdir [-p] DIR...: make directories; -p makes the missing parents too
// and accepts directories that exist.
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

// Make path and every missing parent; 0, or -1 with errno.
static int make_parents(const char *path)
{
    char buf[PATH_MAX];
    if (strlen(path) >= sizeof(buf)) {
        errno = ENAMETOOLONG;
        return -1;
    }
    strcpy(buf, path);
    for (char *p = buf + 1;; p++) {
        if (*p != '/' && *p != '\0')
            continue;
        char saved = *p;
        *p = '\0';
        struct stat st;
        if (mkdir(buf, 0755) < 0 && errno != EEXIST)
            return -1;
        if (stat(buf, &st) < 0)
            return -1;
        if (!S_ISDIR(st.st_mode)) {
            errno = ENOTDIR;
            return -1;
        }
        *p = saved;
        if (saved == '\0')
            return 0;
        while (p[1] == '/')
            p++;
        if (p[1] == '\0')
            return 0;
    }
}

int main(int argc, char **argv)
{
    int parents = 0, c;
    while ((c = getopt(argc, argv, "p")) != -1) {
        if (c != 'p') {
            fprintf(stderr, "usage: mkdir [-p] DIR...\n");
            return 2;
        }
        parents = 1;
    }
    if (optind >= argc) {
        fprintf(stderr, "usage: mkdir [-p] DIR...\n");
        return 2;
    }
    int r = 0;
    for (int i = optind; i < argc; i++) {
        if ((parents ? make_parents(argv[i]) : mkdir(argv[i], 0755)) < 0) {
            fprintf(stderr, "mkdir: %s: %s\n", argv[i], strerror(errno));
            r = 1;
        }
    }
    return r;
}
