// Segments: the flat code and data segments for kernel and user, and the
// task state segment that tells the CPU which stack to use when an
// interrupt arrives in user mode.
#ifndef KERNEL_GDT_H
#define KERNEL_GDT_H

#include "kernel/types.h"

#define SEG_KCODE 1   // GDT index of the kernel code segment
#define SEG_KDATA 2
#define SEG_UCODE 3
#define SEG_UDATA 4
#define SEG_TSS   5

#define KCODE_SEL (SEG_KCODE << 3)
#define KDATA_SEL (SEG_KDATA << 3)
#define UCODE_SEL ((SEG_UCODE << 3) | 3)   // ring 3
#define UDATA_SEL ((SEG_UDATA << 3) | 3)
#define TSS_SEL   (SEG_TSS << 3)

void gdt_init(void);

// Set the kernel stack the CPU switches to on a trap from user mode.
void tss_set_kstack(uint32_t esp0);

#endif
