// IPv4 addresses as the kernel's network API and the command line use
// them: a uint32_t in host byte order (10.77.0.11 is 0x0A4D000B). Pure.
#ifndef NET_IPADDR_H
#define NET_IPADDR_H

#include "kernel/types.h"

#define IP_STR_MAX 16   // "255.255.255.255" and its NUL

// Parse a dotted quad ("10.77.0.11"): four decimal numbers 0-255, no
// spaces, nothing after. Returns false (and leaves *ip alone) otherwise.
bool ip_parse(const char *s, uint32_t *ip);

// Parse "10.77.0.11/24" (the prefix length 0-32); without "/N" the prefix
// is 24. Returns false when either part is malformed.
bool ip_parse_cidr(const char *s, uint32_t *ip, int *prefix);

// The netmask of a prefix length (24 -> 255.255.255.0); 0 for prefix 0.
uint32_t ip_prefix_mask(int prefix);

// "a.b.c.d" into out (IP_STR_MAX bytes).
void ip_format(char *out, uint32_t ip);

#endif
