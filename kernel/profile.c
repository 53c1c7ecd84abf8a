// The kernel's sampling profiler (see profile.h). Off until "on" is
// written to /proc/profile, so that it costs nothing otherwise: then the
// buckets are allocated, one counter per 16 bytes of kernel text.
//
//   echo on > /proc/profile; ...; cat /proc/profile; echo off > /proc/profile
//
// The file lists, in thousands of TSC cycles where it counts time:
//   ticks T user U kernel K outside O        the samples
//   kcycles C idle I irq Q irqs N sched S switches W
//   ran NAME C                               per thread
//   heap allocs A frees F steps S            the kernel heap's work
//   syscalls args C envelope C               parts of all system calls
//   syscall NAME CALLS C                     per system call number
// then one "ADDRESS COUNT" line per bucket that was hit (ADDRESS is the
// bucket's first byte).
#include "kernel/profile.h"
#include "kernel/fs/procfs.h"
#include "kernel/format.h"
#include "kernel/klib/string.h"
#include "kernel/api/errno.h"
#include "mm/kmalloc.h"
#include "kernel/x86.h"
#include "kernel/proc.h"
#include "kernel/syscall.h"

extern char text_start[], text_end[];   // kernel.ld

// The profiler's state. The counts are bumped in the timer interrupt and
// read by the reader of /proc/profile, on the one CPU: a count read while
// it grows is off by a tick at most.
static struct {
    uint32_t *buckets;   // one per 1 << PROFILE_SHIFT bytes of text; NULL when off
    uint32_t nbuckets;
    uint32_t ticks;      // samples taken since "on" or "reset"
    uint32_t user;       // of which in user mode
    uint32_t outside;    // kernel mode, outside the text (should stay 0)
    uint64_t start;      // TSC at "on" or "reset"
    uint64_t irq;        // TSC cycles in interrupt handlers
    uint32_t nirq;       // interrupts counted
    uint64_t halted;     // TSC cycles in the idle loop's hlt, handlers included
    uint64_t irq_halted; // of those, in handlers of interrupts that ended a halt
    bool halting;        // the idle loop is halted now
    uint64_t ran[NPROC]; // TSC cycles each process table slot ran (handlers left out)
    char name[NPROC][16];   // the name of the slot's last runner
    uint64_t sched;      // TSC cycles choosing the next thread (halts left out)
    uint32_t switches;   // threads started by the scheduler
    int cur_slot;        // the thread running now (-1: the scheduler or idle)
    uint64_t cur_start;  // its start, and the handlers' cycles then
    uint64_t cur_irq0;
    uint32_t calls[PROFILE_SYSCALLS];    // system calls of each number
    uint64_t call_cycles[PROFILE_SYSCALLS];   // their cycles (the caller's thread only)
    uint64_t part[PROFILE_PARTS];        // of those, in each part (profile.h)
} prof = { .cur_slot = -1 };

void profile_running(int slot)
{
    prof.cur_slot = slot;
    prof.cur_start = profile_stamp();
    prof.cur_irq0 = prof.irq;
}

void profile_ran(int slot)
{
    uint64_t start = prof.cur_start;
    prof.cur_slot = -1;
    if (!start || !prof.buckets || slot < 0 || slot >= NPROC)
        return;
    prof.ran[slot] += (rdtsc() - start) - (prof.irq - prof.cur_irq0);
    memcpy(prof.name[slot], proctab[slot].name, sizeof(prof.name[slot]));
    prof.name[slot][sizeof(prof.name[slot]) - 1] = 0;
}

uint64_t profile_thread_cycles(void)
{
    int s = prof.cur_slot;
    if (!prof.buckets || !prof.cur_start || s < 0 || s >= NPROC)
        return 0;
    return prof.ran[s] + (rdtsc() - prof.cur_start) - (prof.irq - prof.cur_irq0);
}

void profile_syscall(uint32_t nr, uint64_t c0)
{
    uint64_t now = profile_thread_cycles();
    if (!c0 || now < c0 || nr >= PROFILE_SYSCALLS)
        return;   // off, or reset during the call
    prof.calls[nr]++;
    prof.call_cycles[nr] += now - c0;
}

void profile_part(enum profile_part part, uint64_t c0)
{
    uint64_t now = profile_thread_cycles();
    if (c0 && now >= c0 && part < PROFILE_PARTS)
        prof.part[part] += now - c0;
}

void profile_switch(uint64_t since)
{
    if (!since || !prof.buckets)
        return;
    prof.sched += rdtsc() - since;
    prof.switches++;
}

uint64_t profile_stamp(void)
{
    return prof.buckets ? rdtsc() : 0;
}

void profile_irq_end(uint64_t t0)
{
    if (!t0 || !prof.buckets)
        return;
    uint64_t c = rdtsc() - t0;
    prof.irq += c;
    prof.nirq++;
    if (prof.halting)
        prof.irq_halted += c;
}

uint64_t profile_halt_begin(void)
{
    if (!prof.buckets)
        return 0;
    prof.halting = true;
    return rdtsc();
}

void profile_halt_end(uint64_t t0)
{
    prof.halting = false;
    if (t0 && prof.buckets)
        prof.halted += rdtsc() - t0;
}

void profile_tick(uint32_t eip, bool from_user)
{
    if (!prof.buckets)
        return;
    prof.ticks++;
    if (from_user) {
        prof.user++;
        return;
    }
    uint32_t i = (eip - (uint32_t)text_start) >> PROFILE_SHIFT;
    if (eip < (uint32_t)text_start || i >= prof.nbuckets)
        prof.outside++;
    else
        prof.buckets[i]++;
}

// Zero every count but the buckets (the thread running now keeps its start).
static void clear_counts(void)
{
    prof.ticks = prof.user = prof.outside = prof.nirq = 0;
    prof.irq = prof.halted = prof.irq_halted = prof.sched = 0;
    memset(prof.ran, 0, sizeof(prof.ran));
    prof.switches = 0;
    memset(prof.calls, 0, sizeof(prof.calls));
    memset(prof.call_cycles, 0, sizeof(prof.call_cycles));
    memset(prof.part, 0, sizeof(prof.part));
    prof.cur_irq0 = 0;
    prof.start = prof.cur_start = rdtsc();
}

static void reset(void)
{
    memset(prof.buckets, 0, prof.nbuckets * sizeof(uint32_t));
    clear_counts();
}

static int gen_profile(char *buf, size_t size, void *arg)
{
    (void)arg;
    if (!prof.buckets)
        return snformat(buf, size, "off (echo on > /proc/profile)\n");
    // Thousands of TSC cycles: the whole time, idle (halted, without the
    // handlers that ran meanwhile), in interrupt handlers.
    uint64_t total = rdtsc() - prof.start;
    size_t n = (size_t)snformat(buf, size, "ticks %u user %u kernel %u outside %u\n"
                                "kcycles %u idle %u irq %u irqs %u sched %u switches %u\n",
                                prof.ticks, prof.user, prof.ticks - prof.user, prof.outside,
                                (unsigned)(total / 1000),
                                (unsigned)((prof.halted - prof.irq_halted) / 1000),
                                (unsigned)(prof.irq / 1000), prof.nirq,
                                (unsigned)(prof.sched / 1000), prof.switches);
    for (int i = 0; i < NPROC; i++)
        if (prof.ran[i] >= 1000)
            n += (size_t)snformat(n < size ? buf + n : NULL, n < size ? size - n : 0,
                                  "ran %s %u\n", prof.name[i], (unsigned)(prof.ran[i] / 1000));
    n += (size_t)snformat(n < size ? buf + n : NULL, n < size ? size - n : 0,
                          "heap allocs %u frees %u steps %u\n", kheap.allocs, kheap.frees,
                          kheap.steps);
    n += (size_t)snformat(n < size ? buf + n : NULL, n < size ? size - n : 0,
                          "syscalls args %u envelope %u\n",
                          (unsigned)(prof.part[PROFILE_ARGS] / 1000),
                          (unsigned)(prof.part[PROFILE_ENVELOPE] / 1000));
    for (int i = 0; i < PROFILE_SYSCALLS && i < syscall_count; i++)
        if (prof.calls[i])
            n += (size_t)snformat(n < size ? buf + n : NULL, n < size ? size - n : 0,
                                  "syscall %s %u %u\n", syscall_table[i].name, prof.calls[i],
                                  (unsigned)(prof.call_cycles[i] / 1000));
    for (uint32_t i = 0; i < prof.nbuckets; i++) {
        if (!prof.buckets[i])
            continue;
        uint32_t addr = (uint32_t)text_start + (i << PROFILE_SHIFT);
        n += (size_t)snformat(n < size ? buf + n : NULL, n < size ? size - n : 0,
                              "%08x %u\n", addr, prof.buckets[i]);
    }
    return (int)n;
}

static int write_profile(const char *buf, size_t n, void *arg)
{
    (void)arg;
    while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
        n--;
    if (n == 2 && memcmp(buf, "on", 2) == 0) {
        if (!prof.buckets) {
            uint32_t count = (((uint32_t)text_end - (uint32_t)text_start) >> PROFILE_SHIFT) + 1;
            uint32_t *b = kzalloc(count * sizeof(uint32_t));
            if (!b)
                return -ENOMEM;
            prof.nbuckets = count;
            clear_counts();
            __asm__ volatile("" ::: "memory");   // the sizes are set before the table
            prof.buckets = b;   // last: the timer sees a complete table or none
        }
    } else if (n == 3 && memcmp(buf, "off", 3) == 0) {
        uint32_t *b = prof.buckets;
        prof.buckets = NULL;
        kfree(b);
    } else if (n == 5 && memcmp(buf, "reset", 5) == 0) {
        if (prof.buckets)
            reset();
    } else {
        return -EINVAL;
    }
    return (int)n;
}

void profile_init(void)
{
    procfs_add_rw_file("profile", gen_profile, write_profile, NULL);
}
