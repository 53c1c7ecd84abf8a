// Source and target names for cp and mv (see targets.h).
#include "targets.h"
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

int for_each_target(const char *prog, int argc, char **argv,
                    int (*fn)(const char *src, const char *dst))
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s SOURCE DEST | %s SOURCE... DIRECTORY\n", prog, prog);
        return 2;
    }
    const char *dest = argv[argc - 1];
    struct stat st;
    int to_dir = stat(dest, &st) == 0 && S_ISDIR(st.st_mode);
    if (!to_dir && argc > 3) {
        fprintf(stderr, "%s: %s: not a directory\n", prog, dest);
        return 1;
    }
    int r = 0;
    for (int i = 1; i < argc - 1; i++) {
        char target[PATH_MAX];
        if (to_dir)
            snprintf(target, sizeof(target), "%s/%s", dest, base_name(argv[i]));
        else
            snprintf(target, sizeof(target), "%s", dest);
        if (fn(argv[i], target) != 0)
            r = 1;
    }
    return r;
}
