// The sscanf engine, pure (no system calls), built on the host for tests.
#ifndef LIBC_SCAN_H
#define LIBC_SCAN_H

#include <stdarg.h>

// Read values from the string str as fmt says, storing them through the
// pointers in ap, as C's vsscanf. Conversions: d i u o x X p s c [ n %
// e f g E G a, with '*' (assignment suppression), a width and the length
// modifiers hh h l ll j z t L. Returns the number of values stored, or -1
// (EOF) when the input ended before the first conversion.
int scan_vformat(const char *str, const char *fmt, va_list ap);

#endif
