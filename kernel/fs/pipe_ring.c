// The pipe's ring buffer (see pipe_ring.h).
#include "kernel/fs/pipe_ring.h"
#include <string.h>

void pipe_ring_init(struct pipe_ring *r, uint8_t *buf, uint32_t cap)
{
    r->buf = buf;
    r->cap = cap;
    r->head = 0;
    r->used = 0;
}

uint32_t pipe_ring_used(const struct pipe_ring *r)
{
    return r->used;
}

uint32_t pipe_ring_space(const struct pipe_ring *r)
{
    return r->cap - r->used;
}

// Copy n bytes in at the tail, in at most two pieces around the end.
uint32_t pipe_ring_put(struct pipe_ring *r, const void *src, uint32_t n)
{
    if (n > pipe_ring_space(r))
        n = pipe_ring_space(r);
    uint32_t tail = (r->head + r->used) % r->cap;
    uint32_t first = r->cap - tail < n ? r->cap - tail : n;
    memcpy(r->buf + tail, src, first);
    memcpy(r->buf, (const uint8_t *)src + first, n - first);
    r->used += n;
    return n;
}

// Copy n bytes out from the head, in at most two pieces.
uint32_t pipe_ring_get(struct pipe_ring *r, void *dst, uint32_t n)
{
    if (n > r->used)
        n = r->used;
    uint32_t first = r->cap - r->head < n ? r->cap - r->head : n;
    memcpy(dst, r->buf + r->head, first);
    memcpy((uint8_t *)dst + first, r->buf, n - first);
    r->head = (r->head + n) % r->cap;
    r->used -= n;
    return n;
}
