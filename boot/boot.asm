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
