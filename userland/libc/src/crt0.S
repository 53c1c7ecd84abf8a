// Program entry. The kernel starts a program with the SysV i386 initial
// stack: [esp] = argc, then argv[0..argc-1], NULL, envp[...], NULL.
// _start hands argc, argv and envp to __libc_start (start.c), which calls
// main and exits with its value; it never returns.
    .text
    .globl _start
    .type _start, @function
_start:
    xorl %ebp, %ebp                 // outermost frame for debuggers
    movl (%esp), %eax               // argc
    leal 4(%esp), %ebx              // argv
    leal 8(%esp,%eax,4), %ecx       // envp = argv + argc + 1
    andl $-16, %esp                 // the ABI's 16-byte alignment at calls
    subl $4, %esp
    pushl %ecx
    pushl %ebx
    pushl %eax
    call __libc_start
    hlt                             // not reached: a fault if it ever is
    .size _start, . - _start
    .section .note.GNU-stack,"",@progbits
