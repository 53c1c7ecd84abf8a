// Kernel panic and stack traces (see panic.h).
#include "kernel/panic.h"
#include "kernel/console.h"
#include "kernel/param.h"
#include "kernel/x86.h"
#include "kernel/boot.h"
#include "drivers/vga.h"
#include <stdarg.h>

extern char kernel_start[], kernel_end[];

void stack_trace_from(uint32_t eip, uint32_t ebp)
{
    kprintf("stack trace:\n");
    int depth = 0;
    if (eip)
        kprintf("  #%d %08x\n", depth++, eip);
    // Each frame is [saved ebp][return address]; the chain ends at the 0
    // that boot.asm put in ebp. Stop on any frame pointer outside the
    // kernel's memory rather than fault while reporting a fault.
    for (; depth < 32 && ebp; depth++) {
        if (ebp < KERNBASE || ebp >= KERNBASE + DIRECTMAP_SIZE - 8 || (ebp & 3)) {
            kprintf("  (frame pointer %08x is not in kernel memory)\n", ebp);
            break;
        }
        uint32_t *frame = (uint32_t *)ebp;
        uint32_t ret = frame[1];
        if (ret == 0)
            break;
        kprintf("  #%d %08x\n", depth, ret);
        ebp = frame[0];
    }
}

void stack_trace(uint32_t ebp)
{
    stack_trace_from(0, ebp);
}

void halt_forever(void)
{
    cli();
    if (boot_exit_on_panic()) {
        // isa-debug-exit at port 0xf4: QEMU exits with status (v << 1) | 1.
        outb(0xF4, 0x01);
    }
    for (;;)
        hlt();
}

void panic(const char *fmt, ...)
{
    cli();
    vga_set_color(0x4F);
    kprintf("\nPANIC: ");
    va_list ap;
    va_start(ap, fmt);
    vkprintf(fmt, ap);
    va_end(ap);
    kprintf("\n");
    stack_trace(read_ebp());
    kprintf("kernel halted\n");
    halt_forever();
}
