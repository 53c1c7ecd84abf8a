// The two things lwIP asks of a NO_SYS platform: the time in milliseconds
// and random numbers.
#include "lwip/sys.h"
#include "drivers/pit.h"
#include "kernel/x86.h"

// Milliseconds since boot, for lwIP's timers (wraps after 49 days, which
// lwIP handles).
u32_t sys_now(void)
{
    return (u32_t)uptime_ms();
}

static uint32_t seed;

// A xorshift generator seeded from the time stamp counter: good enough for
// DHCP transaction ids and port numbers, not for keys.
uint32_t net_random(void)
{
    if (seed == 0)
        seed = (uint32_t)rdtsc() | 1;
    seed ^= seed << 13;
    seed ^= seed >> 17;
    seed ^= seed << 5;
    return seed;
}
