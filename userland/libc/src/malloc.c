// malloc, free, calloc, realloc: the arena allocator over sbrk.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "arena.h"

// Grow the heap by n bytes with sbrk: their address, or NULL.
static void *heap_grow(void *ctx, size_t n)
{
    (void)ctx;
    void *p = sbrk((intptr_t)n);
    return p == (void *)-1 ? NULL : p;
}

// Give back the n bytes at start if they are still the top of the heap
// (the program may have moved the break itself).
static bool heap_shrink(void *ctx, void *start, size_t n)
{
    (void)ctx;
    if ((char *)sbrk(0) != (char *)start + n)
        return false;
    return sbrk(-(intptr_t)n) != (void *)-1;
}

static struct arena heap = { heap_grow, heap_shrink, NULL, NULL, NULL, 0, 0 };

// malloc: NULL with ENOMEM when the heap cannot grow.
void *malloc(size_t n)
{
    void *p = arena_alloc(&heap, n);
    if (p == NULL)
        errno = ENOMEM;
    return p;
}

// free: a pointer malloc did not return (or a second free) is a fatal
// bug: report it and abort.
void free(void *p)
{
    if (arena_free(&heap, p) < 0) {
        dprintf(2, "free(): invalid pointer %p\n", p);
        abort();
    }
}

// calloc: zeroed memory; NULL when count * size overflows.
void *calloc(size_t count, size_t size)
{
    if (size && count > (size_t)-1 / size) {
        errno = ENOMEM;
        return NULL;
    }
    void *p = malloc(count * size);
    if (p)
        memset(p, 0, count * size);
    return p;
}

// realloc: NULL (p kept) when out of memory; realloc(p, 0) frees p and
// returns a new minimal block.
void *realloc(void *p, size_t n)
{
    if (p && arena_usable(p) == 0) {
        dprintf(2, "realloc(): invalid pointer %p\n", p);
        abort();
    }
    void *q = arena_realloc(&heap, p, n);
    if (q == NULL)
        errno = ENOMEM;
    return q;
}
