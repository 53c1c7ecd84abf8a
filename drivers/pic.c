// 8259A programmable interrupt controllers (see pic.h).
#include "drivers/pic.h"
#include "kernel/x86.h"
#include "kernel/trap.h"

#define PIC1_CMD  0x20
#define PIC1_DATA 0x21
#define PIC2_CMD  0xA0
#define PIC2_DATA 0xA1
#define PIC_EOI   0x20
#define PIC_READ_ISR 0x0B

static uint16_t mask = 0xFFFF & ~(1 << 2);   // line 2 cascades PIC2: keep it open

static void write_mask(void)
{
    outb(PIC1_DATA, mask & 0xFF);
    outb(PIC2_DATA, mask >> 8);
}

void pic_init(void)
{
    // ICW1: initialize, ICW4 follows. ICW2: vector offset. ICW3: cascade
    // wiring. ICW4: 8086 mode.
    outb(PIC1_CMD, 0x11); io_wait();
    outb(PIC2_CMD, 0x11); io_wait();
    outb(PIC1_DATA, T_IRQ0); io_wait();
    outb(PIC2_DATA, T_IRQ0 + 8); io_wait();
    outb(PIC1_DATA, 4); io_wait();
    outb(PIC2_DATA, 2); io_wait();
    outb(PIC1_DATA, 1); io_wait();
    outb(PIC2_DATA, 1); io_wait();
    write_mask();
}

void pic_enable(int irq)
{
    mask &= ~(1 << irq);
    write_mask();
}

void pic_disable(int irq)
{
    mask |= 1 << irq;
    write_mask();
}

void pic_eoi(int irq)
{
    if (irq >= 8)
        outb(PIC2_CMD, PIC_EOI);
    outb(PIC1_CMD, PIC_EOI);
}

bool pic_spurious(int irq)
{
    if (irq != 7 && irq != 15)
        return false;
    uint16_t port = irq == 7 ? PIC1_CMD : PIC2_CMD;
    outb(port, PIC_READ_ISR);
    if (inb(port) & 0x80)
        return false;
    if (irq == 15)
        outb(PIC1_CMD, PIC_EOI);   // the master saw a real cascade interrupt
    return true;
}
