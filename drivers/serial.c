// COM1 serial port, 16550 UART (see serial.h).
#include "drivers/serial.h"
#include "drivers/pic.h"
#include "kernel/trap.h"
#include "kernel/x86.h"

#define COM1 0x3F8
#define REG_DATA 0
#define REG_IER  1      // interrupt enable
#define REG_FCR  2      // FIFO control
#define REG_LCR  3      // line control
#define REG_MCR  4      // modem control
#define REG_LSR  5      // line status
#define LSR_RX_READY 0x01
#define LSR_TX_EMPTY 0x20

static bool present;
static void (*rx_fn)(char c);

void serial_init(void)
{
    outb(COM1 + REG_IER, 0x00);
    outb(COM1 + REG_LCR, 0x80);        // divisor latch on
    outb(COM1 + REG_DATA, 1);          // 115200 baud = 115200 / 1
    outb(COM1 + REG_IER, 0);
    outb(COM1 + REG_LCR, 0x03);        // 8 bits, no parity, one stop bit
    outb(COM1 + REG_FCR, 0xC7);        // FIFOs on, cleared, 14-byte threshold
    outb(COM1 + REG_MCR, 0x0B);        // DTR, RTS, OUT2 (routes the IRQ)
    // A UART that is not there reads back 0xFF.
    present = inb(COM1 + REG_LSR) != 0xFF;
}

void serial_putc(char c)
{
    if (!present)
        return;
    if (c == '\n')
        serial_putc('\r');
    for (int i = 0; i < 100000 && !(inb(COM1 + REG_LSR) & LSR_TX_EMPTY); i++)
        ;
    outb(COM1 + REG_DATA, (uint8_t)c);
}

int serial_getc(void)
{
    if (!present || !(inb(COM1 + REG_LSR) & LSR_RX_READY))
        return -1;
    return inb(COM1 + REG_DATA);
}

static void serial_irq(void *arg)
{
    (void)arg;
    int c;
    while ((c = serial_getc()) >= 0)
        if (rx_fn)
            rx_fn((char)c);
}

void serial_enable_rx(void (*fn)(char c))
{
    rx_fn = fn;
    irq_register(IRQ_COM1, serial_irq, 0);
    outb(COM1 + REG_IER, 0x01);        // interrupt when data arrives
    pic_enable(IRQ_COM1);
}
