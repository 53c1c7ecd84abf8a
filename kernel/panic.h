// Stopping the kernel when something is wrong that it cannot recover from.
#ifndef KERNEL_PANIC_H
#define KERNEL_PANIC_H

#include "kernel/types.h"

// Print "PANIC: <message>", a stack trace, and halt. Never returns.
void panic(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

// Print the return addresses of the call chain starting at frame pointer ebp.
void stack_trace(uint32_t ebp);
// The same, starting with the interrupted instruction eip (a trap's report).
void stack_trace_from(uint32_t eip, uint32_t ebp);

// Halt this CPU for good (interrupts off). Under the test switch
// "panic=exit" QEMU is told to exit instead, so a test run never hangs.
void halt_forever(void) __attribute__((noreturn));

#define assert(cond) \
    do { if (!(cond)) panic("assertion failed: %s (%s:%d)", #cond, __FILE__, __LINE__); } while (0)

#endif
