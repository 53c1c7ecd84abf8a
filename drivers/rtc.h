// The CMOS real-time clock: the wall clock time at boot.
#ifndef DRIVERS_RTC_H
#define DRIVERS_RTC_H

#include "kernel/types.h"

// Seconds since 1970-01-01 UTC as the RTC reads now (it is read once at
// boot; the kernel counts from there with the PIT).
int32_t rtc_read_epoch(void);

// Days since 1970-01-01 of a civil date (pure; y >= 1970).
int32_t days_from_civil(int y, int m, int d);

#endif
