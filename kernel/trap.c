// The interrupt descriptor table and the one C entry point for every trap
// (see trap.h).
#include "kernel/trap.h"
#include "kernel/profile.h"
#include "kernel/gdt.h"
#include "kernel/console.h"
#include "kernel/panic.h"
#include "kernel/x86.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/syscall.h"
#include "ssi/migrate.h"
#include "drivers/pic.h"
#include "drivers/pit.h"
#include "mm/uvm.h"
#include "kernel/api/errno.h"

struct idt_entry {
    uint16_t off_lo;
    uint16_t sel;
    uint8_t zero;
    uint8_t type;        // present, ring allowed to use int n, gate type
    uint16_t off_hi;
} __attribute__((packed));

struct idt_ptr {
    uint16_t limit;
    uint32_t base;
} __attribute__((packed));

static struct idt_entry idt[256];
extern uint32_t isr_table[256];   // boot/isr.asm

// Up to two handlers per IRQ line (PCI devices may share one).
#define IRQ_SLOTS 2
struct irq_slot {
    irq_handler_t fn;
    void *arg;
};
static struct irq_slot irqs[16][IRQ_SLOTS];
static uint32_t irq_counts[16];
static uint32_t spurious_irqs;

static void set_gate(int n, uint32_t handler, int user)
{
    idt[n].off_lo = handler & 0xFFFF;
    idt[n].sel = KCODE_SEL;
    idt[n].zero = 0;
    // 0x8E: present, ring 0, 32-bit interrupt gate (interrupts off on entry).
    // User-callable gates (int 0x80) have DPL 3.
    idt[n].type = user ? 0xEE : 0x8E;
    idt[n].off_hi = handler >> 16;
}

void trap_init(void)
{
    for (int i = 0; i < 256; i++)
        set_gate(i, isr_table[i], i == T_SYSCALL);
    struct idt_ptr p = { sizeof(idt) - 1, (uint32_t)idt };
    __asm__ volatile("lidt %0" : : "m"(p));
}

void irq_register(int irq, irq_handler_t fn, void *arg)
{
    if (irq < 0 || irq >= 16)
        panic("irq_register: no IRQ line %d", irq);
    for (int i = 0; i < IRQ_SLOTS; i++) {
        if (!irqs[irq][i].fn) {
            irqs[irq][i].fn = fn;
            irqs[irq][i].arg = arg;
            return;
        }
    }
    panic("irq_register: IRQ %d has %d handlers already", irq, IRQ_SLOTS);
}

static const char *const exception_names[] = {
    "divide error", "debug", "non-maskable interrupt", "breakpoint",
    "overflow", "bound range exceeded", "invalid opcode", "device not available",
    "double fault", "coprocessor segment overrun", "invalid TSS",
    "segment not present", "stack fault", "general protection fault",
    "page fault", "reserved", "x87 floating point error", "alignment check",
    "machine check", "SIMD floating point error",
};

const char *trap_name(uint32_t trapno)
{
    if (trapno < sizeof(exception_names) / sizeof(exception_names[0]))
        return exception_names[trapno];
    if (trapno < 32)
        return "reserved exception";
    if (trapno == T_SYSCALL)
        return "system call";
    return "interrupt";
}

void trap_report(const struct trapframe *tf)
{
    kprintf("\n*** %s (vector %u), error code %08x\n", trap_name(tf->trapno),
            tf->trapno, tf->err);
    if (tf->trapno == T_PGFLT) {
        kprintf("faulting address %08x: %s, %s, %s\n", read_cr2(),
                tf->err & 1 ? "protection violation" : "page not present",
                tf->err & 2 ? "write" : "read",
                tf->err & 4 ? "user mode" : "kernel mode");
    }
    kprintf("eip %08x  cs %04x  eflags %08x\n", tf->eip, tf->cs & 0xFFFF, tf->eflags);
    kprintf("eax %08x  ebx %08x  ecx %08x  edx %08x\n", tf->eax, tf->ebx, tf->ecx, tf->edx);
    kprintf("esi %08x  edi %08x  ebp %08x  esp %08x\n", tf->esi, tf->edi, tf->ebp,
            (tf->cs & 3) ? tf->esp : (uint32_t)&tf->esp);
    kprintf("ds %04x  es %04x  fs %04x  gs %04x\n", tf->ds & 0xFFFF, tf->es & 0xFFFF,
            tf->fs & 0xFFFF, tf->gs & 0xFFFF);
    kprintf("cr0 %08x  cr2 %08x  cr3 %08x  cr4 %08x\n", read_cr0(), read_cr2(),
            read_cr3(), read_cr4());
    // The trace starts at the interrupted instruction, then follows the
    // interrupted code's chain of frames.
    stack_trace_from(tf->eip, tf->ebp);
}

static void irq(struct trapframe *tf)
{
    int n = (int)tf->trapno - T_IRQ0;
    if (pic_spurious(n)) {
        spurious_irqs++;
        return;
    }
    irq_counts[n]++;
    for (int i = 0; i < IRQ_SLOTS; i++)
        if (irqs[n][i].fn)
            irqs[n][i].fn(irqs[n][i].arg);
    pic_eoi(n);
}

static void kernel_fault(struct trapframe *tf) __attribute__((noreturn));

// The signal a user-mode exception turns into.
static int exception_signal(uint32_t trapno)
{
    switch (trapno) {
    case T_DIVIDE:
    case T_FPERR:
    case T_SIMDERR:
        return SIGFPE;
    case T_ILLOP:
        return SIGILL;
    case T_BRKPT:
        return SIGTRAP;
    default:
        return SIGSEGV;
    }
}

// An exception in user mode: a page fault the kernel can resolve
// (copy-on-write, stack growth), or a signal for the process.
static void user_exception(struct trapframe *tf)
{
    struct proc *p = myproc();
    if (tf->trapno == T_PGFLT) {
        int err = uvm_fault(p->vm, read_cr2(), tf->err & 2, tf->err & 1);
        if (err == 0)
            return;
        if (err == -ENOMEM && proc_is_init(p)) {
            // Killing init would take the node down: wait for others to
            // free memory (they are killed as they fault) and retry.
            static uint64_t warned_at;
            if (warned_at == 0 || ticks() - warned_at > 5 * HZ) {
                kprintf("pid 1 (%s): out of memory at %08x, waiting\n", p->name, read_cr2());
                warned_at = ticks();
            }
            uint32_t f = intr_save();
            sleep_timeout(&warned_at, 100);
            intr_restore(f);
            return;
        }
        if (err == -ENOMEM) {
            kprintf("pid %d (%s): out of memory at %08x, killed\n", p->pid, p->name, read_cr2());
            signal_send(p, SIGKILL);
            return;
        }
    }
    int sig = exception_signal(tf->trapno);
    if (p->sig_mask & (1u << sig))
        p->sig_mask &= ~(1u << sig);   // a blocked fault signal cannot wait: unblock it
    signal_send(p, sig);
}

void trap(struct trapframe *tf)
{
    bool from_user = (tf->cs & 3) == 3;
    struct proc *p = myproc();

    if (tf->trapno == T_SYSCALL) {
        syscall_dispatch(tf);
    } else if (tf->trapno >= T_IRQ0 && tf->trapno < T_IRQ0 + 16) {
        uint64_t t0 = profile_stamp();
        irq(tf);
        profile_irq_end(t0);
        if (tf->trapno == T_IRQ0 + IRQ_TIMER)
            profile_tick(tf->eip, from_user);
        // The timer: account the tick; preempt a process whose quantum is
        // over, but only in user mode (the kernel is not preemptive).
        if (tf->trapno == T_IRQ0 + IRQ_TIMER && sched_tick(from_user) && from_user)
            yield();
        else if (from_user && sched_preempt_wanted())
            yield();   // a kernel thread woke (a frame arrived): let it run now
    } else if (from_user && p) {
        user_exception(tf);
    } else {
        kernel_fault(tf);
    }
    if (from_user && p) {
        signal_deliver(tf);
        // The freeze point: a migration asked moves the process now, with
        // nothing of it on the kernel stack but tf (ssi/migrate.c).
        if (p->move_to != MOVE_NONE)
            migrate_freeze_point(p, tf);
    }
}

// An exception in the kernel is a kernel bug: report and stop.
static void kernel_fault(struct trapframe *tf)
{
    trap_report(tf);
    kprintf("PANIC: unhandled %s in the kernel at %08x\nkernel halted\n",
            trap_name(tf->trapno), tf->eip);
    halt_forever();
}
