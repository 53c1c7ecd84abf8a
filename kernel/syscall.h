// System calls as messages (ARCHITECTURE decision 4).
//
// int 0x80 arrives in syscall_dispatch(), which fills one request record
// (struct sysreq) from the one table that describes every call
// (kernel/syscall_table.c): for each argument its kind says whether it is
// a plain value, a buffer to copy in, a buffer to copy out, or a string.
// User memory is copied through checked accessors into kernel buffers
// before the handler runs and copied back after; handlers never touch
// user pointers. A call marked HOME is packed into an envelope
// (kernel/envelope.c) and executed from the unpacked copy, exactly as it
// will be when the deputy on the home node executes it for a migrated
// process; so every test exercises that path.
#ifndef KERNEL_SYSCALL_H
#define KERNEL_SYSCALL_H

#include "kernel/types.h"
#include "kernel/trap.h"

struct proc;

#define SYSCALL_MAXARGS 6

// How an argument is passed.
enum argkind {
    ARG_NONE = 0,   // unused slot
    ARG_VAL,        // a plain 32-bit value
    ARG_STR,        // a NUL-terminated string (at most PATH_MAX bytes)
    ARG_IN,         // a buffer the kernel reads; length in argument `len`, or `size` bytes
    ARG_OUT,        // a buffer the kernel writes; length as for ARG_IN
    ARG_INOUT,      // both (fixed size only)
    ARG_STRV,       // a NULL-terminated array of strings (execve's argv, envp)
};

// Argument flags.
#define ARGF_NULLOK   1   // a NULL pointer is allowed (the handler sees NULL)
#define ARGF_RETLEN   2   // ARG_OUT: copy back only the first ret bytes (read)
#define ARGF_ERRTOO   4   // ARG_OUT: copied back even when the call fails (nanosleep's
                          // remaining time comes with EINTR)

// Where a call runs for a process away from home.
enum where {
    RUN_LOCAL = 0,  // on the node the process runs on (brk, getpid, ...)
    RUN_HOME,       // on the home node, by the deputy (files, console, wait, ...)
    RUN_SPLIT,      // a part where it runs and a part at home (fork, execve, exit):
                    // the handler does both (ssi/remote.c has the away halves)
};

struct argspec {
    uint8_t kind;     // enum argkind
    uint8_t flags;    // ARGF_*
    int8_t len;       // index of the argument that holds the length, or -1
    uint16_t size;    // fixed size in bytes when len is -1
    // When set: the size depends on another argument (ioctl's request);
    // returns bytes, or -errno for a request nobody knows.
    int (*sizefn)(const uint32_t *args);
};

struct sysreq;
typedef int32_t (*syscall_fn)(struct sysreq *r);

// One row of the table: everything the dispatcher needs to know about a call.
struct syscall_desc {
    const char *name;                        // for traces and /proc
    syscall_fn fn;                           // the handler (kernel buffers only)
    uint8_t nargs;                           // arguments used
    uint8_t where;                           // enum where
    struct argspec arg[SYSCALL_MAXARGS];
    uint8_t flags;                           // SYSF_*
};

// Call flags.
#define SYSF_NORESTART 1   // never run again after -EINTR: sigreturn's result is
                           // the interrupted code's eax, which may be -EINTR

// The request record: one system call, with its pointer arguments already
// copied into kernel memory. This is what travels to the home node.
struct sysreq {
    uint32_t nr;                             // system call number
    uint32_t arg[SYSCALL_MAXARGS];           // the raw argument values
    void *buf[SYSCALL_MAXARGS];              // kernel copy of each pointer argument (or NULL)
    uint32_t len[SYSCALL_MAXARGS];           // bytes of each buf
    int32_t ret;                             // the result, or -errno
    struct proc *p;                          // the process the call is for (at home: its slot there)
    struct trapframe *tf;                    // the caller's registers (fork, execve, sigreturn)
};

extern const struct syscall_desc syscall_table[];
extern const int syscall_count;

// Entry from trap() for vector 0x80.
void syscall_dispatch(struct trapframe *tf);

// Calls made and calls that went through the envelope, for /proc/syscalls.
struct syscall_stats {
    uint64_t calls;
    uint64_t enveloped;
    uint64_t faults;     // EFAULT from copying arguments
    uint64_t restarts;   // calls interrupted without a handler to run, run again
};
extern struct syscall_stats syscall_stats;

#endif
