; void swtch(struct context **old, struct context *new);
;
; Save the current kernel thread's callee-saved registers on its stack,
; store that stack pointer in *old, switch to the stack new points at and
; restore the registers saved there. The return address on the new stack
; decides where the other thread continues (xv6's swtch).

section .text
global swtch
swtch:
    mov eax, [esp + 4]          ; old
    mov edx, [esp + 8]          ; new
    push ebp
    push ebx
    push esi
    push edi
    mov [eax], esp
    mov esp, edx
    pop edi
    pop esi
    pop ebx
    pop ebp
    ret
