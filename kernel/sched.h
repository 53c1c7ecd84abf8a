// Sleeping and waking: how a kernel path waits for an event (data in a pipe,
// a line on the console, a child's exit) without spinning.
//
// The kernel runs on one CPU, and interrupt handlers may call wakeup(); so a
// caller disables interrupts (cli) before testing its condition and calls
// sleep() with them still off: no wakeup can slip in between the test and
// the sleep. sleep() returns with interrupts off again.
#ifndef KERNEL_SCHED_H
#define KERNEL_SCHED_H

#include "kernel/types.h"

// Block the current thread until wakeup(chan). chan is any address that
// names the event (the pipe, the console, the child's parent...).
void sleep(void *chan);

// Like sleep(), but give up after ms milliseconds. Returns false on timeout.
bool sleep_timeout(void *chan, uint32_t ms);

// Make every thread sleeping on chan runnable. Callable from interrupts.
void wakeup(void *chan);

// True when the current process has a signal that should interrupt a
// blocking system call (the call then returns -EINTR).
bool signal_pending(void);

// Give up the CPU to another runnable thread, if any.
void yield(void);

struct proc;

// The scheduler loop; the boot thread runs it for ever after kmain.
void scheduler(void) __attribute__((noreturn));

// Called by the timer interrupt: account the tick to the current thread.
// True when its quantum is used up (the trap code then yields if the
// thread was in user mode).
bool sched_tick(bool from_user);

// True when a kernel thread became runnable while a process runs: the
// trap code then yields on the way back to user mode, so the network and
// the cluster layer answer at once even when processes keep the CPU busy.
bool sched_preempt_wanted(void);

// Leave the CPU for good (a ZOMBIE's last step).
void sched_exit(void) __attribute__((noreturn));

// Wake p from whatever it sleeps on (a signal arrived). Interrupts off.
void sched_interrupt(struct proc *p);

// Ticks when nothing was runnable.
uint64_t sched_idle_ticks(void);

#endif
