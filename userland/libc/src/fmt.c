// The printf formatting engine (see fmt.h).
#include <stdint.h>
#include <string.h>
#include "fmt.h"

// One conversion specification, as parsed from the format.
struct spec {
    bool left;       // '-': pad on the right
    bool plus;       // '+': always a sign
    bool space;      // ' ': a space where a plus sign would be
    bool alt;        // '#': alternative form
    bool zero;       // '0': pad with zeros
    int width;       // minimum field width (0: none)
    int prec;        // precision, -1 when not given
    int len;         // length modifier, one of the LEN_ values
    char conv;       // the conversion character
};

enum { LEN_NONE, LEN_HH, LEN_H, LEN_L, LEN_LL, LEN_J, LEN_Z, LEN_T, LEN_BIGL };

// The output: the sink and how much went through it.
struct out {
    fmt_put_fn put;
    void *ctx;
    int count;
};

// Send n bytes of s.
static void emit(struct out *o, const char *s, size_t n)
{
    if (n) {
        o->put(o->ctx, s, n);
        o->count += (int)n;
    }
}

// Send n copies of c.
static void pad(struct out *o, char c, int n)
{
    char block[32];
    memset(block, c, sizeof(block));
    while (n > 0) {
        int k = n > 32 ? 32 : n;
        emit(o, block, (size_t)k);
        n -= k;
    }
}

// Emit a field: prefix (sign, 0x), then zeros, then body, padded to the
// width as the flags say. zeros is the count of '0's from the precision;
// zero padding (flag '0', no '-') fills the width with zeros after the prefix.
static void field(struct out *o, const struct spec *s, const char *prefix, int zeros,
                  const char *body, size_t blen, bool zero_pad)
{
    int plen = (int)strlen(prefix);
    int total = plen + zeros + (int)blen;
    int fill = s->width > total ? s->width - total : 0;
    if (!s->left && !zero_pad)
        pad(o, ' ', fill);
    emit(o, prefix, (size_t)plen);
    if (!s->left && zero_pad)
        pad(o, '0', fill);
    pad(o, '0', zeros);
    emit(o, body, blen);
    if (s->left)
        pad(o, ' ', fill);
}

// Digits of v in base (8, 10 or 16) at the end of buf[0..64); returns
// where they start.
static char *utoa(char *end, unsigned long long v, unsigned base, bool upper)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    *end = '\0';
    do {
        *--end = digits[v % base];
        v /= base;
    } while (v);
    return end;
}

// %d %i %u %x %X %o %p: an integer of magnitude v, negative when neg.
static void put_int(struct out *o, const struct spec *s, unsigned long long v, bool neg)
{
    char buf[72];
    unsigned base = 10;
    if (s->conv == 'o')
        base = 8;
    else if (s->conv == 'x' || s->conv == 'X' || s->conv == 'p')
        base = 16;
    char *body = utoa(buf + sizeof(buf) - 1, v, base, s->conv == 'X');
    size_t blen = strlen(body);
    if (s->prec == 0 && v == 0)
        blen = 0;
    char prefix[4] = "";
    bool is_signed = s->conv == 'd' || s->conv == 'i';
    if (is_signed) {
        if (neg)
            strcpy(prefix, "-");
        else if (s->plus)
            strcpy(prefix, "+");
        else if (s->space)
            strcpy(prefix, " ");
    }
    if ((s->alt && v != 0 && (s->conv == 'x' || s->conv == 'X')) || s->conv == 'p')
        strcpy(prefix, s->conv == 'X' ? "0X" : "0x");
    int zeros = s->prec > (int)blen ? s->prec - (int)blen : 0;
    if (s->alt && s->conv == 'o' && zeros == 0 && (blen == 0 || body[0] != '0'))
        zeros = 1;
    field(o, s, prefix, zeros, body, blen, s->zero && s->prec < 0);
}

// %e %f %g %a and their upper-case forms.
static void put_double(struct out *o, const struct spec *s, double v)
{
    char buf[FMT_FLOAT_BUF];
    uint64_t bits;
    memcpy(&bits, &v, sizeof(bits));
    bool neg = bits >> 63;
    bool hex = s->conv == 'a' || s->conv == 'A';
    int prec = s->prec < 0 ? (hex ? -1 : 6) : s->prec;
    size_t len = fmt_float(buf, v, s->conv, prec, s->alt);
    bool finite = v == v && v - v == 0;
    // The sign, then for %a the "0x", then any zeros of the field width.
    char prefix[4];
    size_t k = 0;
    if (neg || s->plus || s->space)
        prefix[k++] = neg ? '-' : s->plus ? '+' : ' ';
    if (hex && finite) {
        prefix[k++] = '0';
        prefix[k++] = s->conv == 'A' ? 'X' : 'x';
    }
    prefix[k] = '\0';
    field(o, s, prefix, 0, buf, len, s->zero && finite);
}

// Parse a run of decimal digits at *p into a non-negative int (saturating).
static int parse_num(const char **p)
{
    int n = 0;
    while (**p >= '0' && **p <= '9') {
        if (n < 100000000)
            n = n * 10 + (**p - '0');
        (*p)++;
    }
    return n;
}

// Fetch an unsigned integer argument of the size the modifier names.
static unsigned long long arg_unsigned(int len, va_list *ap)
{
    switch (len) {
    case LEN_HH: return (unsigned char)va_arg(*ap, unsigned int);
    case LEN_H:  return (unsigned short)va_arg(*ap, unsigned int);
    case LEN_L:  return va_arg(*ap, unsigned long);
    case LEN_LL: return va_arg(*ap, unsigned long long);
    case LEN_J:  return va_arg(*ap, uintmax_t);
    case LEN_Z:  return va_arg(*ap, size_t);
    case LEN_T:  return (unsigned long long)va_arg(*ap, ptrdiff_t);
    default:     return va_arg(*ap, unsigned int);
    }
}

// Fetch a signed integer argument of the size the modifier names.
static long long arg_signed(int len, va_list *ap)
{
    switch (len) {
    case LEN_HH: return (signed char)va_arg(*ap, int);
    case LEN_H:  return (short)va_arg(*ap, int);
    case LEN_L:  return va_arg(*ap, long);
    case LEN_LL: return va_arg(*ap, long long);
    case LEN_J:  return va_arg(*ap, intmax_t);
    case LEN_Z:  return (long long)va_arg(*ap, size_t);
    case LEN_T:  return va_arg(*ap, ptrdiff_t);
    default:     return va_arg(*ap, int);
    }
}

// Store the count so far through %n's pointer.
static void store_count(int len, int count, va_list *ap)
{
    switch (len) {
    case LEN_HH: *va_arg(*ap, signed char *) = (signed char)count; break;
    case LEN_H:  *va_arg(*ap, short *) = (short)count; break;
    case LEN_L:  *va_arg(*ap, long *) = count; break;
    case LEN_LL: *va_arg(*ap, long long *) = count; break;
    default:     *va_arg(*ap, int *) = count; break;
    }
}

// Parse flags, width, precision and length of the spec after a '%'
// (*p points past it). '*' values come from ap.
static void parse_spec(const char **p, struct spec *s, va_list *ap)
{
    memset(s, 0, sizeof(*s));
    s->prec = -1;
    for (;; (*p)++) {
        char c = **p;
        if (c == '-') s->left = true;
        else if (c == '+') s->plus = true;
        else if (c == ' ') s->space = true;
        else if (c == '#') s->alt = true;
        else if (c == '0') s->zero = true;
        else break;
    }
    if (**p == '*') {
        (*p)++;
        s->width = va_arg(*ap, int);
        if (s->width < 0) {
            s->left = true;
            s->width = s->width < -100000000 ? 0 : -s->width;
        }
    } else {
        s->width = parse_num(p);
    }
    if (**p == '.') {
        (*p)++;
        if (**p == '*') {
            (*p)++;
            s->prec = va_arg(*ap, int);
            if (s->prec < 0)
                s->prec = -1;
        } else {
            s->prec = parse_num(p);
        }
    }
    switch (**p) {
    case 'h':
        (*p)++;
        s->len = LEN_H;
        if (**p == 'h') { (*p)++; s->len = LEN_HH; }
        break;
    case 'l':
        (*p)++;
        s->len = LEN_L;
        if (**p == 'l') { (*p)++; s->len = LEN_LL; }
        break;
    case 'q': (*p)++; s->len = LEN_LL; break;
    case 'j': (*p)++; s->len = LEN_J; break;
    case 'z': (*p)++; s->len = LEN_Z; break;
    case 't': (*p)++; s->len = LEN_T; break;
    case 'L': (*p)++; s->len = LEN_BIGL; break;
    default: break;
    }
    s->conv = **p;
}

int fmt_vformat(fmt_put_fn put, void *ctx, const char *fmt, va_list ap_in)
{
    struct out o = { put, ctx, 0 };
    va_list ap;
    va_copy(ap, ap_in);
    const char *p = fmt;
    while (*p) {
        const char *q = strchr(p, '%');
        if (q == NULL) {
            emit(&o, p, strlen(p));
            break;
        }
        emit(&o, p, (size_t)(q - p));
        const char *start = q;
        p = q + 1;
        struct spec s;
        parse_spec(&p, &s, &ap);
        if (*p == '\0') {
            emit(&o, start, (size_t)(p - start));
            break;
        }
        p++;
        switch (s.conv) {
        case 'd':
        case 'i': {
            long long v = arg_signed(s.len, &ap);
            unsigned long long mag = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
            put_int(&o, &s, mag, v < 0);
            break;
        }
        case 'u':
        case 'x':
        case 'X':
        case 'o':
            put_int(&o, &s, arg_unsigned(s.len, &ap), false);
            break;
        case 'p': {
            void *ptr = va_arg(ap, void *);
            if (ptr == NULL) {
                struct spec t = s;
                t.prec = -1;
                field(&o, &t, "", 0, "(nil)", 5, false);
            } else {
                put_int(&o, &s, (uintptr_t)ptr, false);
            }
            break;
        }
        case 'c': {
            char c = (char)va_arg(ap, int);
            field(&o, &s, "", 0, &c, 1, false);
            break;
        }
        case 's': {
            const char *str = va_arg(ap, const char *);
            if (str == NULL)
                str = (s.prec < 0 || s.prec >= 6) ? "(null)" : "";
            size_t n = s.prec >= 0 ? strnlen(str, (size_t)s.prec) : strlen(str);
            field(&o, &s, "", 0, str, n, false);
            break;
        }
        case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case 'a': case 'A': {
            double v = s.len == LEN_BIGL ? (double)va_arg(ap, long double) : va_arg(ap, double);
            put_double(&o, &s, v);
            break;
        }
        case 'n':
            store_count(s.len, o.count, &ap);
            break;
        case '%':
            emit(&o, "%", 1);
            break;
        default:
            emit(&o, start, (size_t)(p - start));
            break;
        }
    }
    va_end(ap);
    return o.count;
}
