// The one piece of <stdlib.h> lwIP's sources use (netif.c's netif_find
// calls atoi). Only lwIP's files and net/ see this directory.
#ifndef NET_LIBC_STDLIB_H
#define NET_LIBC_STDLIB_H

// The decimal number at the start of s (optional sign, then digits);
// 0 when there is none. Overflow wraps instead of being undefined.
int atoi(const char *s);

#endif
