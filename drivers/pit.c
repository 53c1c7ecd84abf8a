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
    uint32_t f = intr_save();   // a 64-bit read is two loads
    t = nticks;
    intr_restore(f);
    return t;
}

uint64_t uptime_ms(void)
{
    return ticks() * (1000 / HZ);
}

static uint16_t pit_count(void);

uint64_t uptime_us(void)
{
    static uint64_t last;   // never go back, whatever the reads below race with
    uint32_t f = intr_save();
    uint64_t t = nticks;
    uint32_t reload = PIT_FREQ / HZ;
    // A tick that came while interrupts were off is not in nticks yet: the
    // PIC holds it in its request register (IRQ 0 pending). The counter has
    // wrapped then, so count that tick too. Read the request before and
    // after the counter: when they differ, the counter wrapped between,
    // and its value could be from either side; read again.
    bool pending;
    uint32_t gone;
    for (;;) {
        outb(0x20, 0x0A);   // OCW3: the next read of port 0x20 gives the IRR
        pending = inb(0x20) & 1;
        gone = reload - pit_count();   // counts since the last tick
        outb(0x20, 0x0A);
        if ((bool)(inb(0x20) & 1) == pending)
            break;
    }
    if (pending)
        t++;
    uint64_t us = t * (1000000 / HZ) + (uint64_t)gone * 1000000 / PIT_FREQ;
    if (us < last)
        us = last;
    last = us;
    intr_restore(f);
    return us;
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
