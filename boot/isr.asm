; Interrupt entry stubs. Every vector the kernel handles gets a stub that
; makes the stack look the same (an error code, even when the CPU pushes
; none, and the vector number), then saves the registers into a
; struct trapframe (kernel/trap.h) and calls trap(tf) in C.
; isr_table lists the stubs so that trap.c can fill the IDT in a loop.

%macro STUB_NOERR 1
isr%1:
    push dword 0
    push dword %1
    jmp alltraps
%endmacro

%macro STUB_ERR 1
isr%1:
    push dword %1                   ; the CPU pushed the error code already
    jmp alltraps
%endmacro

section .text

; Vectors 8, 10-14, 17, 21, 29, 30 have a CPU error code.
%assign i 0
%rep 256
  %if i == 8 || (i >= 10 && i <= 14) || i == 17 || i == 21 || i == 29 || i == 30
    STUB_ERR i
  %else
    STUB_NOERR i
  %endif
  %assign i i+1
%endrep

extern trap
global alltraps
alltraps:
    push ds
    push es
    push fs
    push gs
    pushad
    cld                             ; user code may have set DF: the C code needs it clear
    mov ax, 0x10                    ; kernel data segment
    mov ds, ax
    mov es, ax
    push esp                        ; trap(struct trapframe *tf)
    call trap
    add esp, 4
global trapret
trapret:
    popad
    pop gs
    pop fs
    pop es
    pop ds
    add esp, 8                      ; vector and error code
    iret

section .rodata
global isr_table
isr_table:
%assign i 0
%rep 256
    dd isr %+ i
  %assign i i+1
%endrep
