// The first serial port (COM1, 115200 8N1): the console that tests and
// cluster launchers read.
#ifndef DRIVERS_SERIAL_H
#define DRIVERS_SERIAL_H

#include "kernel/types.h"

void serial_init(void);
void serial_putc(char c);
// A received byte, or -1 when none is waiting (polled).
int serial_getc(void);
// Turn on the receive interrupt; fn is called with each byte received.
void serial_enable_rx(void (*fn)(char c));

#endif
