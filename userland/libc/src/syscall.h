// Internal: the system call trap and errno conversion for the wrappers.
#ifndef LIBC_SYSCALL_H
#define LIBC_SYSCALL_H
#include "kernel/api/syscall_nr.h"

// Trap into the kernel (syscall.S); returns eax, a negative errno on error.
long __syscall6(long nr, long a1, long a2, long a3, long a4, long a5, long a6);

// Turn a raw result into the C convention: -1 with errno set on error.
long __syscall_ret(long r);

// Short forms of __syscall6 for calls with fewer arguments.
#define SC0(nr)             __syscall6((nr), 0, 0, 0, 0, 0, 0)
#define SC1(nr, a)          __syscall6((nr), (long)(a), 0, 0, 0, 0, 0)
#define SC2(nr, a, b)       __syscall6((nr), (long)(a), (long)(b), 0, 0, 0, 0)
#define SC3(nr, a, b, c)    __syscall6((nr), (long)(a), (long)(b), (long)(c), 0, 0, 0)

#endif
