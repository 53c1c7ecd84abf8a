// The kernel's sampling profiler, as Unix's readprofile: at every timer
// tick the address the CPU was interrupted at is counted in a bucket of
// PROFILE_SHIFT bits of kernel text. /proc/profile turns it on and off and
// lists the counts; tools/kprofile.py names the functions (from
// kernel.elf's symbols). Code that runs with interrupts off (interrupt
// handlers, cli sections) is not sampled where it runs: its time lands on
// the instruction that turns them back on; so the TSC also counts the
// cycles spent in interrupt handlers and halted in the idle loop.
#ifndef KERNEL_PROFILE_H
#define KERNEL_PROFILE_H

#include "kernel/types.h"

#define PROFILE_SHIFT 4          // 16 bytes of text per bucket
#define PROFILE_SYSCALLS 64      // system call numbers counted (SYS_MAX is below)

// One timer tick: eip interrupted, in user mode or not.
void profile_tick(uint32_t eip, bool from_user);
// Time stamps around what the samples cannot see (0 when the profiler is
// off): an interrupt handler, and the idle halt. The TSC counts them.
uint64_t profile_stamp(void);          // the TSC, or 0 when off
void profile_irq_end(uint64_t t0);
uint64_t profile_halt_begin(void);
void profile_halt_end(uint64_t t0);
// The scheduler's own time: from a thread giving up the CPU to the next
// one's start, halts left out (interrupts are off there: no samples).
void profile_switch(uint64_t since);
// The scheduler starts the thread in slot (profile_running) and gets the
// CPU back from it (profile_ran): the cycles it ran, less the interrupt
// handlers that ran meanwhile, are added to its count.
void profile_running(int slot);
void profile_ran(int slot);
// The cycles the running thread has run so far (0 when off): a system
// call's cost is the difference at its end, whatever slept meanwhile.
uint64_t profile_thread_cycles(void);
// The system calls' share, which the samples never see (the gate turns
// interrupts off): a call of number nr that began at thread cycles c0,
// and the parts of all calls spent moving their arguments (in from and
// out to user memory) and through the envelope (packing and unpacking).
enum profile_part { PROFILE_ARGS, PROFILE_ENVELOPE, PROFILE_PARTS };
void profile_syscall(uint32_t nr, uint64_t c0);
void profile_part(enum profile_part part, uint64_t c0);
// /proc/profile.
void profile_init(void);

#endif
