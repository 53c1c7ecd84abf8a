// Wall clock time (see clock.h).
#include "kernel/clock.h"
#include "kernel/boot.h"
#include "kernel/format.h"
#include "drivers/pit.h"
#include "drivers/rtc.h"

static int32_t boot_epoch;   // RTC seconds when the PIT started counting

void clock_init(void)
{
    boot_epoch = rtc_read_epoch() - (int32_t)(uptime_ms() / 1000);
}

uint64_t clock_realtime_us(void)
{
    return (uint64_t)boot_epoch * 1000000 + uptime_us();
}

int32_t clock_now(void)
{
    return boot_epoch + (int32_t)(uptime_ms() / 1000);
}

void clock_nodename(char *buf, size_t n)
{
    long node = cmdline_get_int(&bootinfo.cmdline, "node", 1);
    snformat(buf, n, "node%ld", node);
}
