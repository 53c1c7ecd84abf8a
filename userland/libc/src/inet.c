// Byte order and IPv4 address text conversions.
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

// htons: to network (big-endian) order.
uint16_t htons(uint16_t x) { return (uint16_t)((x << 8) | (x >> 8)); }
// ntohs
uint16_t ntohs(uint16_t x) { return htons(x); }
// htonl
uint32_t htonl(uint32_t x)
{
    return (x >> 24) | ((x >> 8) & 0xff00u) | ((x << 8) & 0xff0000u) | (x << 24);
}
// ntohl
uint32_t ntohl(uint32_t x) { return htonl(x); }

// inet_pton(AF_INET, "a.b.c.d", dst): exactly four decimal parts 0-255,
// no leading zeros; 1 on success, 0 for bad text, -1 (EAFNOSUPPORT) for
// another family.
int inet_pton(int af, const char *s, void *dst)
{
    if (af != AF_INET) {
        errno = EAFNOSUPPORT;
        return -1;
    }
    unsigned char b[4];
    for (int i = 0; i < 4; i++) {
        if (*s < '0' || *s > '9')
            return 0;
        unsigned v = 0;
        const char *start = s;
        while (*s >= '0' && *s <= '9') {
            v = v * 10 + (unsigned)(*s++ - '0');
            if (v > 255 || s - start > 3)
                return 0;
        }
        if (s - start > 1 && *start == '0')
            return 0;
        b[i] = (unsigned char)v;
        if (i < 3 && *s++ != '.')
            return 0;
    }
    if (*s != '\0')
        return 0;
    memcpy(dst, b, 4);
    return 1;
}

// inet_aton: as inet_pton (dotted quad only); 1 or 0.
int inet_aton(const char *s, struct in_addr *out)
{
    return inet_pton(AF_INET, s, &out->s_addr) == 1;
}

// inet_addr: the address in network order, or INADDR_NONE.
in_addr_t inet_addr(const char *s)
{
    struct in_addr a;
    return inet_aton(s, &a) ? a.s_addr : INADDR_NONE;
}

// inet_ntop(AF_INET, src, dst, size): "a.b.c.d", NULL with ENOSPC when
// it does not fit.
const char *inet_ntop(int af, const void *src, char *dst, socklen_t size)
{
    if (af != AF_INET) {
        errno = EAFNOSUPPORT;
        return NULL;
    }
    const unsigned char *b = src;
    char t[INET_ADDRSTRLEN];
    snprintf(t, sizeof(t), "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
    if (strlen(t) >= size) {
        errno = ENOSPC;
        return NULL;
    }
    strcpy(dst, t);
    return dst;
}

// inet_ntoa: into a static buffer.
char *inet_ntoa(struct in_addr a)
{
    static char buf[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, &a.s_addr, buf, sizeof(buf));
    return buf;
}
