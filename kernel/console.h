// Kernel output: everything printed goes to both the serial line and the
// VGA screen.
#ifndef KERNEL_CONSOLE_H
#define KERNEL_CONSOLE_H

#include <stdarg.h>

void console_init(void);
void console_putc(char c);
void console_write(const char *s, int n);
int kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vkprintf(const char *fmt, va_list ap);

#endif
