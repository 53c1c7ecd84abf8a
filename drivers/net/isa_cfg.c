// Parsing "ne2k_isa=PORT,IRQ" (see isa_cfg.h).
#include "drivers/net/isa_cfg.h"
#include "kernel/hexdigit.h"

bool isa_cfg_parse(const char *s, uint16_t *port, int *irq)
{
    uint32_t p = 0, q = 0;
    int digits = 0;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
        s += 2;
    for (; *s && *s != ','; s++, digits++) {
        int d = hex_digit(*s);
        if (d < 0 || p > 0xFFF)
            return false;
        p = p * 16 + (uint32_t)d;
    }
    if (*s != ',' || digits == 0 || !s[1])
        return false;
    for (s++; *s; s++) {
        if (*s < '0' || *s > '9' || q > 15)
            return false;
        q = q * 10 + (uint32_t)(*s - '0');
    }
    if (q > 15 || p == 0 || p > 0xFFE0)
        return false;
    *port = (uint16_t)p;
    *irq = (int)q;
    return true;
}
