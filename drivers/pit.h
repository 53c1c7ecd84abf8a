// The 8254 programmable interval timer: the kernel's clock tick.
#ifndef DRIVERS_PIT_H
#define DRIVERS_PIT_H

#include "kernel/types.h"

// Program channel 0 to interrupt HZ times a second and start counting.
void pit_init(void);

// Ticks since pit_init (HZ per second).
uint64_t ticks(void);

// Milliseconds since boot, from the tick count.
uint64_t uptime_ms(void);

// Microseconds since boot: the tick count plus how far the PIT's counter
// has run since the last tick (for measuring short round trips).
uint64_t uptime_us(void);

// Busy-wait for about ms milliseconds by polling the PIT's counter
// (works with interrupts off; used before the scheduler runs).
void pit_delay_ms(uint32_t ms);

#endif
