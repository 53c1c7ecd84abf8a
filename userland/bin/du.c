// du [-s] [-a] [PATH...]: the space each PATH (.) and each directory
// under it takes, in KiB (the file system's 512-byte blocks, halved and
// rounded up), largest totals last; -s only the totals of the PATHs, -a
// files too.
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int summary, all;
static int status;

static long kib(const struct stat *st)
{
    return ((long)st->st_blocks + 1) / 2;
}

// The KiB under path; prints directories (and files with -a) on the way.
static long du(const char *path, int top)
{
    struct stat st;
    if (stat(path, &st) < 0) {
        fprintf(stderr, "du: cannot access '%s': %s\n", path, strerror(errno));
        status = 1;
        return 0;
    }
    long total = kib(&st);
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        if (!d) {
            fprintf(stderr, "du: cannot read directory '%s': %s\n", path, strerror(errno));
            status = 1;
        } else {
            struct dirent *e;
            while ((e = readdir(d)) != NULL) {
                if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                    continue;
                char child[1024];
                snprintf(child, sizeof(child), "%s%s%s", path,
                         path[strlen(path) - 1] == '/' ? "" : "/", e->d_name);
                total += du(child, 0);
            }
            closedir(d);
        }
    } else if (!all && !top) {
        return total;
    }
    if (top || !summary)
        printf("%ld\t%s\n", total, path);
    return total;
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--help") == 0) {
        printf("usage: du [-s] [-a] [PATH...]\n"
               "  KiB taken by each PATH and the directories under it\n"
               "  -s  only each PATH's total     -a  files too\n");
        return 0;
    }
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        for (const char *o = argv[i] + 1; *o; o++) {
            if (*o == 's')
                summary = 1;
            else if (*o == 'a')
                all = 1;
            else if (*o != 'k') {
                fprintf(stderr, "usage: du [-s] [-a] [PATH...]\n");
                return 1;
            }
        }
    }
    if (i == argc)
        du(".", 1);
    for (; i < argc; i++)
        du(argv[i], 1);
    return status;
}
