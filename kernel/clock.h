// Wall clock time: the RTC's reading at boot plus the PIT's count since.
#ifndef KERNEL_CLOCK_H
#define KERNEL_CLOCK_H

#include "kernel/types.h"

void clock_init(void);
// Microseconds since 1970-01-01 UTC.
uint64_t clock_realtime_us(void);
// Seconds since 1970 (for file times).
int32_t clock_now(void);
// The node's host name ("node1").
void clock_nodename(char *buf, size_t n);

#endif
