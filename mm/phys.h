// Physical memory of this node: the frame pool built from the boot memory
// map, and the direct map that lets the kernel reach any frame below
// DIRECTMAP_SIZE at KERNBASE + its physical address.
#ifndef MM_PHYS_H
#define MM_PHYS_H

#include "kernel/types.h"
#include "kernel/param.h"
#include "mm/frame.h"

#define P2V(pa) ((void *)((uintptr_t)(pa) + KERNBASE))
#define V2P(va) ((paddr_t)((uintptr_t)(va) - KERNBASE))

extern struct frame_pool kframes;

// Build the frame pool from bootinfo: all available RAM in the direct map,
// less the first MiB, the kernel image, the modules and the pool's own table.
void phys_init(void);

// One zeroed frame, as a kernel virtual address; NULL when memory is out.
void *page_alloc(void);
// Drop a reference to a frame from page_alloc (freeing it at the last one).
// Panics on a double free: it is a kernel bug.
void page_free(void *va);

// Physical frame variants, for page tables and user pages.
paddr_t frame_get(void);                 // zeroed, or 0
void frame_put(paddr_t pa);              // unref; panics on a double free

// Bytes of RAM the pool manages, and bytes free now.
uint64_t phys_managed_bytes(void);
uint64_t phys_free_bytes(void);
// Free the reserved frames wholly inside [start, end): memory the boot
// loader's modules held and nobody needs any more. Returns how many.
uint32_t phys_release(paddr_t start, paddr_t end);

#endif
