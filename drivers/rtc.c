// CMOS real-time clock (see rtc.h).
#include "drivers/rtc.h"
#include "kernel/x86.h"

static uint8_t cmos(uint8_t reg)
{
    outb(0x70, reg);
    return inb(0x71);
}

static int bcd(uint8_t v, bool binary)
{
    return binary ? v : (v & 0x0F) + (v >> 4) * 10;
}

int32_t days_from_civil(int y, int m, int d)
{
    // Howard Hinnant's algorithm: count from March so leap days come last.
    y -= m <= 2;
    int era = y / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int32_t rtc_read_epoch(void)
{
    // Wait until no update is in progress, then read twice until stable.
    uint8_t s[6], t[6];
    do {
        while (cmos(0x0A) & 0x80)
            ;
        s[0] = cmos(0x00); s[1] = cmos(0x02); s[2] = cmos(0x04);
        s[3] = cmos(0x07); s[4] = cmos(0x08); s[5] = cmos(0x09);
        while (cmos(0x0A) & 0x80)
            ;
        t[0] = cmos(0x00); t[1] = cmos(0x02); t[2] = cmos(0x04);
        t[3] = cmos(0x07); t[4] = cmos(0x08); t[5] = cmos(0x09);
    } while (s[0] != t[0] || s[1] != t[1] || s[2] != t[2] ||
             s[3] != t[3] || s[4] != t[4] || s[5] != t[5]);
    uint8_t fmt = cmos(0x0B);
    bool binary = fmt & 0x04, h24 = fmt & 0x02;
    int sec = bcd(s[0], binary), min = bcd(s[1], binary);
    int hour = bcd(s[2] & 0x7F, binary);
    if (!h24 && (s[2] & 0x80))
        hour = (hour % 12) + 12;
    int day = bcd(s[3], binary), mon = bcd(s[4], binary), year = 2000 + bcd(s[5], binary);
    return days_from_civil(year, mon, day) * 86400 + hour * 3600 + min * 60 + sec;
}
