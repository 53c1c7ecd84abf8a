// String and memory functions.
#include <string.h>
#include <strings.h>
#include <stdlib.h>
#include <stdint.h>

// memcpy: the regions must not overlap.
void *memcpy(void *dst, const void *src, size_t n)
{
    // Four bytes per step at any alignment (x86 allows it), one string
    // instruction for the run: far cheaper than a loop under emulation.
    void *d = dst;
    size_t words = n / 4, bytes = n % 4;
    __asm__ volatile("rep movsl" : "+D"(d), "+S"(src), "+c"(words) : : "memory");
    __asm__ volatile("rep movsb" : "+D"(d), "+S"(src), "+c"(bytes) : : "memory");
    return dst;
}

// memmove: the regions may overlap.
void *memmove(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    if (d == s || n == 0)
        return dst;
    if (d < s || d >= s + n)
        return memcpy(dst, src, n);
    while (n--)
        d[n] = s[n];
    return dst;
}

// memset
void *memset(void *dst, int c, size_t n)
{
    void *d = dst;
    uint32_t w = (unsigned char)c * 0x01010101u;
    size_t words = n / 4, bytes = n % 4;
    __asm__ volatile("rep stosl" : "+D"(d), "+c"(words) : "a"(w) : "memory");
    __asm__ volatile("rep stosb" : "+D"(d), "+c"(bytes) : "a"(w) : "memory");
    return dst;
}

// memcmp: bytes compared as unsigned char.
int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *x = a, *y = b;
    for (size_t i = 0; i < n; i++)
        if (x[i] != y[i])
            return x[i] - y[i];
    return 0;
}

// memchr
void *memchr(const void *s, int c, size_t n)
{
    const unsigned char *p = s;
    for (size_t i = 0; i < n; i++)
        if (p[i] == (unsigned char)c)
            return (void *)(p + i);
    return NULL;
}

// strlen
size_t strlen(const char *s)
{
    const char *p = s;
    while (*p)
        p++;
    return (size_t)(p - s);
}

// strnlen: at most max.
size_t strnlen(const char *s, size_t max)
{
    size_t n = 0;
    while (n < max && s[n])
        n++;
    return n;
}

// strcpy
char *strcpy(char *dst, const char *src)
{
    char *d = dst;
    while ((*d++ = *src++))
        ;
    return dst;
}

// strncpy: pads with NULs up to n; no NUL when src is n bytes or longer.
char *strncpy(char *dst, const char *src, size_t n)
{
    size_t i = 0;
    for (; i < n && src[i]; i++)
        dst[i] = src[i];
    for (; i < n; i++)
        dst[i] = '\0';
    return dst;
}

// stpncpy: strncpy, returning the end of what was copied (its NUL, or
// dst + n when src did not fit).
char *stpncpy(char *dst, const char *src, size_t n)
{
    size_t i = 0;
    for (; i < n && src[i]; i++)
        dst[i] = src[i];
    char *end = dst + i;
    for (; i < n; i++)
        dst[i] = '\0';
    return end;
}

// strcat
char *strcat(char *dst, const char *src)
{
    strcpy(dst + strlen(dst), src);
    return dst;
}

// strncat: at most n bytes of src, then a NUL.
char *strncat(char *dst, const char *src, size_t n)
{
    char *d = dst + strlen(dst);
    size_t i = 0;
    for (; i < n && src[i]; i++)
        d[i] = src[i];
    d[i] = '\0';
    return dst;
}

// strcmp: bytes compared as unsigned char.
int strcmp(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return (unsigned char)*a - (unsigned char)*b;
}

// strncmp
int strncmp(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (a[i] != b[i] || a[i] == '\0')
            return (unsigned char)a[i] - (unsigned char)b[i];
    }
    return 0;
}

// strcoll: the C locale orders by byte.
int strcoll(const char *a, const char *b)
{
    return strcmp(a, b);
}

// Lower-case of an ASCII letter.
static int lower(int c)
{
    return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

// strcasecmp: ASCII letters compare without case.
int strcasecmp(const char *a, const char *b)
{
    while (*a && lower((unsigned char)*a) == lower((unsigned char)*b)) {
        a++;
        b++;
    }
    return lower((unsigned char)*a) - lower((unsigned char)*b);
}

// strncasecmp
int strncasecmp(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int x = lower((unsigned char)a[i]), y = lower((unsigned char)b[i]);
        if (x != y || x == 0)
            return x - y;
    }
    return 0;
}

// strchr: c == 0 finds the terminator.
char *strchr(const char *s, int c)
{
    for (;; s++) {
        if (*s == (char)c)
            return (char *)s;
        if (*s == '\0')
            return NULL;
    }
}

// strrchr
char *strrchr(const char *s, int c)
{
    const char *last = NULL;
    for (;; s++) {
        if (*s == (char)c)
            last = s;
        if (*s == '\0')
            return (char *)last;
    }
}

// strstr: an empty needle matches at hay.
char *strstr(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++)
        if (*hay == *needle && strncmp(hay, needle, n) == 0)
            return (char *)hay;
    return n == 0 ? (char *)hay : NULL;
}

// strspn: length of the prefix made of bytes in accept.
size_t strspn(const char *s, const char *accept)
{
    size_t n = 0;
    while (s[n] && strchr(accept, s[n]))
        n++;
    return n;
}

// strcspn: length of the prefix free of bytes in reject.
size_t strcspn(const char *s, const char *reject)
{
    size_t n = 0;
    while (s[n] && !strchr(reject, s[n]))
        n++;
    return n;
}

// strpbrk
char *strpbrk(const char *s, const char *accept)
{
    s += strcspn(s, accept);
    return *s ? (char *)s : NULL;
}

// strtok_r: the next token of s (or of *save when s is NULL).
char *strtok_r(char *s, const char *delim, char **save)
{
    if (s == NULL)
        s = *save;
    if (s == NULL)
        return NULL;
    s += strspn(s, delim);
    if (*s == '\0') {
        *save = NULL;
        return NULL;
    }
    char *end = s + strcspn(s, delim);
    if (*end) {
        *end = '\0';
        *save = end + 1;
    } else {
        *save = NULL;
    }
    return s;
}

// strtok: strtok_r with a hidden state.
char *strtok(char *s, const char *delim)
{
    static char *save;
    return strtok_r(s, delim, &save);
}

// strsep: split *sp at the first byte of delim.
char *strsep(char **sp, const char *delim)
{
    char *s = *sp;
    if (s == NULL)
        return NULL;
    char *end = s + strcspn(s, delim);
    if (*end) {
        *end = '\0';
        *sp = end + 1;
    } else {
        *sp = NULL;
    }
    return s;
}

// strdup: a malloc'ed copy, NULL when out of memory.
char *strdup(const char *s)
{
    return strndup(s, strlen(s));
}

// strndup: a malloc'ed copy of at most n bytes.
char *strndup(const char *s, size_t n)
{
    size_t len = strnlen(s, n);
    char *d = malloc(len + 1);
    if (d) {
        memcpy(d, s, len);
        d[len] = '\0';
    }
    return d;
}

// strlcpy: copy with truncation; returns strlen(src).
size_t strlcpy(char *dst, const char *src, size_t size)
{
    size_t n = strlen(src);
    if (size) {
        size_t k = n < size - 1 ? n : size - 1;
        memcpy(dst, src, k);
        dst[k] = '\0';
    }
    return n;
}

// strlcat: append with truncation; returns the length it tried to make.
size_t strlcat(char *dst, const char *src, size_t size)
{
    size_t d = strnlen(dst, size);
    if (d == size)
        return size + strlen(src);
    return d + strlcpy(dst + d, src, size - d);
}
