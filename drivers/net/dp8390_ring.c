// Checks on the DP8390's receive ring (see dp8390_ring.h).
#include "drivers/net/dp8390_ring.h"

#define HEADER 4
#define CRC    4

// The page count pages after page, wrapping from stop to start.
static uint32_t advance(uint32_t page, uint32_t count, uint8_t start, uint8_t stop)
{
    uint32_t pages = (count + DP8390_PAGE_SIZE - 1) / DP8390_PAGE_SIZE;
    uint32_t p = page + pages;
    if (p >= stop)
        p -= (uint32_t)(stop - start);
    return p;
}

bool dp8390_header_ok(uint8_t page, uint8_t next, uint16_t count, uint8_t start, uint8_t stop)
{
    if (start >= stop || page < start || page >= stop)
        return false;
    if (next < start || next >= stop)
        return false;
    uint32_t ring = (uint32_t)(stop - start) * DP8390_PAGE_SIZE;
    if (count < HEADER || (uint32_t)count + CRC > ring)
        return false;
    return next == advance(page, count, start, stop) ||
           next == advance(page, (uint32_t)count + CRC, start, stop);
}
