// The stream table, buffering, and the byte-level read/write paths.
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "stdio_impl.h"

static char stdin_buf[BUFSIZ];
static char stdout_buf[BUFSIZ];

struct file __files[FOPEN_MAX] = {
    { .in_use = true, .fd = 0, .readable = true, .mode = _IOFBF, .buf = stdin_buf,
      .size = BUFSIZ, .unget = EOF },
    { .in_use = true, .fd = 1, .writable = true, .mode = MODE_UNSET, .buf = stdout_buf,
      .size = BUFSIZ, .unget = EOF },
    { .in_use = true, .fd = 2, .writable = true, .mode = _IONBF, .unget = EOF },
};

FILE *stdin = &__files[0];
FILE *stdout = &__files[1];
FILE *stderr = &__files[2];

void __stdio_init_file(FILE *f, int fd, bool rd, bool wr)
{
    memset(f, 0, sizeof(*f));
    f->in_use = true;
    f->fd = fd;
    f->readable = rd;
    f->writable = wr;
    f->mode = MODE_UNSET;
    f->unget = EOF;
}

// Write all n bytes of p to fd, retrying partial writes and EINTR.
static int write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

int __stdio_flush_out(FILE *f)
{
    if (f->wlen == 0)
        return 0;
    int r = write_all(f->fd, f->buf, f->wlen);
    f->wlen = 0;
    if (r < 0) {
        f->err = true;
        return EOF;
    }
    return 0;
}

int __stdio_drop_in(FILE *f)
{
    long back = (long)(f->rlen - f->rpos) + (f->unget != EOF);
    f->rpos = f->rlen = 0;
    f->unget = EOF;
    if (back && lseek(f->fd, -back, SEEK_CUR) < 0)
        return EOF;
    return 0;
}

// Decide the buffering of f at its first use and get its buffer; falls
// back to unbuffered when no memory is left.
static void prepare(FILE *f)
{
    if (f->mode == MODE_UNSET)
        f->mode = isatty(f->fd) ? _IOLBF : _IOFBF;
    if (f->mode != _IONBF && f->buf == NULL) {
        f->buf = malloc(BUFSIZ);
        if (f->buf == NULL) {
            f->mode = _IONBF;
            return;
        }
        f->size = BUFSIZ;
        f->own_buf = true;
    }
}

// fflush(NULL) flushes every stream; else f's output (input is dropped,
// the offset moved back, as POSIX asks for seekable files).
int fflush(FILE *f)
{
    if (f == NULL) {
        int r = 0;
        for (int i = 0; i < FOPEN_MAX; i++)
            if (__files[i].in_use && __files[i].wlen && __stdio_flush_out(&__files[i]) < 0)
                r = EOF;
        return r;
    }
    if (f->wlen)
        return __stdio_flush_out(f);
    if (f->rlen > f->rpos || f->unget != EOF)
        __stdio_drop_in(f);
    return 0;
}

// Fill f's read buffer: the bytes now available, 0 at end of file (eof
// set) or on error (err set). Line-buffered output is flushed first so a
// prompt shows before the program waits for input.
static size_t refill(FILE *f)
{
    if (stdout->in_use && stdout->mode == _IOLBF && stdout->wlen)
        __stdio_flush_out(stdout);
    if (f->wlen && __stdio_flush_out(f) < 0)
        return 0;
    prepare(f);
    char *dst = f->buf;
    size_t cap = f->size;
    char one;
    if (f->mode == _IONBF || dst == NULL) {
        dst = &one;
        cap = 1;
    }
    ssize_t n;
    do {
        n = read(f->fd, dst, cap);
    } while (n < 0 && errno == EINTR);
    if (n <= 0) {
        if (n == 0)
            f->eof = true;
        else
            f->err = true;
        return 0;
    }
    if (dst == &one) {
        f->unget = (unsigned char)one;
        return 1;
    }
    f->rpos = 0;
    f->rlen = (size_t)n;
    return (size_t)n;
}

// fgetc: the next byte as an unsigned char, or EOF.
int fgetc(FILE *f)
{
    if (!f->readable) {
        f->err = true;
        errno = EBADF;
        return EOF;
    }
    if (f->unget != EOF) {
        int c = f->unget;
        f->unget = EOF;
        return c;
    }
    if (f->rpos >= f->rlen && refill(f) == 0)
        return EOF;
    if (f->unget != EOF) {
        int c = f->unget;
        f->unget = EOF;
        return c;
    }
    return (unsigned char)f->buf[f->rpos++];
}

// getc = fgetc
int getc(FILE *f)
{
    return fgetc(f);
}

// getchar = fgetc(stdin)
int getchar(void)
{
    return fgetc(stdin);
}

// ungetc: push one byte back (one is guaranteed); clears eof.
int ungetc(int c, FILE *f)
{
    if (c == EOF)
        return EOF;
    if (f->rpos > 0 && f->rpos <= f->rlen && f->unget == EOF) {
        f->buf[--f->rpos] = (char)c;
    } else if (f->unget == EOF) {
        f->unget = (unsigned char)c;
    } else {
        return EOF;
    }
    f->eof = false;
    return (unsigned char)c;
}

// fread: n items of size bytes; the count of whole items read.
size_t fread(void *buf, size_t size, size_t n, FILE *f)
{
    if (size == 0 || n == 0)
        return 0;
    if (n > (size_t)-1 / size) {
        errno = EINVAL;
        return 0;
    }
    size_t want = size * n, got = 0;
    char *out = buf;
    if (!f->readable) {
        f->err = true;
        errno = EBADF;
        return 0;
    }
    while (got < want) {
        if (f->unget != EOF) {
            out[got++] = (char)f->unget;
            f->unget = EOF;
            continue;
        }
        if (f->rpos < f->rlen) {
            size_t k = f->rlen - f->rpos;
            if (k > want - got)
                k = want - got;
            memcpy(out + got, f->buf + f->rpos, k);
            f->rpos += k;
            got += k;
            continue;
        }
        if (want - got >= BUFSIZ) {
            // Big reads go straight into the caller's memory.
            if (f->wlen && __stdio_flush_out(f) < 0)
                break;
            ssize_t r = read(f->fd, out + got, want - got);
            if (r < 0 && errno == EINTR)
                continue;
            if (r <= 0) {
                if (r == 0)
                    f->eof = true;
                else
                    f->err = true;
                break;
            }
            got += (size_t)r;
            continue;
        }
        if (refill(f) == 0)
            break;
    }
    return got / size;
}

// fputc: write one byte; the byte, or EOF.
int fputc(int c, FILE *f)
{
    unsigned char b = (unsigned char)c;
    return fwrite(&b, 1, 1, f) == 1 ? b : EOF;
}

// putc = fputc
int putc(int c, FILE *f)
{
    return fputc(c, f);
}

// putchar = fputc(c, stdout)
int putchar(int c)
{
    return fputc(c, stdout);
}

// fwrite: n items of size bytes; the count of items written.
size_t fwrite(const void *buf, size_t size, size_t n, FILE *f)
{
    if (size == 0 || n == 0)
        return 0;
    if (n > (size_t)-1 / size) {
        errno = EINVAL;
        return 0;
    }
    if (!f->writable) {
        f->err = true;
        errno = EBADF;
        return 0;
    }
    size_t total = size * n;
    const char *p = buf;
    if (f->rlen > f->rpos || f->unget != EOF)
        __stdio_drop_in(f);
    f->rpos = f->rlen = 0;
    prepare(f);
    if (f->mode == _IONBF || total >= f->size) {
        if (__stdio_flush_out(f) < 0 || write_all(f->fd, p, total) < 0) {
            f->err = true;
            return 0;
        }
        return n;
    }
    if (f->wlen + total > f->size && __stdio_flush_out(f) < 0)
        return 0;
    memcpy(f->buf + f->wlen, p, total);
    f->wlen += total;
    if (f->mode == _IOLBF && memchr(p, '\n', total) && __stdio_flush_out(f) < 0)
        return 0;
    return n;
}

// setvbuf: choose the buffering of f before its first use. buf (size
// bytes) is used when given, else one is allocated when needed.
int setvbuf(FILE *f, char *buf, int mode, size_t size)
{
    if (mode != _IOFBF && mode != _IOLBF && mode != _IONBF)
        return -1;
    fflush(f);
    if (f->own_buf)
        free(f->buf);
    f->own_buf = false;
    f->buf = NULL;
    f->size = 0;
    f->mode = mode;
    if (mode != _IONBF && buf && size > 0) {
        f->buf = buf;
        f->size = size;
    }
    return 0;
}

// setbuf(f, buf): buf of BUFSIZ bytes, or NULL for unbuffered.
void setbuf(FILE *f, char *buf)
{
    setvbuf(f, buf, buf ? _IOFBF : _IONBF, BUFSIZ);
}

// feof
int feof(FILE *f)
{
    return f->eof;
}

// ferror
int ferror(FILE *f)
{
    return f->err;
}

// clearerr: forget end of file and errors.
void clearerr(FILE *f)
{
    f->eof = false;
    f->err = false;
}

// fileno
int fileno(FILE *f)
{
    return f->fd;
}
