// Mathematical functions on double, using the x87 instructions that
// compute them (fsqrt, fsin, fcos, fptan, fpatan, fyl2x, f2xm1, fscale,
// fprem, frndint) in extended precision.
#include <math.h>
#include <stdint.h>
#include <stdbool.h>
#include <string.h>

// fabs
double fabs(double x)
{
    return __builtin_fabs(x);
}

// sqrt: NaN for negative x.
double sqrt(double x)
{
    long double r;
    __asm__("fsqrt" : "=t"(r) : "0"((long double)x));
    return (double)r;
}

// Round x to an integer with the x87 rounding control rc (0 nearest,
// 1 down, 2 up, 3 toward zero).
static double round_mode(double x, unsigned rc)
{
    uint16_t cw, ncw;
    long double r = x;
    __asm__ volatile("fnstcw %0" : "=m"(cw));
    ncw = (uint16_t)((cw & ~0x0c00u) | (rc << 10));
    __asm__ volatile("fldcw %0" : : "m"(ncw));
    __asm__ volatile("frndint" : "+t"(r));
    __asm__ volatile("fldcw %0" : : "m"(cw));
    return (double)r;
}

// floor
double floor(double x)
{
    return round_mode(x, 1);
}

// ceil
double ceil(double x)
{
    return round_mode(x, 2);
}

// trunc
double trunc(double x)
{
    return round_mode(x, 3);
}

// round: halfway cases away from zero.
double round(double x)
{
    double t = trunc(x);
    if (fabs(x - t) >= 0.5)
        t += x < 0 ? -1.0 : 1.0;
    return t;
}

// sin (accurate for |x| < 2^63)
double sin(double x)
{
    long double r;
    __asm__("fsin" : "=t"(r) : "0"((long double)x));
    return (double)r;
}

// cos
double cos(double x)
{
    long double r;
    __asm__("fcos" : "=t"(r) : "0"((long double)x));
    return (double)r;
}

// tan
double tan(double x)
{
    long double r, one;
    __asm__("fptan" : "=t"(one), "=u"(r) : "0"((long double)x));
    (void)one;
    return (double)r;
}

// atan2(y, x): the angle of (x, y), in [-pi, pi].
double atan2(double y, double x)
{
    long double r;
    __asm__("fpatan" : "=t"(r) : "0"((long double)x), "u"((long double)y) : "st(1)");
    return (double)r;
}

// atan
double atan(double x)
{
    return atan2(x, 1.0);
}

// asin: atan2(x, sqrt(1 - x^2)).
double asin(double x)
{
    return atan2(x, sqrt((1.0 - x) * (1.0 + x)));
}

// acos: atan2(sqrt(1 - x^2), x).
double acos(double x)
{
    return atan2(sqrt((1.0 - x) * (1.0 + x)), x);
}

// y * log2(x) in extended precision (fyl2x).
static long double yl2x(long double y, long double x)
{
    long double r;
    __asm__("fyl2x" : "=t"(r) : "0"(x), "u"(y) : "st(1)");
    return r;
}

// log: NaN for x < 0, -inf for 0.
double log(double x)
{
    return (double)yl2x(0.693147180559945309417232121458176568L, x);
}

// log10
double log10(double x)
{
    return (double)yl2x(0.301029995663981195213738894724493027L, x);
}

// log2
double log2(double x)
{
    return (double)yl2x(1.0L, x);
}

// 2^y in extended precision: f2xm1 on the fraction, fscale by the integer.
static long double exp2l_(long double y)
{
    if (y != y)
        return y;
    if (y > 20000)
        return __builtin_infl();
    if (y < -20000)
        return 0;
    long double i = (long double)round_mode((double)y, 0);
    long double f = y - i;                     // |f| <= 0.5 (plus rounding)
    long double m, r;
    __asm__("f2xm1" : "=t"(m) : "0"(f));
    m += 1.0L;
    __asm__("fscale" : "=t"(r) : "0"(m), "u"(i));
    return r;
}

// exp
double exp(double x)
{
    return (double)exp2l_((long double)x * 1.44269504088896340735992468100189214L);
}

// x^n for an integer n by repeated squaring (exact when the result is).
static long double powi(long double x, long long n)
{
    unsigned long long k = n < 0 ? 0ull - (unsigned long long)n : (unsigned long long)n;
    long double r = 1.0L;
    while (k) {
        if (k & 1)
            r *= x;
        x *= x;
        k >>= 1;
    }
    return n < 0 ? 1.0L / r : r;
}

// pow: the C99 special cases, integer powers by squaring, else
// 2^(y log2 x); a negative x with a non-integer y gives NaN.
double pow(double x, double y)
{
    if (y == 0)
        return 1.0;
    if (x == 1.0)
        return 1.0;
    if (y != y || x != x)
        return x + y;
    bool yint = trunc(y) == y;
    if (yint && fabs(y) <= 1024)
        return (double)powi(x, (long long)y);
    if (x == 0)
        return y < 0 ? HUGE_VAL : 0.0;
    if (x < 0) {
        if (!yint)
            return NAN;
        bool odd = fabs(y) < 9007199254740992.0 && fmod(y, 2.0) != 0;
        double r = (double)exp2l_(yl2x((long double)y, -(long double)x));
        return odd ? -r : r;
    }
    return (double)exp2l_(yl2x((long double)y, (long double)x));
}

// fmod: x - n*y with n = trunc(x/y), exactly (fprem).
double fmod(double x, double y)
{
    long double r = x, d = y;
    uint16_t sw;
    do {
        __asm__("fprem; fnstsw %1" : "+t"(r), "=a"(sw) : "u"(d));
    } while (sw & 0x0400);
    return (double)r;
}

// frexp: x = m * 2^*e with 0.5 <= |m| < 1 (m = x for 0, inf, NaN).
double frexp(double x, int *e)
{
    uint64_t b;
    memcpy(&b, &x, sizeof(b));
    int be = (int)((b >> 52) & 0x7ff);
    *e = 0;
    if (x == 0 || be == 0x7ff)
        return x;
    if (be == 0) {   // subnormal: scale into the normal range first
        x *= 18014398509481984.0;   // 2^54
        memcpy(&b, &x, sizeof(b));
        be = (int)((b >> 52) & 0x7ff);
        *e = -54;
    }
    *e += be - 1022;
    b = (b & ~(0x7ffull << 52)) | (1022ull << 52);
    memcpy(&x, &b, sizeof(x));
    return x;
}

// ldexp: x * 2^e (fscale).
double ldexp(double x, int e)
{
    long double r;
    __asm__("fscale" : "=t"(r) : "0"((long double)x), "u"((long double)e));
    return (double)r;
}

// modf: fractional part returned, integer part in *ip (signs kept).
double modf(double x, double *ip)
{
    if (isinf(x)) {
        *ip = x;
        return signbit(x) ? -0.0 : 0.0;
    }
    *ip = trunc(x);
    return x - *ip;
}
