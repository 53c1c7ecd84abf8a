// stat [-c FORMAT] FILE...: what the file system knows of each FILE. With
// -c, FORMAT's sequences are replaced: %n name, %s size, %a mode (octal),
// %A mode (as ls shows it), %F type, %i inode, %h links, %b blocks, %Y
// modification time (seconds since 1970), %u %g owner ids, %% a percent.
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>

static const char *type_of(mode_t m)
{
    if (S_ISREG(m))
        return "regular file";
    if (S_ISDIR(m))
        return "directory";
    if (S_ISCHR(m))
        return "character special file";
    if (S_ISFIFO(m))
        return "fifo";
    if (S_ISSOCK(m))
        return "socket";
    return "unknown";
}

static void mode_string(mode_t m, char out[11])
{
    out[0] = S_ISDIR(m) ? 'd' : S_ISCHR(m) ? 'c' : S_ISFIFO(m) ? 'p' : S_ISSOCK(m) ? 's' : '-';
    const char *rwx = "rwxrwxrwx";
    for (int i = 0; i < 9; i++)
        out[1 + i] = (m & (0400 >> i)) ? rwx[i] : '-';
    out[10] = '\0';
}

static void formatted(const char *fmt, const char *name, const struct stat *st)
{
    char ms[11];
    for (const char *p = fmt; *p; p++) {
        if (*p != '%' || !p[1]) {
            putchar(*p);
            continue;
        }
        switch (*++p) {
        case 'n': fputs(name, stdout); break;
        case 's': printf("%ld", (long)st->st_size); break;
        case 'a': printf("%o", (unsigned)(st->st_mode & 07777)); break;
        case 'A': mode_string(st->st_mode, ms); fputs(ms, stdout); break;
        case 'F': fputs(type_of(st->st_mode), stdout); break;
        case 'i': printf("%lu", (unsigned long)st->st_ino); break;
        case 'h': printf("%lu", (unsigned long)st->st_nlink); break;
        case 'b': printf("%ld", (long)st->st_blocks); break;
        case 'Y': printf("%ld", (long)st->st_mtime); break;
        case 'u': printf("%u", (unsigned)st->st_uid); break;
        case 'g': printf("%u", (unsigned)st->st_gid); break;
        case '%': putchar('%'); break;
        default: putchar('%'); putchar(*p); break;
        }
    }
    putchar('\n');
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--help") == 0) {
        printf("usage: stat [-c FORMAT] FILE...\n"
               "  what the file system knows of each FILE; -c FORMAT with %%n %%s %%a %%A %%F\n"
               "  %%i %%h %%b %%Y %%u %%g %%%%\n");
        return 0;
    }
    const char *fmt = NULL;
    int first = 1;
    if (argc > 2 && strcmp(argv[1], "-c") == 0) {
        fmt = argv[2];
        first = 3;
    }
    if (first >= argc) {
        fprintf(stderr, "usage: stat [-c FORMAT] FILE...\n");
        return 1;
    }
    int status = 0;
    for (int i = first; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) < 0) {
            fprintf(stderr, "stat: cannot stat '%s': %s\n", argv[i], strerror(errno));
            status = 1;
            continue;
        }
        if (fmt) {
            formatted(fmt, argv[i], &st);
            continue;
        }
        char ms[11], when[64];
        mode_string(st.st_mode, ms);
        time_t t = st.st_mtime;
        strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", gmtime(&t));
        printf("  File: %s\n  Size: %ld\tBlocks: %ld\t%s\n", argv[i], (long)st.st_size,
               (long)st.st_blocks, type_of(st.st_mode));
        printf("Inode: %lu\tLinks: %lu\n", (unsigned long)st.st_ino, (unsigned long)st.st_nlink);
        printf("Access: (%04o/%s)  Uid: %u  Gid: %u\n", (unsigned)(st.st_mode & 07777), ms,
               (unsigned)st.st_uid, (unsigned)st.st_gid);
        printf("Modify: %s UTC\n", when);
    }
    return status;
}
