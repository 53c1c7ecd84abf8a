// The icmp_echo system call behind the ping tool (there are no raw
// sockets): one ICMP echo request through the kernel's net_ping
// (net/ping.h), timed with the TSC for a round trip finer than the
// timer tick.
#include "kernel/syscall.h"
#include "kernel/x86.h"
#include "kernel/api/errno.h"
#include "drivers/pit.h"
#include "net/ping.h"

#define TSC_CALIBRATE_MS 20   // how long the one-time TSC calibration counts

static uint64_t tsc_per_ms;   // TSC cycles per millisecond, 0 until calibrated

// Count TSC cycles over TSC_CALIBRATE_MS of the PIT, once.
static void tsc_calibrate(void)
{
    if (tsc_per_ms)
        return;
    uint64_t t0 = rdtsc();
    pit_delay_ms(TSC_CALIBRATE_MS);
    uint64_t per = (rdtsc() - t0) / TSC_CALIBRATE_MS;
    tsc_per_ms = per ? per : 1;
}

// icmp_echo(ip, seq, size, timeout_ms): send one echo request with size
// payload bytes to ip (network byte order) and wait up to timeout_ms for
// its reply. seq is the caller's count of requests; the kernel numbers
// the ICMP packets itself (net_ping), so replies are matched to requests
// exactly whatever seq is. Returns the round trip in microseconds,
// -ETIMEDOUT, -EINVAL (size over PING_DATA_MAX), -EBUSY, -ENOMEM.
int32_t sys_icmp_echo(struct sysreq *r)
{
    uint32_t ip = __builtin_bswap32(r->arg[0]);
    if (r->arg[2] > PING_DATA_MAX)
        return -EINVAL;
    tsc_calibrate();
    uint64_t t0 = rdtsc();
    int ms = net_ping(ip, (uint16_t)r->arg[2], r->arg[3]);
    if (ms < 0)
        return ms;
    uint64_t us = (rdtsc() - t0) * 1000 / tsc_per_ms;
    return us > INT32_MAX ? INT32_MAX : (int32_t)us;
}
