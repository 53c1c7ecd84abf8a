// A small printf-style formatter, pure (no hardware), shared by kprintf and
// by anything that formats text into a buffer (procfs files, for example).
#ifndef KERNEL_FORMAT_H
#define KERNEL_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

// Format into buf (at most size bytes, always NUL-terminated when size > 0).
// Returns the length the full output would have had, as C's vsnprintf.
// Understands %d %i %u %x %X %o %c %s %p %% with the flags '-' '0', a width
// (or '*'), a precision for %s (or '.*'), and the length modifiers l, ll, z.
int vsnformat(char *buf, size_t size, const char *fmt, va_list ap);
int snformat(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
