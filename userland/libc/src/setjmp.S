// setjmp/longjmp for i386 (cdecl). jmp_buf holds, in order: ebx, esi,
// edi, ebp, esp (as it is after setjmp returns) and the return address.
// longjmp(env, v) returns v from the matching setjmp, or 1 when v is 0.
    .text
    .globl setjmp, _setjmp
    .type setjmp, @function
    .type _setjmp, @function
setjmp:
_setjmp:
    movl 4(%esp), %eax          // env
    movl %ebx, 0(%eax)
    movl %esi, 4(%eax)
    movl %edi, 8(%eax)
    movl %ebp, 12(%eax)
    leal 4(%esp), %ecx          // esp once we have returned
    movl %ecx, 16(%eax)
    movl (%esp), %ecx           // return address
    movl %ecx, 20(%eax)
    xorl %eax, %eax
    ret
    .size setjmp, . - setjmp

    .globl longjmp, _longjmp
    .type longjmp, @function
    .type _longjmp, @function
longjmp:
_longjmp:
    movl 4(%esp), %edx          // env
    movl 8(%esp), %eax          // value
    testl %eax, %eax
    jnz 1f
    incl %eax
1:  movl 0(%edx), %ebx
    movl 4(%edx), %esi
    movl 8(%edx), %edi
    movl 12(%edx), %ebp
    movl 16(%edx), %esp
    jmp *20(%edx)
    .size longjmp, . - longjmp
    .section .note.GNU-stack,"",@progbits
