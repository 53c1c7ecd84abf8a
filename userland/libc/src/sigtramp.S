#include "kernel/api/syscall_nr.h"
// __sigtramp: where a signal handler returns to (sigaction puts its
// address in sa_restorer). It asks the kernel to restore the context the
// signal interrupted; SYS_sigreturn does not return here.
    .text
    .globl __sigtramp
    .type __sigtramp, @function
__sigtramp:
    movl $SYS_sigreturn, %eax
    int $0x80
    hlt                         // not reached
    .size __sigtramp, . - __sigtramp
    .section .note.GNU-stack,"",@progbits
