// Reading /proc text files (see procfile.h).
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "procfile.h"

int proc_read(const char *path, char *buf, size_t size)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return -1;
    size_t n = 0;
    while (n + 1 < size) {
        ssize_t r = read(fd, buf + n, size - 1 - n);
        if (r <= 0)
            break;
        n += (size_t)r;
    }
    close(fd);
    buf[n] = '\0';
    return (int)n;
}

int proc_field(const char *text, const char *key, char *out, size_t size)
{
    size_t klen = strlen(key);
    for (const char *line = text; line && *line;) {
        if (strncmp(line, key, klen) == 0 && line[klen] == ':') {
            const char *v = line + klen + 1;
            while (*v == ' ' || *v == '\t')
                v++;
            size_t n = strcspn(v, "\n");
            if (n >= size)
                n = size - 1;
            memcpy(out, v, n);
            out[n] = '\0';
            return 0;
        }
        line = strchr(line, '\n');
        if (line)
            line++;
    }
    return -1;
}

long proc_number(const char *text, const char *key)
{
    char v[32];
    long x;
    if (proc_field(text, key, v, sizeof(v)) < 0 || sscanf(v, "%ld", &x) != 1)
        return -1;
    return x;
}
