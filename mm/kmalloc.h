// The kernel heap (mm/heap.c) fed with frames from this node's pool.
#ifndef MM_KMALLOC_H
#define MM_KMALLOC_H

#include "kernel/types.h"
#include "mm/heap.h"

extern struct heap kheap;

void kmalloc_init(void);
// n bytes, 16-byte aligned, not zeroed; NULL when memory is out.
void *kmalloc(size_t n);
// n zeroed bytes, or NULL.
void *kzalloc(size_t n);
// Free p (NULL is fine). A double free or an overrun panics.
void kfree(void *p);

#endif
