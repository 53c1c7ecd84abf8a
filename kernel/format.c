// printf-style formatting into a buffer (see format.h).
#include "kernel/format.h"
#include <stdint.h>

// out is where the next character goes; it counts past the end of the
// buffer so that the caller learns the full length.
struct out {
    char *buf;
    size_t size;
    size_t len;
};

static void put(struct out *o, char c)
{
    if (o->len + 1 < o->size)
        o->buf[o->len] = c;
    o->len++;
}

static void pad(struct out *o, char c, int n)
{
    while (n-- > 0)
        put(o, c);
}

// Print an unsigned number in the given base with the given width rules.
static void number(struct out *o, unsigned long long v, int base, int upper,
                   int neg, int width, int left, char padc)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = digits[v % base];
        v /= base;
    } while (v);
    int total = n + (neg ? 1 : 0);
    if (!left && padc == ' ')
        pad(o, ' ', width - total);
    if (neg)
        put(o, '-');
    if (!left && padc == '0')
        pad(o, '0', width - total);
    while (n)
        put(o, tmp[--n]);
    if (left)
        pad(o, ' ', width - total);
}

int vsnformat(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct out o = { buf, size, 0 };

    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            put(&o, *fmt);
            continue;
        }
        fmt++;
        int left = 0;
        char padc = ' ';
        for (;; fmt++) {
            if (*fmt == '-')
                left = 1;
            else if (*fmt == '0')
                padc = '0';
            else
                break;
        }
        int width = 0;
        if (*fmt == '*') {
            width = va_arg(ap, int);
            if (width < 0) {
                left = 1;
                width = -width;
            }
            fmt++;
        } else {
            while (*fmt >= '0' && *fmt <= '9')
                width = width * 10 + (*fmt++ - '0');
        }
        int prec = -1;
        if (*fmt == '.') {
            fmt++;
            prec = 0;
            if (*fmt == '*') {
                prec = va_arg(ap, int);
                fmt++;
            } else {
                while (*fmt >= '0' && *fmt <= '9')
                    prec = prec * 10 + (*fmt++ - '0');
            }
        }
        int lng = 0;   // 0: int, 1: long, 2: long long, 3: size_t
        if (*fmt == 'l') {
            lng = 1;
            fmt++;
            if (*fmt == 'l') {
                lng = 2;
                fmt++;
            }
        } else if (*fmt == 'z') {
            lng = 3;
            fmt++;
        }

        unsigned long long u;
        long long s;
        switch (*fmt) {
        case 'd':
        case 'i':
            if (lng == 2)
                s = va_arg(ap, long long);
            else if (lng == 1)
                s = va_arg(ap, long);
            else if (lng == 3)
                s = (long long)va_arg(ap, size_t);
            else
                s = va_arg(ap, int);
            u = s < 0 ? -(unsigned long long)s : (unsigned long long)s;
            number(&o, u, 10, 0, s < 0, width, left, padc);
            break;
        case 'u':
        case 'x':
        case 'X':
        case 'o':
            if (lng == 2)
                u = va_arg(ap, unsigned long long);
            else if (lng == 1)
                u = va_arg(ap, unsigned long);
            else if (lng == 3)
                u = va_arg(ap, size_t);
            else
                u = va_arg(ap, unsigned int);
            number(&o, u, *fmt == 'u' ? 10 : *fmt == 'o' ? 8 : 16,
                   *fmt == 'X', 0, width, left, padc);
            break;
        case 'p':
            put(&o, '0');
            put(&o, 'x');
            number(&o, (uintptr_t)va_arg(ap, void *), 16, 0, 0,
                   width > 2 ? width - 2 : 0, left, '0');
            break;
        case 'c':
            if (!left)
                pad(&o, ' ', width - 1);
            put(&o, (char)va_arg(ap, int));
            if (left)
                pad(&o, ' ', width - 1);
            break;
        case 's': {
            const char *str = va_arg(ap, const char *);
            if (!str)
                str = "(null)";
            int n = 0;
            while (str[n] && (prec < 0 || n < prec))
                n++;
            if (!left)
                pad(&o, ' ', width - n);
            for (int i = 0; i < n; i++)
                put(&o, str[i]);
            if (left)
                pad(&o, ' ', width - n);
            break;
        }
        case '%':
            put(&o, '%');
            break;
        case '\0':
            fmt--;   // a lone '%' at the end: stop at the NUL
            break;
        default:     // unknown conversion: print it as it was written
            put(&o, '%');
            put(&o, *fmt);
            break;
        }
    }
    if (size)
        buf[o.len < size ? o.len : size - 1] = '\0';
    return (int)o.len;
}

int snformat(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnformat(buf, size, fmt, ap);
    va_end(ap);
    return n;
}
