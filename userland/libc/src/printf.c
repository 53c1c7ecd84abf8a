// The printf family on top of the formatting engine (fmt.c).
#include <limits.h>
#include <string.h>
#include <unistd.h>
#include "fmt.h"
#include "scan.h"
#include "stdio_impl.h"

#define CHUNK 256   // bytes gathered before they go to a stream or descriptor

// A sink into a caller's buffer of cap bytes (cap may be 0).
struct strsink {
    char *buf;
    size_t cap;
    size_t len;
};

static void str_put(void *ctx, const char *s, size_t n)
{
    struct strsink *k = ctx;
    if (k->cap && k->len < k->cap - 1) {
        size_t room = k->cap - 1 - k->len;
        memcpy(k->buf + k->len, s, n < room ? n : room);
    }
    k->len += n;
}

// A sink that gathers text and passes it on in chunks, so that an
// unbuffered stream still gets one write per CHUNK bytes.
struct chunksink {
    FILE *f;          // the stream, or NULL for fd
    int fd;           // the descriptor when f is NULL
    char tmp[CHUNK];  // gathered bytes
    size_t n;         // how many
};

// Pass the gathered bytes on.
static void chunk_flush(struct chunksink *k)
{
    if (k->n == 0)
        return;
    if (k->f)
        fwrite(k->tmp, 1, k->n, k->f);
    else
        write(k->fd, k->tmp, k->n);
    k->n = 0;
}

static void chunk_put(void *ctx, const char *s, size_t n)
{
    struct chunksink *k = ctx;
    while (n > 0) {
        size_t room = CHUNK - k->n;
        size_t c = n < room ? n : room;
        memcpy(k->tmp + k->n, s, c);
        k->n += c;
        s += c;
        n -= c;
        if (k->n == CHUNK)
            chunk_flush(k);
    }
}

// vsnprintf: at most size-1 bytes and a NUL; returns the full length.
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct strsink k = { buf, size, 0 };
    int n = fmt_vformat(str_put, &k, fmt, ap);
    if (size)
        buf[k.len < size ? k.len : size - 1] = '\0';
    return n;
}

// snprintf
int snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

// vsprintf: no bound (the caller vouches for the room).
int vsprintf(char *buf, const char *fmt, va_list ap)
{
    return vsnprintf(buf, INT_MAX, fmt, ap);
}

// sprintf
int sprintf(char *buf, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsprintf(buf, fmt, ap);
    va_end(ap);
    return n;
}

// vfprintf: the count of bytes, or -1 when the stream had an error.
int vfprintf(FILE *f, const char *fmt, va_list ap)
{
    struct chunksink k = { .f = f, .n = 0 };
    bool had_err = f->err;
    f->err = false;
    int n = fmt_vformat(chunk_put, &k, fmt, ap);
    chunk_flush(&k);
    bool failed = f->err;
    f->err = f->err || had_err;
    return failed ? -1 : n;
}

// fprintf
int fprintf(FILE *f, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vfprintf(f, fmt, ap);
    va_end(ap);
    return n;
}

// vprintf
int vprintf(const char *fmt, va_list ap)
{
    return vfprintf(stdout, fmt, ap);
}

// printf
int printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vfprintf(stdout, fmt, ap);
    va_end(ap);
    return n;
}

// vdprintf: straight to a descriptor, no stream.
int vdprintf(int fd, const char *fmt, va_list ap)
{
    struct chunksink k = { .f = NULL, .fd = fd, .n = 0 };
    int n = fmt_vformat(chunk_put, &k, fmt, ap);
    chunk_flush(&k);
    return n;
}

// dprintf
int dprintf(int fd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vdprintf(fd, fmt, ap);
    va_end(ap);
    return n;
}

// vsscanf
int vsscanf(const char *s, const char *fmt, va_list ap)
{
    return scan_vformat(s, fmt, ap);
}

// sscanf
int sscanf(const char *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = scan_vformat(s, fmt, ap);
    va_end(ap);
    return n;
}
