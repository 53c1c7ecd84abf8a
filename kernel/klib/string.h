// The string and memory functions of the kernel. Named and declared as the
// C standard does, so that pure modules that include <string.h> build both
// in the kernel (this file) and on the host (the C library's).
#ifndef KLIB_STRING_H
#define KLIB_STRING_H

#include <stddef.h>

void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
// Copy src into dst (size bytes, always NUL-terminated); returns strlen(src).
size_t strlcpy(char *dst, const char *src, size_t size);

// The compiler moves a few bytes of known size itself (a load and a store)
// and calls the functions above for the rest. The kernel builds with
// -fno-builtin, which would make every memcpy a call, even one of 4 bytes
// (a list link, a header field): under emulation the call and its
// "rep movs" cost many times the move. kernel/klib/string.c, which defines
// them, says #define KLIB_STRING_IMPL first.
#ifndef KLIB_STRING_IMPL
#define memcpy(dst, src, n) __builtin_memcpy(dst, src, n)
#define memset(dst, c, n) __builtin_memset(dst, c, n)
#endif

#endif
