// "#!" scripts (see shebang.h).
#include "kernel/shebang.h"
#include "kernel/api/errno.h"
#include <string.h>

static bool blank(char c)
{
    return c == ' ' || c == '\t';
}

int shebang_parse(const char *file, size_t len, struct shebang *sb)
{
    if (len < 2 || file[0] != '#' || file[1] != '!')
        return 0;
    // The line: up to the newline, which must come within the limit (a
    // file of only "#!..." without one ends at its end).
    size_t end = 2;
    while (end < len && file[end] != '\n' && end < SHEBANG_LINE_MAX)
        end++;
    if (end == SHEBANG_LINE_MAX)
        return -ENOEXEC;
    size_t i = 2;
    while (i < end && blank(file[i]))
        i++;
    size_t name = i;
    while (i < end && !blank(file[i]) && file[i] != '\r' && file[i] != '\0')
        i++;
    if (i == name)
        return -ENOEXEC;
    memcpy(sb->interp, file + name, i - name);
    sb->interp[i - name] = '\0';
    // The rest, without the blanks around it (and a DOS line's \r), is
    // the one argument.
    while (i < end && blank(file[i]))
        i++;
    size_t last = end;
    while (last > i && (blank(file[last - 1]) || file[last - 1] == '\r'))
        last--;
    for (size_t k = i; k < last; k++)
        if (file[k] == '\0')
            return -ENOEXEC;
    memcpy(sb->arg, file + i, last - i);
    sb->arg[last - i] = '\0';
    return 1;
}

int shebang_argv(const struct shebang *sb, const char *script, const char *const argv[],
                 const char **out, int max)
{
    int n = 0;
    if (n >= max)
        return -E2BIG;
    out[n++] = sb->interp;
    if (sb->arg[0]) {
        if (n >= max)
            return -E2BIG;
        out[n++] = sb->arg;
    }
    if (n >= max)
        return -E2BIG;
    out[n++] = script;
    // The script's own argv[0] is replaced by its path.
    for (int k = argv && argv[0] ? 1 : 0; argv && argv[k]; k++) {
        if (n >= max)
            return -E2BIG;
        out[n++] = argv[k];
    }
    if (n >= max)
        return -E2BIG;
    out[n] = NULL;
    return n;
}
