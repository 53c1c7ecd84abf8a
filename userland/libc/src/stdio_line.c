// Line and string level stream functions.
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "stdio_impl.h"

// fgets: up to n-1 bytes, through the first newline, NUL-terminated.
// NULL when nothing was read before end of file or an error.
char *fgets(char *s, int n, FILE *f)
{
    if (n <= 0)
        return NULL;
    int i = 0;
    while (i < n - 1) {
        int c = fgetc(f);
        if (c == EOF)
            break;
        s[i++] = (char)c;
        if (c == '\n')
            break;
    }
    if (i == 0 && n > 1)
        return NULL;
    s[i] = '\0';
    return s;
}

// getdelim: read through delim into *line (grown with realloc, *cap its
// size). The length read, or -1 at end of file with nothing read.
ssize_t getdelim(char **line, size_t *cap, int delim, FILE *f)
{
    if (line == NULL || cap == NULL) {
        errno = EINVAL;
        return -1;
    }
    size_t n = 0;
    for (;;) {
        int c = fgetc(f);
        if (c == EOF && n == 0)
            return -1;
        if (n + 2 > *cap || *line == NULL) {
            size_t ncap = *cap < 64 ? 64 : *cap * 2;
            char *p = realloc(*line, ncap);
            if (p == NULL) {
                errno = ENOMEM;
                return -1;
            }
            *line = p;
            *cap = ncap;
        }
        if (c == EOF)
            break;
        (*line)[n++] = (char)c;
        if (c == delim)
            break;
    }
    (*line)[n] = '\0';
    return (ssize_t)n;
}

// getline = getdelim(..., '\n', ...)
ssize_t getline(char **line, size_t *cap, FILE *f)
{
    return getdelim(line, cap, '\n', f);
}

// fputs: s without its NUL; non-negative, or EOF.
int fputs(const char *s, FILE *f)
{
    size_t n = strlen(s);
    if (n == 0)
        return 0;
    return fwrite(s, 1, n, f) == n ? 0 : EOF;
}

// puts: s and a newline on stdout.
int puts(const char *s)
{
    if (fputs(s, stdout) == EOF || fputc('\n', stdout) == EOF)
        return EOF;
    return 0;
}

// perror: "s: message" (or the message alone) on stderr.
void perror(const char *s)
{
    const char *msg = strerror(errno);
    if (s && *s)
        fprintf(stderr, "%s: %s\n", s, msg);
    else
        fprintf(stderr, "%s\n", msg);
}
