// Sections that run with interrupts off, for code that shares state with
// an interrupt handler on this (single) CPU: a driver's send against its
// receive interrupt, and net/'s queues against the drivers' handlers.
#ifndef DRIVERS_NET_INTR_H
#define DRIVERS_NET_INTR_H

#include "kernel/x86.h"

// Turn interrupts off; returns the flags to give back to intr_restore.
static inline uint32_t intr_save(void)
{
    uint32_t f = read_eflags();
    cli();
    return f;
}

// Turn interrupts back on if they were on when intr_save was called.
static inline void intr_restore(uint32_t flags)
{
    if (flags & EFLAGS_IF)
        sti();
}

#endif
