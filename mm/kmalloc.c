// kmalloc/kfree (see kmalloc.h).
#include "mm/kmalloc.h"
#include "mm/phys.h"
#include "kernel/panic.h"
#include <string.h>

struct heap kheap;

#define ARENA_FRAMES 16   // grow the heap 64 KiB at a time at least

static void *morecore(size_t bytes, size_t *got)
{
    uint32_t n = (uint32_t)((bytes + FRAME_SIZE - 1) / FRAME_SIZE);
    if (n < ARENA_FRAMES)
        n = ARENA_FRAMES;
    paddr_t pa = frame_alloc_run(&kframes, n);
    if (!pa && n > 1) {
        // Memory is fragmented or short: settle for just what was asked.
        n = (uint32_t)((bytes + FRAME_SIZE - 1) / FRAME_SIZE);
        pa = frame_alloc_run(&kframes, n);
    }
    if (!pa)
        return NULL;
    *got = (size_t)n * FRAME_SIZE;
    return P2V(pa);
}

static void report(enum heap_fault f, void *ptr)
{
    const char *what = f == HEAP_DOUBLE_FREE ? "double free" :
                       f == HEAP_OVERRUN ? "write past the end of a block" :
                       "free of a pointer the heap never gave";
    panic("kfree(%p): %s", ptr, what);
}

void kmalloc_init(void)
{
    heap_init(&kheap, morecore, report);
}

void *kmalloc(size_t n)
{
    return heap_alloc(&kheap, n);
}

void *kzalloc(size_t n)
{
    void *p = heap_alloc(&kheap, n);
    if (p)
        memset(p, 0, n);
    return p;
}

void kfree(void *p)
{
    heap_free(&kheap, p);
}
