// The exec family on top of execve: argument lists, PATH search, scripts.
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <unistd.h>

#define EXECL_MAX 64         // arguments execl/execlp accept
#define DEFAULT_PATH "/bin"  // search path when PATH is not set

// execv(path, argv) = execve(path, argv, environ)
int execv(const char *path, char *const argv[])
{
    return execve(path, argv, environ);
}

// Run path as a shell script: /bin/sh path argv[1]...
static int exec_script(const char *path, char *const argv[])
{
    int n = 0;
    while (argv[n])
        n++;
    char **nargv = malloc((size_t)(n + 2) * sizeof(char *));
    if (nargv == NULL)
        return -1;
    nargv[0] = "sh";
    nargv[1] = (char *)path;
    for (int i = 1; i <= n; i++)
        nargv[i + 1] = argv[i];
    execve("/bin/sh", nargv, environ);
    free(nargv);
    return -1;
}

// execvp(file, argv): as execv, but a file name without '/' is looked up
// in each directory of $PATH (default /bin). A file that is not an
// executable binary (ENOEXEC) is run as a script by /bin/sh.
int execvp(const char *file, char *const argv[])
{
    if (file[0] == '\0') {
        errno = ENOENT;
        return -1;
    }
    if (strchr(file, '/')) {
        execve(file, argv, environ);
        if (errno == ENOEXEC)
            exec_script(file, argv);
        return -1;
    }
    const char *path = getenv("PATH");
    if (path == NULL)
        path = DEFAULT_PATH;
    int saw_eacces = 0;
    size_t flen = strlen(file);
    for (const char *p = path;; ) {
        const char *end = strchr(p, ':');
        size_t dlen = end ? (size_t)(end - p) : strlen(p);
        char full[PATH_MAX];
        if (dlen + 1 + flen < sizeof(full)) {
            memcpy(full, dlen ? p : ".", dlen ? dlen : 1);
            size_t at = dlen ? dlen : 1;
            full[at++] = '/';
            memcpy(full + at, file, flen + 1);
            execve(full, argv, environ);
            if (errno == ENOEXEC) {
                exec_script(full, argv);
                return -1;
            }
            if (errno == EACCES)
                saw_eacces = 1;
            else if (errno != ENOENT && errno != ENOTDIR)
                return -1;
        }
        if (end == NULL)
            break;
        p = end + 1;
    }
    errno = saw_eacces ? EACCES : ENOENT;
    return -1;
}

// Gather execl's variable arguments (after arg0) into argv; -1 with E2BIG
// when there are more than EXECL_MAX.
static int collect(char *argv[EXECL_MAX + 1], const char *arg0, va_list ap)
{
    int n = 0;
    argv[n++] = (char *)arg0;
    while (arg0) {
        char *a = va_arg(ap, char *);
        if (n >= EXECL_MAX && a) {
            errno = E2BIG;
            return -1;
        }
        argv[n++] = a;
        if (a == NULL)
            break;
    }
    return 0;
}

// execl(path, arg0, ..., NULL)
int execl(const char *path, const char *arg, ...)
{
    char *argv[EXECL_MAX + 1];
    va_list ap;
    va_start(ap, arg);
    int r = collect(argv, arg, ap);
    va_end(ap);
    if (r < 0)
        return -1;
    return execv(path, argv);
}

// execlp(file, arg0, ..., NULL): execl with execvp's PATH search.
int execlp(const char *file, const char *arg, ...)
{
    char *argv[EXECL_MAX + 1];
    va_list ap;
    va_start(ap, arg);
    int r = collect(argv, arg, ap);
    va_end(ap);
    if (r < 0)
        return -1;
    return execvp(file, argv);
}
