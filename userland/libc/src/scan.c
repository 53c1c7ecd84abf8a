// The sscanf engine (see scan.h).
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "scan.h"
#include "strconv.h"

#define FIELD_MAX 128   // longest numeric field looked at (a width caps it further)

enum { LEN_NONE, LEN_HH, LEN_H, LEN_L, LEN_LL, LEN_BIGL };

// White space in the C locale.
static bool space(char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

// Store an integer through the next pointer, sized by the modifier.
static void store_int(int len, unsigned long long v, va_list *ap)
{
    switch (len) {
    case LEN_HH: *va_arg(*ap, unsigned char *) = (unsigned char)v; break;
    case LEN_H:  *va_arg(*ap, unsigned short *) = (unsigned short)v; break;
    case LEN_L:  *va_arg(*ap, unsigned long *) = (unsigned long)v; break;
    case LEN_LL: *va_arg(*ap, unsigned long long *) = v; break;
    default:     *va_arg(*ap, unsigned int *) = (unsigned int)v; break;
    }
}

// Does c belong to the scanset set[0..n) ("^" negation and a-z ranges
// already split: set starts after the '[' and an optional '^')?
static bool in_set(const char *set, size_t n, char c)
{
    for (size_t i = 0; i < n; i++) {
        if (i + 2 < n && set[i + 1] == '-') {
            if ((unsigned char)c >= (unsigned char)set[i] &&
                (unsigned char)c <= (unsigned char)set[i + 2])
                return true;
            i += 2;
        } else if (set[i] == c) {
            return true;
        }
    }
    return false;
}

int scan_vformat(const char *str, const char *fmt, va_list ap_in)
{
    va_list ap;
    va_copy(ap, ap_in);
    const char *s = str;
    const char *f = fmt;
    int stored = 0;
    for (; *f; f++) {
        if (space(*f)) {
            while (space(*s))
                s++;
            continue;
        }
        if (*f != '%' || f[1] == '%') {
            if (*f == '%') {
                f++;
                while (space(*s))
                    s++;
            }
            if (*s == '\0')
                goto input_end;
            if (*s != *f)
                break;
            s++;
            continue;
        }
        f++;
        bool skip = false;
        if (*f == '*') {
            skip = true;
            f++;
        }
        int width = 0;
        while (*f >= '0' && *f <= '9')
            width = width * 10 + (*f++ - '0');
        int len = LEN_NONE;
        if (*f == 'h') {
            len = f[1] == 'h' ? LEN_HH : LEN_H;
            f += f[1] == 'h' ? 2 : 1;
        } else if (*f == 'l') {
            len = f[1] == 'l' ? LEN_LL : LEN_L;
            f += f[1] == 'l' ? 2 : 1;
        } else if (*f == 'L' || *f == 'q') {
            len = *f == 'L' ? LEN_BIGL : LEN_LL;
            f++;
        } else if (*f == 'j') {
            len = LEN_LL;
            f++;
        } else if (*f == 'z' || *f == 't') {
            len = LEN_NONE;
            f++;
        }
        char conv = *f;
        if (conv == '\0')
            break;
        if (conv == 'n') {
            if (!skip)
                store_int(len, (unsigned long long)(s - str), &ap);
            continue;
        }
        if (conv != 'c' && conv != '[')
            while (space(*s))
                s++;
        if (*s == '\0')
            goto input_end;
        if (conv == 'c') {
            int n = width ? width : 1;
            if ((int)strnlen(s, (size_t)n) < n)
                break;
            if (!skip) {
                memcpy(va_arg(ap, char *), s, (size_t)n);
                stored++;
            }
            s += n;
            continue;
        }
        if (conv == 's' || conv == '[') {
            const char *set = NULL;
            size_t setlen = 0;
            bool negate = false;
            if (conv == '[') {
                f++;
                if (*f == '^') {
                    negate = true;
                    f++;
                }
                set = f;
                if (*f == ']')
                    f++;
                while (*f && *f != ']')
                    f++;
                if (*f == '\0')
                    break;
                setlen = (size_t)(f - set);
            }
            const char *start = s;
            while (*s && (width == 0 || s - start < width)) {
                bool ok = conv == 's' ? !space(*s) : in_set(set, setlen, *s) != negate;
                if (!ok)
                    break;
                s++;
            }
            if (s == start)
                break;
            if (!skip) {
                char *dst = va_arg(ap, char *);
                memcpy(dst, start, (size_t)(s - start));
                dst[s - start] = '\0';
                stored++;
            }
            continue;
        }
        // Numbers: parse a copy limited to the width.
        char field[FIELD_MAX + 1];
        size_t n = strnlen(s, FIELD_MAX);
        if (width && (size_t)width < n)
            n = (size_t)width;
        memcpy(field, s, n);
        field[n] = '\0';
        char *end;
        bool range = false, badbase = false;
        if (conv == 'e' || conv == 'f' || conv == 'g' || conv == 'E' || conv == 'G' ||
            conv == 'a' || conv == 'F') {
            double v = conv_double(field, &end, &range);
            if (end == field)
                break;
            if (!skip) {
                if (len == LEN_L)
                    *va_arg(ap, double *) = v;
                else if (len == LEN_BIGL)
                    *va_arg(ap, long double *) = v;
                else
                    *va_arg(ap, float *) = (float)v;
                stored++;
            }
            s += end - field;
            continue;
        }
        int base;
        switch (conv) {
        case 'd': case 'u': base = 10; break;
        case 'i': base = 0; break;
        case 'o': base = 8; break;
        case 'x': case 'X': case 'p': base = 16; break;
        default: goto done;
        }
        unsigned long long v;
        if (conv == 'd' || conv == 'i')
            v = (unsigned long long)conv_signed(field, &end, base, INT64_MIN, INT64_MAX,
                                                &range, &badbase);
        else
            v = conv_unsigned(field, &end, base, UINT64_MAX, &range, &badbase);
        if (end == field)
            break;
        if (!skip) {
            if (conv == 'p')
                *va_arg(ap, void **) = (void *)(uintptr_t)v;
            else
                store_int(len, v, &ap);
            stored++;
        }
        s += end - field;
    }
done:
    va_end(ap);
    return stored;
input_end:
    va_end(ap);
    // Input ran out: EOF when nothing was stored, even after suppressed
    // conversions (%*d) matched; glibc and musl do the same, so portable
    // programs that test for EOF behave as on Linux.
    return stored == 0 ? -1 : stored;
}
