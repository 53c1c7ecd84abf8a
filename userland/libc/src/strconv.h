// Conversion of text to numbers, pure (no errno, no system calls): the
// engines under strtol, strtoul, strtoll, strtoull, strtod and sscanf,
// built on the host for unit tests.
#ifndef LIBC_STRCONV_H
#define LIBC_STRCONV_H

#include <stdbool.h>

// strtoll with the bounds of the target type: parse an optional sign and
// an integer in base (0 or 2..36; 0 takes a 0x/0 prefix as C does) after
// leading white space. The result is clamped to [min, max] and *range set
// when it did not fit (else *range is left alone). *end (when end is not
// NULL) gets the first unparsed character, or s itself when there were
// no digits. A bad base gives 0, *end = s and *badbase set.
long long conv_signed(const char *s, char **end, int base, long long min, long long max,
                      bool *range, bool *badbase);

// strtoull with the bound max of the target type: as conv_signed, but a
// leading '-' negates the result in the target type (strtoul("-1") is
// the type's maximum), and an out-of-range value gives max with *range set.
unsigned long long conv_unsigned(const char *s, char **end, int base, unsigned long long max,
                                 bool *range, bool *badbase);

// strtod: decimal ("1.5e-3"), hexadecimal ("0x1.8p3"), "inf",
// "infinity" and "nan" (any case) after white space and a sign. *range is
// set on overflow (the result is +-HUGE_VAL) or underflow to zero.
double conv_double(const char *s, char **end, bool *range);

#endif
