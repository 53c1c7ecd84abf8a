// find [PATH...] [-name PATTERN] [-type f|d] [-maxdepth N] [-print]: list
// PATH (.) and everything under it, depth first, directories before their
// contents, one path a line; the tests keep only the matching ones.
// PATTERN is a shell pattern (* ? [...]) matched against the last part.
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *name_pattern;   // -name
static char type_want;             // -type: 'f', 'd' or 0
static long max_depth = -1;        // -maxdepth, -1: no limit
static int status;

// Does s match the shell pattern p (* ? [set] [!set] \c)?
static int fnmatch_simple(const char *p, const char *s)
{
    for (; *p; p++, s++) {
        if (*p == '*') {
            while (p[1] == '*')
                p++;
            for (const char *t = s; ; t++) {
                if (fnmatch_simple(p + 1, t))
                    return 1;
                if (!*t)
                    return 0;
            }
        }
        if (!*s)
            return 0;
        if (*p == '?')
            continue;
        if (*p == '[') {
            const char *q = p + 1;
            int negate = *q == '!' || *q == '^', found = 0;
            if (negate)
                q++;
            for (int first = 1; *q && (*q != ']' || first); first = 0) {
                char lo = *q++, hi = lo;
                if (*q == '-' && q[1] && q[1] != ']') {
                    hi = q[1];
                    q += 2;
                }
                if (*s >= lo && *s <= hi)
                    found = 1;
            }
            if (*q != ']' || found == negate)
                return 0;
            p = q;
            continue;
        }
        if (*p == '\\' && p[1])
            p++;
        if (*p != *s)
            return 0;
    }
    return *s == '\0';
}

static void visit(const char *path, long depth)
{
    struct stat st;
    if (stat(path, &st) < 0) {
        fprintf(stderr, "find: '%s': %s\n", path, strerror(errno));
        status = 1;
        return;
    }
    const char *base = strrchr(path, '/');
    base = base && base[1] ? base + 1 : path;
    int ok = 1;
    if (name_pattern && !fnmatch_simple(name_pattern, base))
        ok = 0;
    if (type_want == 'f' && !S_ISREG(st.st_mode))
        ok = 0;
    if (type_want == 'd' && !S_ISDIR(st.st_mode))
        ok = 0;
    if (ok)
        puts(path);
    if (!S_ISDIR(st.st_mode) || (max_depth >= 0 && depth >= max_depth))
        return;
    DIR *d = opendir(path);
    if (!d) {
        fprintf(stderr, "find: '%s': %s\n", path, strerror(errno));
        status = 1;
        return;
    }
    // The names first: the directory stays open for no longer than needed.
    char **names = NULL;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char **more = realloc(names, (n + 1) * sizeof(*names));
        if (!more)
            break;
        names = more;
        names[n++] = strdup(e->d_name);
    }
    closedir(d);
    for (size_t i = 0; i < n; i++) {
        if (!names[i])
            continue;
        size_t len = strlen(path) + strlen(names[i]) + 2;
        char *child = malloc(len);
        if (child) {
            snprintf(child, len, "%s%s%s", path,
                     path[strlen(path) - 1] == '/' ? "" : "/", names[i]);
            visit(child, depth + 1);
            free(child);
        }
        free(names[i]);
    }
    free(names);
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--help") == 0) {
        printf("usage: find [PATH...] [-name PATTERN] [-type f|d] [-maxdepth N] [-print]\n"
               "  list PATH and everything under it that passes the tests\n");
        return 0;
    }
    int first_test = 1;
    while (first_test < argc && argv[first_test][0] != '-')
        first_test++;
    for (int i = first_test; i < argc; i++) {
        if (strcmp(argv[i], "-name") == 0 && i + 1 < argc)
            name_pattern = argv[++i];
        else if (strcmp(argv[i], "-type") == 0 && i + 1 < argc &&
                 (strcmp(argv[i + 1], "f") == 0 || strcmp(argv[i + 1], "d") == 0))
            type_want = argv[++i][0];
        else if (strcmp(argv[i], "-maxdepth") == 0 && i + 1 < argc)
            max_depth = strtol(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "-print") == 0)
            continue;
        else {
            fprintf(stderr, "find: unknown or incomplete test '%s'\n", argv[i]);
            return 1;
        }
    }
    if (first_test == 1)
        visit(".", 0);
    for (int i = 1; i < first_test; i++)
        visit(argv[i], 0);
    return status;
}
