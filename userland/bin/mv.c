// mv SOURCE DEST, or mv SOURCE... DIRECTORY: rename files.
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

// The name of path after its last '/'.
static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: mv SOURCE DEST | mv SOURCE... DIRECTORY\n");
        return 2;
    }
    const char *dest = argv[argc - 1];
    struct stat st;
    int to_dir = stat(dest, &st) == 0 && S_ISDIR(st.st_mode);
    if (!to_dir && argc > 3) {
        fprintf(stderr, "mv: %s: not a directory\n", dest);
        return 1;
    }
    int r = 0;
    for (int i = 1; i < argc - 1; i++) {
        char target[PATH_MAX];
        if (to_dir)
            snprintf(target, sizeof(target), "%s/%s", dest, base_name(argv[i]));
        else
            snprintf(target, sizeof(target), "%s", dest);
        if (rename(argv[i], target) < 0) {
            fprintf(stderr, "mv: %s -> %s: %s\n", argv[i], target, strerror(errno));
            r = 1;
        }
    }
    return r;
}
