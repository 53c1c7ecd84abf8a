// 8254 timer (see pit.h).
#include "drivers/pit.h"
#include "drivers/pic.h"
#include "kernel/param.h"
#include "kernel/trap.h"
#include "kernel/x86.h"

#define PIT_FREQ  1193182   // input clock, Hz
#define PIT_CH0   0x40
#define PIT_MODE  0x43

static volatile uint64_t nticks;

static void pit_irq(void *arg)
{
    (void)arg;
    nticks++;
}

void pit_init(void)
{
    uint32_t divisor = PIT_FREQ / HZ;
    outb(PIT_MODE, 0x34);              // channel 0, lo/hi byte, rate generator
    outb(PIT_CH0, divisor & 0xFF);
    outb(PIT_CH0, divisor >> 8);
    irq_register(IRQ_TIMER, pit_irq, 0);
    pic_enable(IRQ_TIMER);
}

uint64_t ticks(void)
{
    uint64_t t;
    uint32_t f = read_eflags();
    cli();                             // a 64-bit read is two loads
    t = nticks;
    if (f & EFLAGS_IF)
        sti();
    return t;
}

uint64_t uptime_ms(void)
{
    return ticks() * (1000 / HZ);
}

// Read channel 0's current count (latch command, then low and high byte).
static uint16_t pit_count(void)
{
    outb(PIT_MODE, 0x00);
    uint8_t lo = inb(PIT_CH0);
    uint8_t hi = inb(PIT_CH0);
    return (uint16_t)(hi << 8 | lo);
}

void pit_delay_ms(uint32_t ms)
{
    // The counter runs down from PIT_FREQ/HZ and reloads; add up how far it
    // moved between reads, handling the wrap.
    uint32_t reload = PIT_FREQ / HZ;
    uint64_t want = (uint64_t)PIT_FREQ * ms / 1000;
    uint64_t gone = 0;
    uint16_t last = pit_count();
    while (gone < want) {
        uint16_t now = pit_count();
        gone += now <= last ? (uint32_t)(last - now) : (uint32_t)(last + reload - now);
        last = now;
    }
}
