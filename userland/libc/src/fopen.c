// Opening, closing and positioning streams.
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "stdio_impl.h"

int __stdio_mode_flags(const char *mode, bool *rd, bool *wr)
{
    int flags;
    switch (mode[0]) {
    case 'r': flags = O_RDONLY; *rd = true; *wr = false; break;
    case 'w': flags = O_WRONLY | O_CREAT | O_TRUNC; *rd = false; *wr = true; break;
    case 'a': flags = O_WRONLY | O_CREAT | O_APPEND; *rd = false; *wr = true; break;
    default: return -1;
    }
    for (const char *m = mode + 1; *m; m++) {
        if (*m == '+') {
            flags = (flags & ~O_ACCMODE) | O_RDWR;
            *rd = *wr = true;
        } else if (*m == 'x') {
            flags |= O_EXCL;
        } else if (*m == 'e') {
            flags |= O_CLOEXEC;
        } else if (*m != 'b') {
            return -1;
        }
    }
    return flags;
}

// A free slot of the stream table, or NULL with EMFILE.
static FILE *free_slot(void)
{
    for (int i = 0; i < FOPEN_MAX; i++)
        if (!__files[i].in_use)
            return &__files[i];
    errno = EMFILE;
    return NULL;
}

// fopen(path, mode): NULL with errno on failure.
FILE *fopen(const char *path, const char *mode)
{
    bool rd, wr;
    int flags = __stdio_mode_flags(mode, &rd, &wr);
    if (flags < 0) {
        errno = EINVAL;
        return NULL;
    }
    FILE *f = free_slot();
    if (f == NULL)
        return NULL;
    int fd = open(path, flags, 0666);
    if (fd < 0)
        return NULL;
    __stdio_init_file(f, fd, rd, wr);
    return f;
}

// fdopen(fd, mode): a stream over an open descriptor.
FILE *fdopen(int fd, const char *mode)
{
    bool rd, wr;
    if (__stdio_mode_flags(mode, &rd, &wr) < 0 || fd < 0) {
        errno = EINVAL;
        return NULL;
    }
    FILE *f = free_slot();
    if (f == NULL)
        return NULL;
    __stdio_init_file(f, fd, rd, wr);
    return f;
}

// Flush f, close its descriptor and free its slot: 0 or EOF.
int fclose(FILE *f)
{
    int r = 0;
    if (f->wlen && __stdio_flush_out(f) < 0)
        r = EOF;
    if (close(f->fd) < 0)
        r = EOF;
    if (f->own_buf)
        free(f->buf);
    f->in_use = false;
    f->buf = NULL;
    f->own_buf = false;
    return r;
}

// freopen(path, mode, f): reopen the slot of f on path (the standard
// streams keep their names this way).
FILE *freopen(const char *path, const char *mode, FILE *f)
{
    bool rd, wr;
    int flags = __stdio_mode_flags(mode, &rd, &wr);
    fflush(f);
    close(f->fd);
    if (f->own_buf)
        free(f->buf);
    f->in_use = false;
    if (flags < 0 || path == NULL) {
        errno = EINVAL;
        return NULL;
    }
    int fd = open(path, flags, 0666);
    if (fd < 0)
        return NULL;
    __stdio_init_file(f, fd, rd, wr);
    return f;
}

// fseek: flush, drop input, move the offset; clears eof. 0 or -1.
int fseek(FILE *f, long off, int whence)
{
    if (f->wlen && __stdio_flush_out(f) < 0)
        return -1;
    if (whence == SEEK_CUR)
        off -= (long)(f->rlen - f->rpos) + (f->unget != EOF);
    f->rpos = f->rlen = 0;
    f->unget = EOF;
    if (lseek(f->fd, off, whence) < 0)
        return -1;
    f->eof = false;
    return 0;
}

// ftell: the offset of the next byte the program reads or writes.
long ftell(FILE *f)
{
    long pos = lseek(f->fd, 0, SEEK_CUR);
    if (pos < 0)
        return -1;
    return pos - (long)(f->rlen - f->rpos) - (f->unget != EOF) + (long)f->wlen;
}

// rewind: back to the start, errors cleared.
void rewind(FILE *f)
{
    fseek(f, 0, SEEK_SET);
    f->err = false;
}

// fgetpos
int fgetpos(FILE *f, fpos_t *pos)
{
    long p = ftell(f);
    if (p < 0)
        return -1;
    *pos = p;
    return 0;
}

// fsetpos
int fsetpos(FILE *f, const fpos_t *pos)
{
    return fseek(f, *pos, SEEK_SET);
}
