// Physical frame allocator (see frame.h): a reference count per frame,
// searched next-fit. One 16-bit count per 4 KiB frame costs 0.05% of RAM and
// doubles as the free map, so there is one table, not two.
#include "mm/frame.h"

void frame_pool_init(struct frame_pool *p, uint16_t *ref, uint32_t nframes)
{
    p->ref = ref;
    p->nframes = nframes;
    p->nfree = 0;
    p->nusable = 0;
    p->next = 1;
    p->errors = 0;
    for (uint32_t i = 0; i < nframes; i++)
        ref[i] = FRAME_RESERVED;
}

void frame_pool_add(struct frame_pool *p, uint64_t start, uint64_t end)
{
    uint64_t first = (start + FRAME_SIZE - 1) >> FRAME_SHIFT;
    uint64_t last = end >> FRAME_SHIFT;   // exclusive
    if (last > p->nframes)
        last = p->nframes;
    if (first == 0)
        first = 1;   // frame 0 is the "no frame" answer
    for (uint64_t f = first; f < last; f++) {
        if (p->ref[f] == FRAME_RESERVED) {
            p->ref[f] = 0;
            p->nfree++;
            p->nusable++;
        }
    }
}

void frame_pool_reserve(struct frame_pool *p, uint64_t start, uint64_t end)
{
    uint64_t first = start >> FRAME_SHIFT;
    uint64_t last = (end + FRAME_SIZE - 1) >> FRAME_SHIFT;
    if (last > p->nframes)
        last = p->nframes;
    for (uint64_t f = first; f < last; f++) {
        if (p->ref[f] == 0) {
            p->nfree--;
            p->nusable--;
        } else if (p->ref[f] != FRAME_RESERVED) {
            p->nusable--;   // in use: it was counted usable, now it is not
        }
        p->ref[f] = FRAME_RESERVED;
    }
}

uint32_t frame_pool_release(struct frame_pool *p, uint64_t start, uint64_t end)
{
    uint64_t first = (start + FRAME_SIZE - 1) >> FRAME_SHIFT;
    uint64_t last = end >> FRAME_SHIFT;
    if (last > p->nframes)
        last = p->nframes;
    uint32_t n = 0;
    for (uint64_t f = first; f < last; f++) {
        if (p->ref[f] != FRAME_RESERVED || f == 0)
            continue;
        p->ref[f] = 0;
        p->nfree++;
        p->nusable++;
        n++;
    }
    return n;
}

paddr_t frame_alloc(struct frame_pool *p)
{
    return frame_alloc_run(p, 1);
}

paddr_t frame_alloc_run(struct frame_pool *p, uint32_t n)
{
    if (n == 0 || n > p->nfree)
        return 0;
    // Two passes: from the hint to the end, then from frame 1 to the hint.
    for (int pass = 0; pass < 2; pass++) {
        uint32_t f = pass == 0 ? p->next : 1;
        uint32_t stop = pass == 0 ? p->nframes : p->next + n;
        if (stop > p->nframes)
            stop = p->nframes;
        uint32_t run = 0;
        for (; f < stop; f++) {
            run = p->ref[f] == 0 ? run + 1 : 0;
            if (run == n) {
                uint32_t first = f + 1 - n;
                for (uint32_t i = first; i <= f; i++)
                    p->ref[i] = 1;
                p->nfree -= n;
                p->next = f + 1 < p->nframes ? f + 1 : 1;
                return (paddr_t)first << FRAME_SHIFT;
            }
        }
    }
    return 0;
}

// The frame number of pa when it is an allocated frame, else -1.
static int64_t allocated(const struct frame_pool *p, paddr_t pa)
{
    uint32_t f = pa >> FRAME_SHIFT;
    if ((pa & (FRAME_SIZE - 1)) || f >= p->nframes)
        return -1;
    if (p->ref[f] == 0 || p->ref[f] == FRAME_RESERVED)
        return -1;
    return f;
}

bool frame_ref(struct frame_pool *p, paddr_t pa)
{
    int64_t f = allocated(p, pa);
    if (f < 0 || p->ref[f] == FRAME_MAXREF) {
        p->errors++;
        return false;
    }
    p->ref[f]++;
    return true;
}

int frame_unref(struct frame_pool *p, paddr_t pa)
{
    int64_t f = allocated(p, pa);
    if (f < 0) {
        p->errors++;
        return -1;
    }
    if (--p->ref[f] == 0)
        p->nfree++;
    return p->ref[f];
}

void frame_free_run(struct frame_pool *p, paddr_t pa, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        frame_unref(p, pa + i * FRAME_SIZE);
}

uint16_t frame_refcount(const struct frame_pool *p, paddr_t pa)
{
    uint32_t f = pa >> FRAME_SHIFT;
    if (f >= p->nframes)
        return FRAME_RESERVED;
    return p->ref[f];
}
