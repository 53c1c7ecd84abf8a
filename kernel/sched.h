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

#endif
