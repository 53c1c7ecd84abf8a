// The kernel's virtual memory: the boot page directory (boot/boot.asm) is
// the kernel part of every address space; this file finishes it and maps
// device registers into the MMIO window.
#ifndef MM_VM_H
#define MM_VM_H

#include "kernel/types.h"

#define PTE_P   0x001   // present
#define PTE_W   0x002   // writable
#define PTE_U   0x004   // user may access
#define PTE_PWT 0x008   // write-through
#define PTE_PCD 0x010   // cache disabled (device registers)
#define PTE_PS  0x080   // 4 MiB page (in a directory entry)

#define PDX(va) (((uint32_t)(va) >> 22) & 0x3FF)
#define PTX(va) (((uint32_t)(va) >> 12) & 0x3FF)

extern uint32_t boot_pgdir[1024];   // boot/boot.asm

// Remove the identity map the boot code used (so a NULL pointer faults).
void vm_init(void);

// Map size bytes of device registers at physical pa, uncached; returns the
// kernel virtual address of pa, or NULL when the window is full.
void *mmio_map(paddr_t pa, uint32_t size);

#endif
