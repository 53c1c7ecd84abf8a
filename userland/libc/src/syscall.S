// __syscall6(number, a1, a2, a3, a4, a5, a6): trap into the kernel with
// int 0x80 (eax = number, ebx ecx edx esi edi ebp = arguments) and return
// eax unchanged: a negative errno on failure. Callers that take fewer
// arguments pass zeros.
    .text
    .globl __syscall6
    .type __syscall6, @function
__syscall6:
    pushl %ebp
    pushl %edi
    pushl %esi
    pushl %ebx
    movl 20(%esp), %eax
    movl 24(%esp), %ebx
    movl 28(%esp), %ecx
    movl 32(%esp), %edx
    movl 36(%esp), %esi
    movl 40(%esp), %edi
    movl 44(%esp), %ebp
    int $0x80
    popl %ebx
    popl %esi
    popl %edi
    popl %ebp
    ret
    .size __syscall6, . - __syscall6
    .section .note.GNU-stack,"",@progbits
