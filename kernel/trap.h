// Traps: exceptions, hardware interrupts and system calls all enter the
// kernel through boot/isr.asm, which saves the registers in this layout.
#ifndef KERNEL_TRAP_H
#define KERNEL_TRAP_H

#include "kernel/types.h"

struct trapframe {
    // pushed by pushad in alltraps
    uint32_t edi, esi, ebp, esp_unused, ebx, edx, ecx, eax;
    // segment registers, pushed by alltraps
    uint32_t gs, fs, es, ds;
    uint32_t trapno;   // vector number, pushed by the stub
    uint32_t err;      // error code, pushed by the CPU or 0 by the stub
    // pushed by the CPU
    uint32_t eip, cs, eflags;
    // pushed by the CPU only when coming from user mode (ring 3)
    uint32_t esp, ss;
};

#define T_DIVIDE    0
#define T_DEBUG     1
#define T_NMI       2
#define T_BRKPT     3
#define T_OFLOW     4
#define T_BOUND     5
#define T_ILLOP     6
#define T_DEVICE    7
#define T_DBLFLT    8
#define T_TSS       10
#define T_SEGNP     11
#define T_STACK     12
#define T_GPFLT     13
#define T_PGFLT     14
#define T_FPERR     16
#define T_ALIGN     17
#define T_MCHK      18
#define T_SIMDERR   19

#define T_IRQ0      32      // IRQ n arrives as vector T_IRQ0 + n
#define T_SYSCALL   0x80

#define IRQ_TIMER   0
#define IRQ_KBD     1
#define IRQ_COM1    4

// Set up the IDT and load it.
void trap_init(void);

// Called from alltraps with the saved registers.
void trap(struct trapframe *tf);

// A handler for hardware interrupt irq (0-15). One handler per line; a
// second registration for a line chains after the first (shared PCI lines).
typedef void (*irq_handler_t)(void *arg);
void irq_register(int irq, irq_handler_t fn, void *arg);

// Print a report of the trap (name, error code, registers, faulting address,
// stack trace) on the console.
void trap_report(const struct trapframe *tf);

// The name of an exception vector ("page fault"), or "interrupt".
const char *trap_name(uint32_t trapno);

#endif
