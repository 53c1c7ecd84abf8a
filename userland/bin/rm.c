// rm [-r] [-f] PATH...: remove files; -r removes directories with what
// they hold; -f says nothing about missing files.
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

static int recursive, force;

// Remove path (recursively for a directory under -r); 0 or 1.
static int remove_path(const char *path)
{
    struct stat st;
    if (stat(path, &st) < 0) {
        if (force && errno == ENOENT)
            return 0;
        fprintf(stderr, "rm: %s: %s\n", path, strerror(errno));
        return 1;
    }
    if (S_ISDIR(st.st_mode)) {
        if (!recursive) {
            fprintf(stderr, "rm: %s: is a directory\n", path);
            return 1;
        }
        int r = 0;
        DIR *d = opendir(path);
        if (d == NULL) {
            fprintf(stderr, "rm: %s: %s\n", path, strerror(errno));
            return 1;
        }
        // Removing entries while reading may make readdir skip some:
        // scan again until a pass removes nothing.
        for (;;) {
            struct dirent *e;
            char child[PATH_MAX];
            int removed = 0;
            rewinddir(d);
            while ((e = readdir(d)) != NULL) {
                if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                    continue;
                if ((size_t)snprintf(child, sizeof(child), "%s/%s", path, e->d_name) >=
                    sizeof(child)) {
                    fprintf(stderr, "rm: %s/%s: name too long\n", path, e->d_name);
                    r = 1;
                    continue;
                }
                if (remove_path(child) == 0)
                    removed++;
                else
                    r = 1;
            }
            if (removed == 0 || r)
                break;
        }
        closedir(d);
        if (rmdir(path) < 0) {
            fprintf(stderr, "rm: %s: %s\n", path, strerror(errno));
            return 1;
        }
        return r;
    }
    if (unlink(path) < 0) {
        fprintf(stderr, "rm: %s: %s\n", path, strerror(errno));
        return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    int c;
    while ((c = getopt(argc, argv, "rRf")) != -1) {
        if (c == 'r' || c == 'R')
            recursive = 1;
        else if (c == 'f')
            force = 1;
        else {
            fprintf(stderr, "usage: rm [-rf] PATH...\n");
            return 2;
        }
    }
    if (optind >= argc && !force) {
        fprintf(stderr, "usage: rm [-rf] PATH...\n");
        return 2;
    }
    int r = 0;
    for (int i = optind; i < argc; i++)
        r |= remove_path(argv[i]);
    return r;
}
