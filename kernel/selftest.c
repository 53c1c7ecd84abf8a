// The "crash=" test switch (see selftest.h).
#include "kernel/selftest.h"
#include "kernel/boot.h"
#include "kernel/console.h"
#include "kernel/panic.h"
#include "mm/kmalloc.h"
#include <string.h>

// Kept out of line and away from the optimizer, so the stack trace shows a
// real chain of calls: selftest_run -> crash -> the fault.
__attribute__((noinline)) static void crash_pagefault(void)
{
    // Unmapped: nothing lives at the bottom of user space. The volatile
    // variable keeps the compiler from reasoning about the address.
    volatile uintptr_t where = 0x10;
    *(volatile uint32_t *)where = 0xDEADBEEF;
}

__attribute__((noinline)) static int crash_divide(volatile int zero)
{
    int r = 100 / zero;
    kprintf("100 / 0 = %d\n", r);
    return r;
}

__attribute__((noinline)) static void crash(const char *what)
{
    kprintf("selftest: crashing on purpose: %s\n", what);
    if (strcmp(what, "pagefault") == 0) {
        crash_pagefault();
    } else if (strcmp(what, "divide") == 0) {
        crash_divide(0);
    } else if (strcmp(what, "invalidop") == 0) {
        __asm__ volatile("ud2");
    } else if (strcmp(what, "panic") == 0) {
        panic("selftest panic %d", 42);
    } else if (strcmp(what, "doublefree") == 0) {
        void *p = kmalloc(100);
        kfree(p);
        kfree(p);
    } else if (strcmp(what, "overrun") == 0) {
        char *p = kmalloc(100);
        memset(p, 'x', 101);
        kfree(p);
    } else {
        kprintf("selftest: unknown crash '%s'\n", what);
        return;
    }
    kprintf("selftest: %s did not stop the kernel\n", what);
}

void selftest_run(void)
{
    const char *what = cmdline_get(&bootinfo.cmdline, "crash");
    if (what)
        crash(what);
}
