// The scheduler: round robin over the process table, preemption by the
// timer for processes in user mode, and sleep/wakeup (see sched.h).
//
// The kernel is not preemptive: a thread in the kernel runs until it
// sleeps, yields or returns to user mode. Interrupt handlers never switch;
// they only mark threads runnable. So kernel data needs no locks, only
// "interrupts off" where an interrupt handler touches the same data.
#include "kernel/sched.h"
#include "kernel/profile.h"
#include "kernel/proc.h"
#include "kernel/gdt.h"
#include "kernel/panic.h"
#include "kernel/x86.h"
#include "drivers/pit.h"
#include "kernel/procinfo.h"
#include "mm/uvm.h"

void swtch(struct context **old, struct context *new);   // boot/swtch.asm

static struct context *scheduler_context;   // the boot thread, running scheduler()
static struct proc *current;
static int last;                            // proctab index that ran last
static uint64_t idle_ticks;                 // ticks with nothing to run (for /proc/uptime)
static volatile bool need_resched;          // a kernel thread woke: switch at the next chance

struct proc *myproc(void)
{
    return current;
}

uint64_t sched_idle_ticks(void)
{
    return idle_ticks;
}

// Make sleepers whose timeout passed runnable. Interrupts off.
static void wake_timeouts(void)
{
    uint64_t now = ticks();
    for (int i = 0; i < NPROC; i++) {
        struct proc *p = &proctab[i];
        if (p->state == P_SLEEPING && p->wake_tick && p->wake_tick <= now) {
            p->state = P_RUNNABLE;
            p->timed_out = true;
        }
    }
}

// Timer tick: make sleepers whose timeout passed runnable, and ask for a
// switch when one of them is a kernel thread (its timer is due now).
static void wake_timeouts_tick(void)
{
    uint64_t now = ticks();
    for (int i = 0; i < NPROC; i++) {
        struct proc *p = &proctab[i];
        if (p->state == P_SLEEPING && p->wake_tick && p->wake_tick <= now && p->kthread)
            need_resched = true;
    }
}

void scheduler(void)
{
    uint64_t since = 0;   // when the last thread gave up the CPU (the profiler's)
    for (;;) {
        sti();   // let pending interrupts in between two choices
        cli();
        wake_timeouts();
        need_resched = false;
        // Kernel threads first (the network, the cluster layer): they run
        // briefly and others wait on them. Then processes, round robin.
        struct proc *next = NULL;
        // A deputy counts as one: it serves a process away from home.
        for (int i = 0; i < NPROC && !next; i++)
            if (proctab[i].state == P_RUNNABLE &&
                (proctab[i].kthread || proctab[i].role == ROLE_DEPUTY))
                next = &proctab[i];
        for (int k = 1; k <= NPROC && !next; k++) {
            struct proc *p = &proctab[(last + k) % NPROC];
            if (p->state == P_RUNNABLE) {
                next = p;
                last = (int)(p - proctab);
            }
        }
        if (!next) {
            // Nothing to run: wait for an interrupt. "sti; hlt" is one
            // step: no interrupt can slip in between and be missed.
            uint64_t t0 = profile_halt_begin();
            __asm__ volatile("sti; hlt");
            profile_halt_end(t0);
            since = profile_stamp();
            continue;
        }
        next->state = P_RUNNING;
        next->slice = QUANTUM_TICKS;
        current = next;
        tss_set_kstack((uint32_t)(next->kstack + KSTACK_SIZE));
        uvm_activate(next->vm);
        if (!next->kthread)
            fpu_restore(&next->fpu);
        profile_switch(since);
        profile_running((int)(next - proctab));
        swtch(&scheduler_context, next->context);
        // next gave up the CPU (sched()).
        profile_ran((int)(next - proctab));
        since = profile_stamp();
        current = NULL;
        if (next->state == P_DEAD)
            proc_reap(next);   // it moved away: nothing runs on its stack now
    }
}

// Switch from the current thread to the scheduler. Interrupts must be
// off and the thread's state already changed from RUNNING.
static void sched(void)
{
    struct proc *p = current;
    if (read_eflags() & EFLAGS_IF)
        panic("sched: interrupts on");
    if (p->state == P_RUNNING)
        panic("sched: %s still running", p->name);
    if (!p->kthread)
        fpu_save(&p->fpu);
    swtch(&p->context, scheduler_context);
}

void sched_exit(void)
{
    sched();
    panic("sched_exit: a zombie ran again");
}

void yield(void)
{
    uint32_t f = intr_save();
    current->state = P_RUNNABLE;
    sched();
    intr_restore(f);
}

void sleep(void *chan)
{
    struct proc *p = current;
    if (!p)
        panic("sleep: no thread");
    if (read_eflags() & EFLAGS_IF)
        panic("sleep: called with interrupts on");
    p->chan = chan;
    p->wake_tick = 0;
    p->state = P_SLEEPING;
    sched();
    p->chan = NULL;
}

bool sleep_timeout(void *chan, uint32_t ms)
{
    struct proc *p = current;
    if (read_eflags() & EFLAGS_IF)
        panic("sleep_timeout: called with interrupts on");
    uint64_t t = (ms + (1000 / HZ) - 1) / (1000 / HZ);
    p->chan = chan;
    p->wake_tick = ticks() + (t ? t : 1);
    p->timed_out = false;
    p->state = P_SLEEPING;
    sched();
    p->chan = NULL;
    p->wake_tick = 0;
    return !p->timed_out;
}

void wakeup(void *chan)
{
    uint32_t f = intr_save();
    for (int i = 0; i < NPROC; i++) {
        struct proc *p = &proctab[i];
        if (p->state == P_SLEEPING && p->chan == chan) {
            p->state = P_RUNNABLE;
            if (p->kthread || p->role == ROLE_DEPUTY)
                need_resched = true;
        }
    }
    intr_restore(f);
}

bool sched_preempt_wanted(void)
{
    return need_resched && current && !current->kthread;
}

// Wake p from any sleep (a signal arrived). Interrupts off.
void sched_interrupt(struct proc *p)
{
    if (p->state == P_SLEEPING) {
        p->state = P_RUNNABLE;
        if (p->role == ROLE_DEPUTY)
            need_resched = true;
    }
}

bool signal_pending(void)
{
    struct proc *p = current;
    if (!p || p->kthread)
        return false;
    // A migration asked: a sleeping call gives way (it runs again after).
    if (p->move_to != MOVE_NONE && !p->moving)
        return true;
    if (p->role == ROLE_DEPUTY)
        // The mask travelled with the process: any signal, or a cancel,
        // ends the call the deputy runs, and the remote decides.
        return p->call_cancel || (p->sig_pending & ~(1u << 0)) != 0;
    return (p->sig_pending & ~p->sig_mask & ~(1u << 0)) != 0;
}

bool sched_tick(bool from_user)
{
    struct proc *p = current;
    loadavg_tick();
    wake_timeouts_tick();
    if (!p) {
        idle_ticks++;
        return false;
    }
    if (from_user)
        p->uticks++;
    else
        p->sticks++;
    if (p->slice > 0)
        p->slice--;
    return p->slice == 0;
}
