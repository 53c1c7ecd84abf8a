// ls [-l] [-a] [PATH...]: list directories (sorted by name) and files.
// -l adds type and mode, links, size and modification time; -a shows
// names that start with '.'.
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>

static int long_form, all;

// "drwxr-xr-x" for mode.
static void mode_string(mode_t m, char out[11])
{
    char t = '-';
    if (S_ISDIR(m)) t = 'd';
    else if (S_ISCHR(m)) t = 'c';
    else if (S_ISBLK(m)) t = 'b';
    else if (S_ISFIFO(m)) t = 'p';
    else if (S_ISSOCK(m)) t = 's';
    out[0] = t;
    const char *rwx = "rwxrwxrwx";
    for (int i = 0; i < 9; i++)
        out[1 + i] = (m & (0400u >> i)) ? rwx[i] : '-';
    out[10] = '\0';
}

// Print one entry: name as shown, path to stat for -l.
static void show(const char *path, const char *name)
{
    if (!long_form) {
        printf("%s\n", name);
        return;
    }
    struct stat st;
    if (stat(path, &st) < 0) {
        printf("?????????? %s\n", name);
        return;
    }
    char m[11], when[32];
    mode_string(st.st_mode, m);
    time_t t = st.st_mtime;
    strftime(when, sizeof(when), "%Y-%m-%d %H:%M", gmtime(&t));
    printf("%s %3u %8ld %s %s%s\n", m, (unsigned)st.st_nlink, (long)st.st_size, when, name,
           S_ISDIR(st.st_mode) ? "/" : "");
}

// qsort order of names.
static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

// List directory path; 0, or 1 on an error.
static int list_dir(const char *path)
{
    DIR *d = opendir(path);
    if (d == NULL) {
        fprintf(stderr, "ls: %s: %s\n", path, strerror(errno));
        return 1;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.' && !all)
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 32;
            char **grown = realloc(names, cap * sizeof(char *));
            if (grown == NULL) {
                fprintf(stderr, "ls: out of memory\n");
                closedir(d);
                return 1;
            }
            names = grown;
        }
        names[n] = strdup(e->d_name);
        if (names[n])
            n++;
    }
    closedir(d);
    qsort(names, n, sizeof(char *), by_name);
    for (size_t i = 0; i < n; i++) {
        char full[PATH_MAX];
        snprintf(full, sizeof(full), "%s/%s", path, names[i]);
        show(full, names[i]);
        free(names[i]);
    }
    free(names);
    return 0;
}

int main(int argc, char **argv)
{
    int c;
    while ((c = getopt(argc, argv, "la")) != -1) {
        if (c == 'l')
            long_form = 1;
        else if (c == 'a')
            all = 1;
        else {
            fprintf(stderr, "usage: ls [-la] [PATH...]\n");
            return 2;
        }
    }
    if (optind >= argc)
        return list_dir(".");
    int r = 0;
    int many = argc - optind > 1;
    for (int i = optind; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) < 0) {
            fprintf(stderr, "ls: %s: %s\n", argv[i], strerror(errno));
            r = 1;
            continue;
        }
        if (!S_ISDIR(st.st_mode)) {
            show(argv[i], argv[i]);
            continue;
        }
        if (many)
            printf("%s%s:\n", i > optind ? "\n" : "", argv[i]);
        r |= list_dir(argv[i]);
    }
    return r;
}
