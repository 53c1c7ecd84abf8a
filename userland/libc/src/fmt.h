// The printf formatting engine, pure (no system calls, no malloc), shared
// by every printf-family function and built on the host for unit tests.
#ifndef LIBC_FMT_H
#define LIBC_FMT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdbool.h>

// Where formatted text goes: put(ctx, s, n) receives n bytes (not
// NUL-terminated) each time; the engine never calls it with n == 0.
typedef void (*fmt_put_fn)(void *ctx, const char *s, size_t n);

// Format fmt with the arguments in ap, sending the text to put(ctx, ...).
// Returns the number of bytes produced. Conversions: d i u x X o c s p n %
// e E f F g G, with the flags - + space # 0, a width and a precision (or
// '*'), and the length modifiers hh h l ll j z t L. An unknown conversion
// is copied as it is.
int fmt_vformat(fmt_put_fn put, void *ctx, const char *fmt, va_list ap);

// Bound on the text of one floating point conversion: precision is
// capped at FMT_MAX_PREC digits (glibc allows more; nothing here needs it).
#define FMT_MAX_PREC  400
#define FMT_FLOAT_BUF 800

// Write the magnitude of v (its sign is ignored) as conversion conv ('e',
// 'E', 'f', 'F', 'g', 'G', or 'a', 'A' without the "0x"; prec -1 there
// means "as many as needed") with prec digits of precision (0..FMT_MAX_PREC)
// and the '#' flag alt into buf (FMT_FLOAT_BUF bytes), NUL-terminated.
// Infinity and NaN give "inf"/"nan" ("INF"/"NAN" for upper-case
// conversions). The decimal digits are exact, rounded half to even, as glibc.
// Returns the length.
size_t fmt_float(char *buf, double v, char conv, int prec, bool alt);

#endif
