// Checks on the DP8390's receive ring (the NE2000's chip). Pure: tested in
// tests/unit.
//
// The chip writes each frame into 256-byte pages of a ring [start, stop),
// behind a 4-byte header: status, the page of the next frame, and the byte
// count (header included). The next page must follow from the count: a
// header that does not is garbage (the ring was overwritten), and nothing
// after it can be trusted.
#ifndef DRIVERS_NET_DP8390_RING_H
#define DRIVERS_NET_DP8390_RING_H

#include "kernel/types.h"

#define DP8390_PAGE_SIZE 256

// True when a frame at ring page `page` whose header says `next` and
// `count` is consistent: next inside the ring, count at least the header
// and at most the ring, and next exactly the pages the count takes after
// page (with or without the 4-byte CRC the chip may store), wrapping at stop.
bool dp8390_header_ok(uint8_t page, uint8_t next, uint16_t count, uint8_t start, uint8_t stop);

#endif
