// Kernel console output (see console.h).
#include "kernel/console.h"
#include "kernel/format.h"
#include "drivers/serial.h"
#include "drivers/vga.h"

void console_init(void)
{
    serial_init();
    vga_init();
}

void console_putc(char c)
{
    serial_putc(c);
    vga_putc(c);
}

void console_write(const char *s, int n)
{
    for (int i = 0; i < n; i++)
        console_putc(s[i]);
}

int vkprintf(const char *fmt, va_list ap)
{
    char buf[512];
    int n = vsnformat(buf, sizeof(buf), fmt, ap);
    console_write(buf, n < (int)sizeof(buf) ? n : (int)sizeof(buf) - 1);
    return n;
}

int kprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vkprintf(fmt, ap);
    va_end(ap);
    return n;
}
