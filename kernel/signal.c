// Signal delivery (see signal.h).
//
// To run a handler, the kernel pushes a frame on the user stack holding the
// interrupted registers, the old signal mask and the FPU state, and starts
// the handler with the frame's return address pointing at sa_restorer: the
// C library's trampoline, which calls sigreturn. sigreturn reads the frame
// back, checks it and resumes where the signal interrupted.
#include "kernel/signal.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/gdt.h"
#include "kernel/console.h"
#include "kernel/x86.h"
#include "mm/uvm.h"
#include "ssi/remote.h"
#include <string.h>

// What the handler finds on its stack.
struct sigframe {
    uint32_t ret;                  // sa_restorer: the handler returns there
    uint32_t signo;                // the handler's argument
    struct trapframe saved;        // registers when the signal came
    uint32_t saved_mask;           // signal mask to restore
    uint32_t pad[3];               // align the FPU area to 16 bytes
    struct fpu_state fpu;          // FPU registers: the handler may use the FPU
};

static uint32_t sigbit(int sig)
{
    return 1u << sig;
}

// Signals whose default action is to be ignored.
static bool default_ignored(int sig)
{
    return sig == SIGCHLD || sig == SIGCONT || sig == 28 /* SIGWINCH */ || sig == 23 /* SIGURG */;
}

// Signals whose default action is to stop the process until SIGCONT.
static bool default_stops(int sig)
{
    return sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU;
}

#define STOP_SIGNALS (sigbit(SIGSTOP) | sigbit(SIGTSTP) | sigbit(SIGTTIN) | sigbit(SIGTTOU))

void signal_send(struct proc *p, int sig)
{
    if (sig <= 0 || sig >= NSIG)
        return;
    uint32_t f = intr_save();
    if (sig == SIGCONT) {
        // SIGCONT resumes a stopped process and cancels stops not yet taken.
        p->sig_pending &= ~STOP_SIGNALS;
        p->stopped = false;
    } else if (default_stops(sig)) {
        p->sig_pending &= ~sigbit(SIGCONT);
    }
    p->sig_pending |= sigbit(sig);
    // A deputy passes every signal on to where the process runs (the mask
    // went with the process).
    if (sig == SIGKILL || sig == SIGCONT || !(p->sig_mask & sigbit(sig)) ||
        p->role == ROLE_DEPUTY)
        sched_interrupt(p);
    intr_restore(f);
}

bool signal_kills_or_stops(struct proc *p, int sig)
{
    if (sig == SIGKILL || sig == SIGSTOP)
        return true;
    return p->sigact[sig].sa_handler == SIG_DFL_VALUE && !default_ignored(sig);
}

bool signal_interrupts(struct proc *p)
{
    uint32_t ready = p->sig_pending & ~(p->sig_mask & ~sigbit(SIGKILL)) & ~1u;
    for (int sig = 1; sig < NSIG; sig++) {
        if (!(ready & sigbit(sig)))
            continue;
        uint32_t handler = p->sigact[sig].sa_handler;
        if (sig == SIGKILL)
            return true;
        if (handler == SIG_IGN_VALUE)
            continue;
        if (handler != SIG_DFL_VALUE)
            return true;
        if (!default_ignored(sig) && !default_stops(sig))
            return true;
    }
    return false;
}

// Stop the current process until SIGCONT or SIGKILL arrives. The parent
// hears of it by SIGCHLD. Called on the way back to user mode. A process
// away from home tells home, where its parent is (and waits).
static void stop_self(struct proc *p, int sig)
{
    uint32_t f = intr_save();
    p->stopped = true;
    p->stop_sig = sig;
    p->stop_unreported = true;
    if (p->parent) {
        signal_send(p->parent, SIGCHLD);
        wakeup(p->parent);   // a waitpid with WUNTRACED reports it
    }
    if (p->role == ROLE_GUEST) {
        sti();
        remote_stopped(p, sig);   // a SIGCONT meanwhile clears p->stopped
        cli();
    }
    while (p->stopped && !(p->sig_pending & sigbit(SIGKILL)))
        sleep(&p->stopped);
    p->stopped = false;
    p->stop_unreported = false;
    if (p->role == ROLE_GUEST && !(p->sig_pending & sigbit(SIGKILL))) {
        sti();
        remote_stopped(p, 0);   // (killed: its exit tells home instead)
        cli();
    }
    intr_restore(f);
}

static const char *signame(int sig)
{
    switch (sig) {
    case SIGSEGV: return "segmentation fault";
    case SIGILL:  return "illegal instruction";
    case SIGFPE:  return "arithmetic exception";
    case SIGBUS:  return "bus error";
    default:      return NULL;
    }
}

// Set up the handler frame for sig on the user stack and point tf at the
// handler. False when the stack is unusable (the caller kills the process).
static bool push_frame(struct proc *p, struct trapframe *tf, int sig)
{
    const struct api_sigaction *sa = &p->sigact[sig];
    struct sigframe frame;
    memset(&frame, 0, sizeof(frame));
    frame.ret = sa->sa_restorer;
    frame.signo = (uint32_t)sig;
    frame.saved = *tf;
    // After sigsuspend, the handler returns to the mask before the call.
    frame.saved_mask = p->suspend_saved ? p->suspend_old_mask : p->sig_mask;
    p->suspend_saved = false;
    fpu_save(&frame.fpu);   // the process's live FPU registers
    // Below the interrupted stack pointer, 16-byte aligned for the FPU area.
    uint32_t sp = (tf->esp - sizeof(frame)) & ~15u;
    if (copyout(p->vm, sp, &frame, sizeof(frame)) != 0)
        return false;
    tf->esp = sp;
    tf->eip = sa->sa_handler;
    tf->eflags &= ~EFLAGS_DF;   // the C ABI's rule at a call: the handler's memcpy counts up
    p->sig_mask |= sa->sa_mask | sigbit(sig);
    p->sig_mask &= ~sigbit(SIGKILL);
    return true;
}

// Leaving sigsuspend without a handler to run (a stop, a move, an ignored
// signal): the caller's mask is back before anything else sees it.
static void suspend_over(struct proc *p)
{
    if (p->suspend_saved) {
        p->sig_mask = p->suspend_old_mask;
        p->suspend_saved = false;
    }
}

void signal_deliver(struct trapframe *tf)
{
    struct proc *p = myproc();
    for (;;) {
        uint32_t ready = p->sig_pending & ~(p->sig_mask & ~sigbit(SIGKILL));
        ready &= ~1u;
        if (!ready) {
            suspend_over(p);
            return;
        }
        int sig = __builtin_ctz(ready);
        p->sig_pending &= ~sigbit(sig);
        uint32_t handler = p->sigact[sig].sa_handler;
        if (sig == SIGKILL)
            handler = SIG_DFL_VALUE;
        if (handler == SIG_IGN_VALUE)
            continue;
        if (handler == SIG_DFL_VALUE) {
            if (default_ignored(sig))
                continue;
            if (default_stops(sig)) {
                stop_self(p, sig);
                continue;
            }
            const char *what = signame(sig);
            if (what)
                kprintf("pid %d (%s): %s at %08x, killed\n", p->pid, p->name, what, tf->eip);
            proc_exit(WSTATUS_SIGNALED(sig));
        }
        if (!push_frame(p, tf, sig)) {
            kprintf("pid %d (%s): bad stack for signal %d, killed\n", p->pid, p->name, sig);
            proc_exit(WSTATUS_SIGNALED(SIGSEGV));
        }
        return;   // one handler at a time; the rest wait for sigreturn
    }
}

int32_t signal_return(struct trapframe *tf)
{
    struct proc *p = myproc();
    struct sigframe frame;
    // The handler's "ret" popped frame.ret: the frame starts 4 bytes below.
    if (copyin(p->vm, &frame, tf->esp - 4, sizeof(frame)) != 0) {
        kprintf("pid %d (%s): bad signal frame, killed\n", p->pid, p->name);
        proc_exit(WSTATUS_SIGNALED(SIGSEGV));
    }
    // Take back only what user code may set: the segment registers and
    // privileged flags stay the kernel's choice.
    struct trapframe *s = &frame.saved;
    tf->edi = s->edi; tf->esi = s->esi; tf->ebp = s->ebp;
    tf->ebx = s->ebx; tf->edx = s->edx; tf->ecx = s->ecx; tf->eax = s->eax;
    tf->eip = s->eip;
    tf->esp = s->esp;
    tf->eflags = (s->eflags & 0x00000CD5) | EFLAGS_IF | 0x2;   // arithmetic flags, DF, TF-free
    p->sig_mask = frame.saved_mask & ~sigbit(SIGKILL);
    fpu_sanitize(&frame.fpu);   // reserved MXCSR bits would fault fxrstor
    fpu_restore(&frame.fpu);
    return (int32_t)tf->eax;
}
