// Parsing and printing IPv4 addresses (see ipaddr.h).
#include "net/ipaddr.h"
#include "kernel/format.h"

// Read a decimal number of at most max from *s, advancing *s. At most
// three digits; false if there is none or it is too large.
static bool number(const char **s, uint32_t max, uint32_t *out)
{
    uint32_t v = 0;
    int digits = 0;
    while (**s >= '0' && **s <= '9' && digits < 3) {
        v = v * 10 + (uint32_t)(**s - '0');
        (*s)++;
        digits++;
    }
    if (digits == 0 || v > max || (**s >= '0' && **s <= '9'))
        return false;
    *out = v;
    return true;
}

// Parse a dotted quad at *s, advancing *s past it.
static bool quad(const char **s, uint32_t *ip)
{
    uint32_t v = 0;
    for (int i = 0; i < 4; i++) {
        uint32_t part;
        if (i > 0 && *(*s)++ != '.')
            return false;
        if (!number(s, 255, &part))
            return false;
        v = v << 8 | part;
    }
    *ip = v;
    return true;
}

bool ip_parse(const char *s, uint32_t *ip)
{
    uint32_t v;
    if (!s || !quad(&s, &v) || *s != '\0')
        return false;
    *ip = v;
    return true;
}

bool ip_parse_cidr(const char *s, uint32_t *ip, int *prefix)
{
    uint32_t v, p = 24;
    if (!s || !quad(&s, &v))
        return false;
    if (*s == '/') {
        s++;
        if (!number(&s, 32, &p))
            return false;
    }
    if (*s != '\0')
        return false;
    *ip = v;
    *prefix = (int)p;
    return true;
}

uint32_t ip_prefix_mask(int prefix)
{
    if (prefix <= 0)
        return 0;
    if (prefix >= 32)
        return 0xFFFFFFFFu;
    return 0xFFFFFFFFu << (32 - prefix);
}

void ip_format(char *out, uint32_t ip)
{
    snformat(out, IP_STR_MAX, "%u.%u.%u.%u", ip >> 24, (ip >> 16) & 0xFF,
             (ip >> 8) & 0xFF, ip & 0xFF);
}
