// The memory allocator under malloc, pure: it takes memory from a grow
// callback (sbrk in the C library, a static buffer in tests) and can give
// the top of the heap back through a shrink callback.
#ifndef LIBC_ARENA_H
#define LIBC_ARENA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

// A block header; the payload follows it. Free blocks are kept in a list
// ordered by address so that neighbours merge.
struct arena_block {
    size_t size;                  // bytes, header included, a multiple of ARENA_ALIGN
    struct arena_block *next;     // free: next free block; in use: arena_tag(self)
};

#define ARENA_ALIGN   (2 * sizeof(void *))   // payload alignment (8 on i386)
#define ARENA_GROW    (64 * 1024)            // least memory asked of grow at a time
#define ARENA_TRIM    (128 * 1024)           // a free top block this big goes back

// An allocator.
struct arena {
    // Get n more bytes (n is a multiple of 4096): their address, or NULL.
    void *(*grow)(void *ctx, size_t n);
    // Give back the n bytes at start, the very top of the heap: true if
    // done. May be NULL (memory is then never given back).
    bool (*shrink)(void *ctx, void *start, size_t n);
    void *ctx;                    // passed to grow and shrink
    struct arena_block *free;     // free blocks, by address
    char *top;                    // end of the memory last obtained from grow
    size_t in_use;                // bytes of blocks handed out, headers included
    size_t total;                 // bytes held from grow (after shrinks)
};

// Set up an empty arena.
void arena_init(struct arena *a, void *(*grow)(void *ctx, size_t n),
                bool (*shrink)(void *ctx, void *start, size_t n), void *ctx);

// n bytes aligned to ARENA_ALIGN (n == 0 gives a unique small block), or
// NULL when grow fails or n is absurd.
void *arena_alloc(struct arena *a, size_t n);

// Release p (NULL is ignored). Returns 0, or -1 when p is not a block in
// use (a double free or a wild pointer), in which case nothing changes.
int arena_free(struct arena *a, void *p);

// Resize p to n bytes, keeping its contents up to the smaller size: the
// new address, or NULL (p left as it was) when memory runs out. p NULL
// is arena_alloc; a bad p gives NULL.
void *arena_realloc(struct arena *a, void *p, size_t n);

// Bytes usable at p (at least what was asked), or 0 for a bad p.
size_t arena_usable(void *p);

#endif
