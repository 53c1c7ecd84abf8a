// Kernel heap (see heap.h): first fit over an address-ordered free list,
// coalescing neighbours on free, as in K&R's malloc, with guards added.
#include "mm/heap.h"
#include <string.h>

#define HEAP_MAGIC_USED 0xA110C8EDu
#define HEAP_MAGIC_FREE 0xF4EEB10Cu
#define HEAP_CANARY     0xCAFEBABEu
#define HDR             sizeof(struct heap_block)   // 16 bytes
#define ALIGN16(n)      (((n) + 15) & ~(size_t)15)
#define MIN_SPLIT       (HDR + 16)                  // room for the free link                  // smallest block worth keeping
#define HEAP_MAX_ALLOC  (256u << 20)                // refuse requests past this

_Static_assert(sizeof(struct heap_block) == 16, "a block header is 16 bytes");

// The free list link, kept in a free block's payload.
static struct heap_block *next_of(struct heap_block *b)
{
    struct heap_block *n;
    memcpy(&n, b + 1, sizeof(n));
    return n;
}

static void set_next(struct heap_block *b, struct heap_block *n)
{
    memcpy(b + 1, &n, sizeof(n));
}

void heap_init(struct heap *h, void *(*morecore)(size_t, size_t *),
               void (*report)(enum heap_fault, void *))
{
    memset(h, 0, sizeof(*h));
    h->morecore = morecore;
    h->report = report;
}

static void fault(struct heap *h, enum heap_fault f, void *ptr)
{
    h->faults++;
    if (h->report)
        h->report(f, ptr);
}

// Insert b into the free list by address, merging with its neighbours when
// they touch it.
static void insert_free(struct heap *h, struct heap_block *b)
{
    struct heap_block *prev = NULL, *cur = h->free;
    while (cur && cur < b) {
        prev = cur;
        cur = next_of(cur);
        h->steps++;
    }
    b->magic = HEAP_MAGIC_FREE;
    b->asked = 0;
    set_next(b, cur);
    if (cur && (char *)b + b->size == (char *)cur) {
        b->size += cur->size;
        set_next(b, next_of(cur));
        cur->magic = 0;
    }
    if (prev && (char *)prev + prev->size == (char *)b) {
        prev->size += b->size;
        set_next(prev, next_of(b));
        b->magic = 0;
    } else if (prev) {
        set_next(prev, b);
    } else {
        h->free = b;
    }
}

static bool grow(struct heap *h, size_t need)
{
    size_t got = 0;
    void *mem = h->morecore ? h->morecore(need, &got) : NULL;
    if (!mem || got < need)
        return false;
    struct heap_block *b = mem;
    b->size = (uint32_t)(got & ~(size_t)15);
    h->arena_bytes += b->size;
    insert_free(h, b);
    return true;
}

void *heap_alloc(struct heap *h, size_t n)
{
    if (n == 0 || n > HEAP_MAX_ALLOC)
        return NULL;
    size_t need = ALIGN16(HDR + n + sizeof(uint32_t));   // header, bytes, canary

    for (int tries = 0; tries < 2; tries++) {
        struct heap_block *prev = NULL, *b = h->free;
        for (; b; prev = b, b = next_of(b)) {
            h->steps++;
            if (b->size < need)
                continue;
            if (b->size - need >= MIN_SPLIT) {
                // Split: the tail stays free in b's place in the list.
                struct heap_block *rest = (struct heap_block *)((char *)b + need);
                rest->magic = HEAP_MAGIC_FREE;
                rest->size = b->size - (uint32_t)need;
                rest->asked = 0;
                set_next(rest, next_of(b));
                b->size = (uint32_t)need;
                if (prev)
                    set_next(prev, rest);
                else
                    h->free = rest;
            } else if (prev) {
                set_next(prev, next_of(b));
            } else {
                h->free = next_of(b);
            }
            b->magic = HEAP_MAGIC_USED;
            b->asked = (uint32_t)n;
            uint32_t canary = HEAP_CANARY;
            memcpy((char *)(b + 1) + n, &canary, sizeof(canary));
            h->used_bytes += b->size;
            h->allocs++;
            return b + 1;
        }
        if (!grow(h, need))
            return NULL;
    }
    return NULL;
}

// The header of ptr when ptr is plausibly a used block, else NULL with the
// fault reported.
static struct heap_block *used_block(struct heap *h, void *ptr)
{
    if (((uintptr_t)ptr & 15) != 0) {
        fault(h, HEAP_BAD_POINTER, ptr);
        return NULL;
    }
    struct heap_block *b = (struct heap_block *)ptr - 1;
    if (b->magic == HEAP_MAGIC_FREE) {
        fault(h, HEAP_DOUBLE_FREE, ptr);
        return NULL;
    }
    if (b->magic != HEAP_MAGIC_USED || b->asked + HDR + 4 > b->size) {
        fault(h, HEAP_BAD_POINTER, ptr);
        return NULL;
    }
    return b;
}

void heap_free(struct heap *h, void *ptr)
{
    if (!ptr)
        return;
    struct heap_block *b = used_block(h, ptr);
    if (!b)
        return;
    uint32_t canary;
    memcpy(&canary, (char *)ptr + b->asked, sizeof(canary));
    if (canary != HEAP_CANARY) {
        // Leak the block rather than reuse memory whose neighbours may be
        // trashed; the report says where to look.
        fault(h, HEAP_OVERRUN, ptr);
        return;
    }
    h->used_bytes -= b->size;
    h->frees++;
    insert_free(h, b);
}

size_t heap_size(struct heap *h, void *ptr)
{
    struct heap_block *b = ptr ? used_block(h, ptr) : NULL;
    return b ? b->asked : 0;
}

int heap_check(struct heap *h)
{
    int found = 0;
    struct heap_block *prev = NULL;
    for (struct heap_block *b = h->free; b; prev = b, b = next_of(b)) {
        if (b->magic != HEAP_MAGIC_FREE || (prev && prev >= b) || b->size < HDR) {
            fault(h, HEAP_BAD_POINTER, b + 1);
            found++;
            break;   // the list itself may be broken: stop walking it
        }
    }
    return found;
}
