; Multiboot 1 entry point.
;
; GRUB (or QEMU -kernel) loads the kernel at physical 1 MiB and jumps to
; _start with paging off, EAX = multiboot magic and EBX = physical address of
; the multiboot information. The kernel is linked at KERNBASE + 1 MiB (the
; higher half), so before calling C we turn on paging with a page directory
; that maps physical memory both at 0 (so the next instruction still works)
; and at KERNBASE. With 4 MiB pages (PSE) one directory does it, no tables.

KERNBASE        equ 0xC0000000
DIRECTMAP_PDES  equ 224             ; 224 x 4 MiB = 896 MiB (DIRECTMAP_SIZE)
PDE_P           equ 0x001
PDE_W           equ 0x002
PDE_PS          equ 0x080           ; 4 MiB page
CR0_PG          equ 0x80000000
CR0_WP          equ 0x00010000      ; honour read-only pages in ring 0 (COW)
CR4_PSE         equ 0x00000010
EFLAGS_ID       equ 0x00200000      ; can be flipped only when CPUID exists

; The CPU floor: a Pentium (i586). CPUID leaf 1, EDX: an x87 FPU (bit 0),
; 4 MiB pages (PSE, bit 3; the boot page directory below uses them) and the
; time-stamp counter (TSC, bit 4; clocks, round-trip times, random seeds).
; The kernel and the programs are compiled for i586 (-march in Makefile), so
; no CMOV, no FXSAVE unless CPUID says so, no global pages.
CPU_NEED        equ 0x00000019
COM1            equ 0x3F8
VGA_TEXT        equ 0xB8000

MB_MAGIC        equ 0x1BADB002
MB_FLAGS        equ 0x00000003      ; modules page aligned, give memory map
MB_CHECKSUM     equ -(MB_MAGIC + MB_FLAGS)

section .multiboot
align 4
    dd MB_MAGIC
    dd MB_FLAGS
    dd MB_CHECKSUM

section .bss
align 16
global boot_stack_bottom, boot_stack_top
boot_stack_bottom:
    resb 16384
boot_stack_top:

section .data
align 4096
; The boot page directory, used until the first process exists and then as
; the kernel part of every page directory. Filled in by _start.
global boot_pgdir
boot_pgdir:
    times 1024 dd 0

; The entry code lives in its own section, linked at its physical address
; (kernel/kernel.ld), so that the ELF entry point is both a physical address
; (QEMU -kernel jumps to it as is) and inside a segment (GRUB checks that).
section .boot progbits alloc exec
global _start
_start:
    cli
    ; Everything here runs at physical addresses: subtract KERNBASE from
    ; every symbol we touch.
    mov esp, boot_stack_top - KERNBASE
    call check_cpu                  ; returns only on a CPU at or above the floor
    mov edi, boot_pgdir - KERNBASE
    mov ecx, 0
    mov edx, PDE_P | PDE_W | PDE_PS
.fill:
    mov [edi + 768*4 + ecx*4], edx  ; KERNBASE + n*4MiB -> n*4MiB
    add edx, 0x400000
    inc ecx
    cmp ecx, DIRECTMAP_PDES
    jne .fill
    ; Identity map the first 4 MiB, only while we jump to the higher half.
    mov dword [edi], PDE_P | PDE_W | PDE_PS

    mov ecx, cr4
    or ecx, CR4_PSE
    mov cr4, ecx
    mov cr3, edi
    mov ecx, cr0
    or ecx, CR0_PG | CR0_WP
    mov cr0, ecx

    mov ecx, high_start
    jmp ecx

; Stop with a message on the serial port and the screen if this CPU is below
; the floor: on a 486 the "mov cr4" above would fault, and with no trap
; table yet that resets the machine without a word. Keeps EAX and EBX (the
; multiboot magic and information).
check_cpu:
    pushad
    pushfd                          ; CPUID exists if the ID flag can be flipped
    pop eax
    mov ecx, eax
    xor eax, EFLAGS_ID
    push eax
    popfd
    pushfd
    pop eax
    push ecx
    popfd
    xor eax, ecx
    jz .below
    mov eax, 1
    cpuid
    and edx, CPU_NEED
    cmp edx, CPU_NEED
    jne .below
    popad
    ret
.below:
    ; COM1 at 115200 8N1, as drivers/serial.c sets it up.
    mov dx, COM1 + 1
    xor al, al
    out dx, al                      ; no interrupts
    mov dx, COM1 + 3
    mov al, 0x80
    out dx, al                      ; divisor latch on
    mov dx, COM1
    mov al, 1
    out dx, al                      ; divisor 1: 115200 baud
    mov dx, COM1 + 1
    xor al, al
    out dx, al
    mov dx, COM1 + 3
    mov al, 0x03
    out dx, al                      ; 8 bits, no parity, one stop bit
    mov esi, floor_msg
    mov edi, VGA_TEXT
    mov ebx, VGA_TEXT               ; start of the current screen row
.next:
    lodsb
    test al, al
    jz .halt
    mov ah, al
    mov dx, COM1 + 5
.wait:
    in al, dx                       ; line status: wait for room to send
    test al, 0x20
    jz .wait
    mov dx, COM1
    mov al, ah
    out dx, al
    cmp al, 10
    je .newline
    cmp al, 13
    je .next
    mov byte [edi], al
    mov byte [edi + 1], 0x4F        ; white on red
    add edi, 2
    jmp .next
.newline:
    add ebx, 160                    ; 80 characters of 2 bytes
    mov edi, ebx
    jmp .next
.halt:
    cli
    hlt
    jmp .halt

floor_msg:
    db "cluster-os: this CPU is below the floor. The kernel needs a Pentium", 13, 10
    db "(i586) or later: CPUID with an x87 FPU, 4 MiB pages (PSE) and the", 13, 10
    db "time-stamp counter (TSC). Halted.", 13, 10, 0

section .text
high_start:
    mov esp, boot_stack_top
    xor ebp, ebp                    ; the stack trace stops here
    push ebx                        ; multiboot info (physical)
    push eax                        ; multiboot magic
    extern kmain
    call kmain
halt:
    cli
    hlt
    jmp halt
