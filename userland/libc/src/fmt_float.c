// Exact conversion of doubles for %e, %f and %g (and %a, in hexadecimal). A double is
// m * 2^e2 with integer m; it is turned into the exact decimal integer
// N = m * 2^e2 (e2 >= 0) or N = m * 5^-e2 (e2 < 0, then the value is
// N * 10^e2) with a base 10^9 big number, whose digits are then rounded
// to the precision asked.
#include <stdint.h>
#include <string.h>
#include "fmt.h"

#define LIMB_BASE 1000000000u    // each limb holds 9 decimal digits
#define LIMBS     96             // enough for m * 5^1074 (767 digits)
#define MAXDIGITS (LIMBS * 9)

// An exact decimal: digits d[0..n) (d[0] != '0' unless n == 0) standing
// for d[0].d[1]d[2]... * 10^exp10. n == 0 means zero.
struct decimal {
    char d[MAXDIGITS];   // ASCII digits
    int n;               // how many
    int exp10;           // decimal exponent of d[0]
};

// Multiply the little-endian base 10^9 number l[0..*len) by f (< 2^32).
static void mul_small(uint32_t *l, int *len, uint32_t f)
{
    uint64_t carry = 0;
    for (int i = 0; i < *len; i++) {
        uint64_t t = (uint64_t)l[i] * f + carry;
        l[i] = (uint32_t)(t % LIMB_BASE);
        carry = t / LIMB_BASE;
    }
    while (carry) {
        l[(*len)++] = (uint32_t)(carry % LIMB_BASE);
        carry /= LIMB_BASE;
    }
}

// Convert the finite, non-zero |v| into its exact decimal digits.
static void to_decimal(double v, struct decimal *out)
{
    uint64_t bits;
    memcpy(&bits, &v, sizeof(bits));
    int bexp = (int)((bits >> 52) & 0x7ff);
    uint64_t m = bits & ((1ull << 52) - 1);
    int e2;
    if (bexp == 0) {
        e2 = -1074;
    } else {
        m |= 1ull << 52;
        e2 = bexp - 1075;
    }
    uint32_t limbs[LIMBS];
    int len = 0;
    while (m) {
        limbs[len++] = (uint32_t)(m % LIMB_BASE);
        m /= LIMB_BASE;
    }
    int frac = 0;   // decimal digits after the point in N
    if (e2 >= 0) {
        while (e2 > 0) {
            int s = e2 > 29 ? 29 : e2;
            mul_small(limbs, &len, 1u << s);
            e2 -= s;
        }
    } else {
        frac = -e2;
        int k = frac;
        while (k > 0) {
            int s = k > 13 ? 13 : k;
            uint32_t f = 1;
            for (int i = 0; i < s; i++)
                f *= 5;
            mul_small(limbs, &len, f);
            k -= s;
        }
    }
    // Digits, most significant limb first, then the point's position.
    int n = 0;
    char tmp[10];
    for (int i = len - 1; i >= 0; i--) {
        uint32_t x = limbs[i];
        for (int j = 8; j >= 0; j--) {
            tmp[j] = (char)('0' + x % 10);
            x /= 10;
        }
        int start = 0;
        if (i == len - 1)
            while (start < 8 && tmp[start] == '0')
                start++;
        memcpy(out->d + n, tmp + start, (size_t)(9 - start));
        n += 9 - start;
    }
    out->exp10 = n - 1 - frac;
    while (n > 1 && out->d[n - 1] == '0')
        n--;
    out->n = n;
}

// Round x to its first keep digits (keep may be <= 0: the rounding
// position is then left of d[0]), half to even. The result may gain an
// exponent (9.99 -> 10.0) or become zero (n == 0).
static void round_to(struct decimal *x, int keep)
{
    if (x->n == 0 || keep >= x->n)
        return;
    if (keep < 0) {
        x->n = 0;
        return;
    }
    char next = x->d[keep];
    bool more = false;
    for (int i = keep + 1; i < x->n; i++)
        if (x->d[i] != '0')
            more = true;
    bool odd = keep > 0 && ((x->d[keep - 1] - '0') & 1);
    bool up = next > '5' || (next == '5' && (more || odd));
    x->n = keep;
    if (!up) {
        while (x->n > 0 && x->d[x->n - 1] == '0')
            x->n--;
        return;
    }
    int i = keep - 1;
    while (i >= 0 && x->d[i] == '9')
        i--;
    if (i < 0) {
        x->d[0] = '1';
        x->n = 1;
        x->exp10++;
        return;
    }
    x->d[i]++;
    x->n = i + 1;
}

// Digit number i of x ('0' beyond the stored ones and for zero).
static char digit(const struct decimal *x, int i)
{
    return (i >= 0 && i < x->n) ? x->d[i] : '0';
}

// %e body: d.ddd e+XX
static size_t put_e(char *buf, struct decimal *x, int prec, bool alt, bool upper)
{
    round_to(x, prec + 1);
    size_t k = 0;
    int e = x->n ? x->exp10 : 0;
    buf[k++] = digit(x, 0);
    if (prec > 0 || alt)
        buf[k++] = '.';
    for (int i = 1; i <= prec; i++)
        buf[k++] = digit(x, i);
    buf[k++] = upper ? 'E' : 'e';
    buf[k++] = e < 0 ? '-' : '+';
    int ae = e < 0 ? -e : e;
    char t[8];
    int tn = 0;
    do {
        t[tn++] = (char)('0' + ae % 10);
        ae /= 10;
    } while (ae);
    if (tn < 2)
        t[tn++] = '0';
    while (tn)
        buf[k++] = t[--tn];
    buf[k] = '\0';
    return k;
}

// %f body: ddd.ddd
static size_t put_f(char *buf, struct decimal *x, int prec, bool alt)
{
    if (x->n)
        round_to(x, x->exp10 + 1 + prec);
    size_t k = 0;
    int e = x->n ? x->exp10 : -1;
    if (e < 0) {
        buf[k++] = '0';
    } else {
        for (int i = 0; i <= e; i++)
            buf[k++] = digit(x, i);
    }
    if (prec > 0 || alt)
        buf[k++] = '.';
    for (int i = 1; i <= prec; i++)
        buf[k++] = x->n ? digit(x, e + i) : '0';
    buf[k] = '\0';
    return k;
}

// Remove trailing zeros of the fraction (and a bare point) for %g;
// the exponent part, if any, moves left.
static size_t strip_zeros(char *buf, size_t len)
{
    char *dot = strchr(buf, '.');
    if (dot == NULL)
        return len;
    char *ex = strpbrk(buf, "eE");
    size_t end = ex ? (size_t)(ex - buf) : len;
    size_t cut = end;
    while (cut > 0 && buf[cut - 1] == '0')
        cut--;
    if (buf[cut - 1] == '.')
        cut--;
    memmove(buf + cut, buf + end, len - end + 1);
    return len - (end - cut);
}

// %a: v (finite, not negative) in hexadecimal, without the "0x" (the
// caller puts it in front of any zero padding): the leading digit, the
// fraction's 13 hexadecimal digits (all that are not trailing zeros when
// prec < 0, else rounded half to even to prec digits, as glibc does: the
// leading digit may then become 2), and the power of two.
static size_t put_a(char *buf, double v, int prec, bool alt, bool upper)
{
    const char *hex = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    uint64_t bits;
    memcpy(&bits, &v, sizeof(bits));
    int biased = (int)((bits >> 52) & 0x7ff);
    uint64_t frac = bits & ((1ull << 52) - 1);
    uint64_t lead = biased != 0;   // subnormals and zero: 0.xxx
    int e2 = v == 0 ? 0 : biased ? biased - 1023 : -1022;
    int digits = 13;
    if (prec >= 0 && prec < 13) {
        int shift = (13 - prec) * 4;
        uint64_t full = (lead << 52) | frac;
        uint64_t rest = full & ((1ull << shift) - 1), half = 1ull << (shift - 1);
        full >>= shift;
        if (rest > half || (rest == half && (full & 1)))
            full++;
        lead = full >> (prec * 4);
        frac = full & ((1ull << (prec * 4)) - 1);
        digits = prec;
    } else if (prec < 0) {
        while (digits > 0 && (frac & 0xf) == 0) {
            frac >>= 4;
            digits--;
        }
    }
    size_t n = 0;
    buf[n++] = hex[lead];
    if (digits > 0 || prec > 0 || alt)
        buf[n++] = '.';
    for (int i = digits - 1; i >= 0; i--)
        buf[n++] = hex[(frac >> (4 * i)) & 0xf];
    for (int i = digits; i < prec; i++)   // more digits asked than a double has
        buf[n++] = '0';
    buf[n++] = upper ? 'P' : 'p';
    buf[n++] = e2 < 0 ? '-' : '+';
    int mag = e2 < 0 ? -e2 : e2;
    char tmp[8];
    int t = 0;
    do {
        tmp[t++] = (char)('0' + mag % 10);
        mag /= 10;
    } while (mag);
    while (t)
        buf[n++] = tmp[--t];
    buf[n] = '\0';
    return n;
}

size_t fmt_float(char *buf, double v, char conv, int prec, bool alt)
{
    bool upper = conv == 'E' || conv == 'F' || conv == 'G' || conv == 'A';
    if (v != v) {
        strcpy(buf, upper ? "NAN" : "nan");
        return 3;
    }
    if (v < 0)
        v = -v;
    if (v > 1.7976931348623157e308) {
        strcpy(buf, upper ? "INF" : "inf");
        return 3;
    }
    if (prec > FMT_MAX_PREC)
        prec = FMT_MAX_PREC;
    if (conv == 'a' || conv == 'A')
        return put_a(buf, v, prec, alt, upper);
    struct decimal x;
    x.n = 0;
    x.exp10 = 0;
    if (v != 0)
        to_decimal(v, &x);
    switch (conv) {
    case 'e':
    case 'E':
        return put_e(buf, &x, prec, alt, upper);
    case 'f':
    case 'F':
        return put_f(buf, &x, prec, alt);
    default: {
        int p = prec == 0 ? 1 : prec;
        struct decimal r = x;
        round_to(&r, p);
        int ex = r.n ? r.exp10 : 0;
        size_t len;
        if (p > ex && ex >= -4)
            len = put_f(buf, &x, p - 1 - ex, alt);
        else
            len = put_e(buf, &x, p - 1, alt, upper);
        return alt ? len : strip_zeros(buf, len);
    }
    }
}
