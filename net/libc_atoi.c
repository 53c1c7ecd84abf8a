// atoi for lwIP (see net/libc/stdlib.h).
#include <stdlib.h>

int atoi(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    int neg = *s == '-';
    if (*s == '-' || *s == '+')
        s++;
    unsigned v = 0;
    while (*s >= '0' && *s <= '9')
        v = v * 10 + (unsigned)(*s++ - '0');
    return neg ? -(int)v : (int)v;
}
