// Text to numbers (see strconv.h).
#include <stdint.h>
#include <string.h>
#include "strconv.h"

#define DBL_MIN_NORMAL 2.2250738585072014e-308   // smallest normal double

// White space as isspace() sees it in the C locale.
static bool space(char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

// The value of digit c in bases up to 36, or 99 when c is no digit.
static int digit_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 10;
    return 99;
}

// Common part of the integer parsers: white space, sign, prefix, digits.
// Returns the magnitude (saturated at UINT64_MAX with *over set) and
// sets *neg; *endp is where parsing stopped (s when there were no digits).
static unsigned long long parse_mag(const char *s, const char **endp, int base, bool *neg,
                                    bool *over, bool *badbase)
{
    const char *p = s;
    *neg = false;
    *over = false;
    *endp = s;
    if (base < 0 || base == 1 || base > 36) {
        *badbase = true;
        return 0;
    }
    while (space(*p))
        p++;
    if (*p == '+' || *p == '-')
        *neg = *p++ == '-';
    if ((base == 0 || base == 16) && p[0] == '0' && (p[1] == 'x' || p[1] == 'X') &&
        digit_value(p[2]) < 16) {
        p += 2;
        base = 16;
    } else if (base == 0) {
        base = p[0] == '0' ? 8 : 10;
    }
    unsigned long long v = 0;
    const char *first = p;
    for (; digit_value(*p) < base; p++) {
        unsigned d = (unsigned)digit_value(*p);
        if (v > (UINT64_MAX - d) / (unsigned)base)
            *over = true;
        else
            v = v * (unsigned)base + d;
    }
    if (p == first)
        return 0;
    *endp = p;
    return *over ? UINT64_MAX : v;
}

long long conv_signed(const char *s, char **end, int base, long long min, long long max,
                      bool *range, bool *badbase)
{
    const char *e;
    bool neg, over;
    unsigned long long mag = parse_mag(s, &e, base, &neg, &over, badbase);
    if (end)
        *end = (char *)e;
    long long v;
    if (neg) {
        unsigned long long lim = (unsigned long long)(-(min + 1)) + 1;
        if (over || mag > lim) {
            *range = true;
            return min;
        }
        v = mag == lim ? min : -(long long)mag;
    } else {
        if (over || mag > (unsigned long long)max) {
            *range = true;
            return max;
        }
        v = (long long)mag;
    }
    return v;
}

unsigned long long conv_unsigned(const char *s, char **end, int base, unsigned long long max,
                                 bool *range, bool *badbase)
{
    const char *e;
    bool neg, over;
    unsigned long long mag = parse_mag(s, &e, base, &neg, &over, badbase);
    if (end)
        *end = (char *)e;
    if (over || mag > max) {
        *range = true;
        return max;
    }
    return neg ? (0 - mag) & max : mag;
}

// Case-insensitive match of the lower-case word w at p.
static bool word(const char *p, const char *w)
{
    for (; *w; p++, w++)
        if ((*p | 0x20) != *w)
            return false;
    return true;
}

// Scale v by 10^e in extended precision, in steps whose powers of ten are
// exact in a long double (10^27 = 2^27 * 5^27 and 5^27 < 2^64).
static long double scale10(long double v, int e)
{
    static const long double p10[] = {
        1e0L, 1e1L, 1e2L, 1e3L, 1e4L, 1e5L, 1e6L, 1e7L, 1e8L, 1e9L, 1e10L, 1e11L, 1e12L,
        1e13L, 1e14L, 1e15L, 1e16L, 1e17L, 1e18L, 1e19L, 1e20L, 1e21L, 1e22L, 1e23L,
        1e24L, 1e25L, 1e26L, 1e27L,
    };
    while (e > 0 && v != 0 && v < 1e4000L) {
        int k = e > 27 ? 27 : e;
        v *= p10[k];
        e -= k;
    }
    while (e < 0 && v != 0) {
        int k = -e > 27 ? 27 : -e;
        v /= p10[k];
        e += k;
    }
    return v;
}

// The hexadecimal form after "0x": hex digits, '.', more, then p[+-]N.
static long double parse_hex(const char **pp)
{
    const char *p = *pp;
    uint64_t m = 0;
    int e2 = 0;
    bool any = false, dot = false;
    for (;; p++) {
        if (*p == '.' && !dot) {
            dot = true;
            continue;
        }
        int d = digit_value(*p);
        if (d >= 16)
            break;
        any = true;
        if (m >> 60) {
            if (!dot)
                e2 += 4;
        } else {
            m = m * 16 + (unsigned)d;
            if (dot)
                e2 -= 4;
        }
    }
    if (!any)
        return -1;
    if (*p == 'p' || *p == 'P') {
        const char *q = p + 1;
        bool eneg = false;
        if (*q == '+' || *q == '-')
            eneg = *q++ == '-';
        if (*q >= '0' && *q <= '9') {
            int x = 0;
            for (; *q >= '0' && *q <= '9'; q++)
                if (x < 100000)
                    x = x * 10 + (*q - '0');
            e2 += eneg ? -x : x;
            p = q;
        }
    }
    *pp = p;
    long double v = (long double)m;
    for (; e2 > 0 && v < 1e4000L; e2--)
        v *= 2;
    for (; e2 < 0 && v != 0; e2++)
        v /= 2;
    return v;
}

// The decimal form: digits, '.', digits, e[+-]N. Up to 19 significant
// digits are kept exactly; later ones only move the exponent (so a string
// of more than 19 digits lying within 10^-19 of a halfway point between
// two doubles may round to the neighbour). Returns -1 when there are no
// digits.
static long double parse_dec(const char **pp)
{
    const char *p = *pp;
    uint64_t m = 0;
    int kept = 0, e10 = 0;
    bool any = false, dot = false;
    for (;; p++) {
        if (*p == '.' && !dot) {
            dot = true;
            continue;
        }
        if (*p < '0' || *p > '9')
            break;
        any = true;
        int d = *p - '0';
        if (kept < 19) {
            if (m || d) {
                m = m * 10 + (unsigned)d;
                kept++;
            }
            if (dot)
                e10--;
        } else if (!dot) {
            e10++;
        }
    }
    if (!any)
        return -1;
    if (*p == 'e' || *p == 'E') {
        const char *q = p + 1;
        bool eneg = false;
        if (*q == '+' || *q == '-')
            eneg = *q++ == '-';
        if (*q >= '0' && *q <= '9') {
            int x = 0;
            for (; *q >= '0' && *q <= '9'; q++)
                if (x < 100000)
                    x = x * 10 + (*q - '0');
            e10 += eneg ? -x : x;
            p = q;
        }
    }
    *pp = p;
    return scale10((long double)m, e10);
}

double conv_double(const char *s, char **end, bool *range)
{
    const char *p = s;
    while (space(*p))
        p++;
    bool neg = false;
    if (*p == '+' || *p == '-')
        neg = *p++ == '-';
    long double v;
    if (word(p, "infinity")) {
        p += 8;
        v = __builtin_infl();
    } else if (word(p, "inf")) {
        p += 3;
        v = __builtin_infl();
    } else if (word(p, "nan")) {
        p += 3;
        if (*p == '(') {
            const char *q = p + 1;
            while ((*q >= '0' && *q <= '9') || ((*q | 0x20) >= 'a' && (*q | 0x20) <= 'z') ||
                   *q == '_')
                q++;
            if (*q == ')')
                p = q + 1;
        }
        v = __builtin_nanl("");
    } else if (p[0] == '0' && (p[1] | 0x20) == 'x' &&
               (digit_value(p[2]) < 16 || (p[2] == '.' && digit_value(p[3]) < 16))) {
        p += 2;
        v = parse_hex(&p);
    } else {
        v = parse_dec(&p);
        if (v < 0) {
            if (end)
                *end = (char *)s;
            return 0;
        }
    }
    if (end)
        *end = (char *)p;
    double d = (double)v;
    // Overflow, underflow to zero, or a subnormal result (as glibc).
    if (v == v && v != __builtin_infl() &&
        (d == __builtin_inf() || (d == 0 && v != 0) || (d != 0 && d < DBL_MIN_NORMAL)))
        *range = true;
    return neg ? -d : d;
}
