// The kernel heap: kmalloc/kfree on top of memory that a "morecore" function
// supplies in arenas (the kernel gives it contiguous frames; tests/unit gives
// it host memory). Pure logic.
//
// Every block carries a header with a magic word and a canary just past the
// bytes the caller asked for, so that heap_free can catch a double free, a
// pointer the heap never returned, and an overrun past the end of a block.
#ifndef MM_HEAP_H
#define MM_HEAP_H

#include "kernel/types.h"

// What heap_free and heap_check found wrong. Passed to heap.report.
enum heap_fault {
    HEAP_DOUBLE_FREE = 1,   // the block is already free
    HEAP_BAD_POINTER,       // not a block this heap returned (or header trashed)
    HEAP_OVERRUN,           // the canary after the block was overwritten
};

// One block: a header, the caller's bytes, a canary, padding to 16 bytes.
struct heap_block {
    uint32_t magic;               // HEAP_MAGIC_USED or HEAP_MAGIC_FREE
    uint32_t size;                // bytes of the whole block, header included
    uint32_t asked;               // bytes the caller asked for (used blocks)
    uint32_t unused;              // pads the header to 16 bytes
    // A free block keeps the pointer to the next free block (by address)
    // in its first payload bytes, so the header is 16 bytes on any host.
};

struct heap {
    // Get at least bytes more bytes of memory (a multiple of 16, 16-aligned),
    // or NULL. *got is set to how much was given.
    void *(*morecore)(size_t bytes, size_t *got);
    // Told about every fault found; the kernel panics, tests record it.
    void (*report)(enum heap_fault fault, void *ptr);
    struct heap_block *free;      // free blocks, sorted by address
    size_t arena_bytes;           // bytes obtained from morecore
    size_t used_bytes;            // bytes in used blocks, headers included
    uint32_t allocs;              // successful heap_alloc calls
    uint32_t frees;               // successful heap_free calls
    uint32_t faults;              // faults reported
    uint32_t steps;               // free blocks looked at by allocs and frees (the list's cost)
};

// Set up an empty heap.
void heap_init(struct heap *h, void *(*morecore)(size_t, size_t *),
               void (*report)(enum heap_fault, void *));

// n bytes aligned to 16, or NULL when morecore has no more (or n is 0 or
// absurdly large).
void *heap_alloc(struct heap *h, size_t n);

// Return a block. NULL is ignored. A fault is reported, and the block left
// alone, when ptr is not a live block of this heap or its canary is gone.
void heap_free(struct heap *h, void *ptr);

// The size the caller asked for when ptr was allocated (0 for a bad ptr).
size_t heap_size(struct heap *h, void *ptr);

// Walk the free list and check every free block's header. Returns the
// number of faults found (each one also reported).
int heap_check(struct heap *h);

#endif
