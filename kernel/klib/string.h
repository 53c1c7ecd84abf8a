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

#endif
