// Turning interrupts off around a test-then-sleep (kernel/sched.h's rule)
// and back to what they were. Kernel only.
#ifndef FS_IRQ_H
#define FS_IRQ_H

#include "kernel/x86.h"

// Disable interrupts; returns the flags to give irq_restore.
static inline uint32_t irq_save(void)
{
    uint32_t flags = read_eflags();
    cli();
    return flags;
}

// Enable interrupts again if they were on at irq_save.
static inline void irq_restore(uint32_t flags)
{
    if (flags & EFLAGS_IF)
        sti();
}

#endif
