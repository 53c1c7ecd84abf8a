// Signals: sending, and delivering them when a process returns to user
// mode (run its handler on its own stack, or the default action).
#ifndef KERNEL_SIGNAL_H
#define KERNEL_SIGNAL_H

#include "kernel/types.h"
#include "kernel/trap.h"

struct proc;

// Mark sig pending for p and wake p if it sleeps.
void signal_send(struct proc *p, int sig);

// Would sig, delivered now, kill or stop p (no handler, default action)?
bool signal_kills_or_stops(struct proc *p, int sig);

// Would the signals pending for p now interrupt a system call for good
// (a handler to run, or death), rather than let it run again (a stop, a
// signal ignored, a migration)? The dispatcher asks when a call returns
// -EINTR.
bool signal_interrupts(struct proc *p);

// Deliver pending, unblocked signals of the current process before it
// returns to user mode with tf. May not return (default action: exit).
void signal_deliver(struct trapframe *tf);

// sigreturn(): restore the registers and mask saved by signal_deliver from
// the frame on the user stack. Returns the restored eax (so the dispatcher
// leaves it as it was), or kills the process with SIGSEGV when the frame is
// unreadable.
int32_t signal_return(struct trapframe *tf);

// The wait status of a process killed by sig.
#define WSTATUS_SIGNALED(sig) ((sig) & 0x7F)
#define WSTATUS_EXITED(code)  (((code) & 0xFF) << 8)

#endif
