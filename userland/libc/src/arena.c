// First-fit allocator with an address-ordered free list (see arena.h).
#include <string.h>
#include "arena.h"

#define HDR sizeof(struct arena_block)
#define PAGE 4096
#define TAG_KEY ((uintptr_t)0xA110CA7Eu)

_Static_assert(sizeof(struct arena_block) == ARENA_ALIGN, "header keeps payloads aligned");

// The value an in-use block keeps in its next field.
static struct arena_block *tag(struct arena_block *b)
{
    return (struct arena_block *)((uintptr_t)b ^ TAG_KEY);
}

// The block of payload pointer p.
static struct arena_block *block_of(void *p)
{
    return (struct arena_block *)((char *)p - HDR);
}

// Block size for a request of n bytes, 0 when n is too large.
static size_t block_size(size_t n)
{
    if (n > SIZE_MAX / 2)
        return 0;
    size_t s = (n + HDR + ARENA_ALIGN - 1) & ~(ARENA_ALIGN - 1);
    return s < 2 * HDR ? 2 * HDR : s;
}

void arena_init(struct arena *a, void *(*grow)(void *ctx, size_t n),
                bool (*shrink)(void *ctx, void *start, size_t n), void *ctx)
{
    a->grow = grow;
    a->shrink = shrink;
    a->ctx = ctx;
    a->free = NULL;
    a->top = NULL;
    a->in_use = 0;
    a->total = 0;
}

// Put b in the free list at its address, merging it with free neighbours.
static void insert_free(struct arena *a, struct arena_block *b)
{
    struct arena_block *prev = NULL, *cur = a->free;
    while (cur && cur < b) {
        prev = cur;
        cur = cur->next;
    }
    b->next = cur;
    if (cur && (char *)b + b->size == (char *)cur) {
        b->size += cur->size;
        b->next = cur->next;
    }
    if (prev && (char *)prev + prev->size == (char *)b) {
        prev->size += b->size;
        prev->next = b->next;
    } else if (prev) {
        prev->next = b;
    } else {
        a->free = b;
    }
}

// Get at least need bytes from grow and add them to the free list.
static bool more(struct arena *a, size_t need)
{
    size_t n = need + ARENA_ALIGN < ARENA_GROW ? ARENA_GROW : need + ARENA_ALIGN;
    n = (n + PAGE - 1) & ~(size_t)(PAGE - 1);
    if (n < need)
        return false;
    char *m = a->grow(a->ctx, n);
    if (m == NULL)
        return false;
    a->total += n;
    a->top = m + n;
    uintptr_t start = ((uintptr_t)m + ARENA_ALIGN - 1) & ~(uintptr_t)(ARENA_ALIGN - 1);
    struct arena_block *b = (struct arena_block *)start;
    b->size = (n - (start - (uintptr_t)m)) & ~(ARENA_ALIGN - 1);
    insert_free(a, b);
    return true;
}

// Split b (free or not) so that it is want bytes; the rest, if big
// enough to be a block, goes to the free list.
static void split(struct arena *a, struct arena_block *b, size_t want)
{
    if (b->size - want < 2 * HDR)
        return;
    struct arena_block *rest = (struct arena_block *)((char *)b + want);
    rest->size = b->size - want;
    b->size = want;
    insert_free(a, rest);
}

void *arena_alloc(struct arena *a, size_t n)
{
    size_t want = block_size(n);
    if (want == 0)
        return NULL;
    for (int attempt = 0; attempt < 2; attempt++) {
        struct arena_block *prev = NULL;
        for (struct arena_block *b = a->free; b; prev = b, b = b->next) {
            if (b->size < want)
                continue;
            if (prev)
                prev->next = b->next;
            else
                a->free = b->next;
            split(a, b, want);
            b->next = tag(b);
            a->in_use += b->size;
            return (char *)b + HDR;
        }
        if (attempt == 0 && !more(a, want))
            return NULL;
    }
    return NULL;
}

// Is p the payload of a block in use?
static bool live(void *p)
{
    if (p == NULL || ((uintptr_t)p & (ARENA_ALIGN - 1)))
        return false;
    struct arena_block *b = block_of(p);
    return b->next == tag(b) && b->size >= 2 * HDR && (b->size & (ARENA_ALIGN - 1)) == 0;
}

// Give the free block at the top of the heap back, if it is big.
static void trim(struct arena *a)
{
    if (a->shrink == NULL || a->free == NULL)
        return;
    struct arena_block *prev = NULL, *b = a->free;
    while (b->next) {
        prev = b;
        b = b->next;
    }
    if ((char *)b + b->size != a->top || b->size < ARENA_TRIM)
        return;
    size_t n = b->size;
    if (!a->shrink(a->ctx, b, n))
        return;
    if (prev)
        prev->next = NULL;
    else
        a->free = NULL;
    a->top = (char *)b;
    a->total -= n;
}

int arena_free(struct arena *a, void *p)
{
    if (p == NULL)
        return 0;
    if (!live(p))
        return -1;
    struct arena_block *b = block_of(p);
    a->in_use -= b->size;
    insert_free(a, b);
    trim(a);
    return 0;
}

size_t arena_usable(void *p)
{
    return live(p) ? block_of(p)->size - HDR : 0;
}

void *arena_realloc(struct arena *a, void *p, size_t n)
{
    if (p == NULL)
        return arena_alloc(a, n);
    if (!live(p))
        return NULL;
    size_t want = block_size(n);
    if (want == 0)
        return NULL;
    struct arena_block *b = block_of(p);
    if (want <= b->size) {
        size_t before = b->size;
        split(a, b, want);
        a->in_use -= before - b->size;
        return p;
    }
    // Grow in place when the next block is free and big enough.
    struct arena_block *prev = NULL, *cur = a->free;
    while (cur && cur < b) {
        prev = cur;
        cur = cur->next;
    }
    if (cur && (char *)b + b->size == (char *)cur && b->size + cur->size >= want) {
        if (prev)
            prev->next = cur->next;
        else
            a->free = cur->next;
        size_t before = b->size;
        b->size += cur->size;
        split(a, b, want);
        a->in_use += b->size - before;
        return p;
    }
    void *q = arena_alloc(a, n);
    if (q == NULL)
        return NULL;
    memcpy(q, p, b->size - HDR);
    arena_free(a, p);
    return q;
}
