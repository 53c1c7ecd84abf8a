// which NAME...: the file each NAME would run as a command: NAME itself
// when it has a '/', else the first executable NAME in the directories
// of PATH (/bin when PATH is not set). Exit 1 if one is not found.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

static int runnable(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 0111);
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--help") == 0) {
        printf("usage: which NAME...\n  print the file each NAME runs, searched in PATH\n");
        return 0;
    }
    if (argc < 2) {
        fprintf(stderr, "usage: which NAME...\n");
        return 1;
    }
    const char *path = getenv("PATH");
    if (!path || !*path)
        path = "/bin";
    int status = 0;
    for (int i = 1; i < argc; i++) {
        const char *name = argv[i];
        if (strchr(name, '/')) {
            if (runnable(name))
                puts(name);
            else
                status = 1;
            continue;
        }
        int found = 0;
        for (const char *p = path; !found; ) {
            const char *end = strchr(p, ':');
            size_t len = end ? (size_t)(end - p) : strlen(p);
            char file[512];
            snprintf(file, sizeof(file), "%.*s/%s", (int)(len ? len : 1), len ? p : ".", name);
            if (runnable(file)) {
                puts(file);
                found = 1;
            }
            if (!end)
                break;
            p = end + 1;
        }
        if (!found)
            status = 1;
    }
    return status;
}
