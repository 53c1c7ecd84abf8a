// The interrupt-to-network-context frame ring (see frame_ring.h).
// head is written only by the producer and tail only by the consumer;
// the release/acquire pairs make sure a frame's bytes are in place before
// the other side sees the counter move.
#include "net/frame_ring.h"
#include <string.h>

void frame_ring_init(struct frame_ring *r, uint8_t *slots, uint16_t *lens,
                     uint32_t nslots, uint32_t slot_size)
{
    r->slots = slots;
    r->lens = lens;
    r->nslots = nslots;
    r->slot_size = slot_size;
    r->head = 0;
    r->tail = 0;
    r->full_drops = 0;
}

uint32_t frame_ring_count(const struct frame_ring *r)
{
    return __atomic_load_n(&r->head, __ATOMIC_ACQUIRE) -
           __atomic_load_n(&r->tail, __ATOMIC_ACQUIRE);
}

bool frame_ring_put(struct frame_ring *r, const void *frame, size_t len)
{
    if (len == 0 || len > r->slot_size)
        return false;
    uint32_t head = r->head;
    if (head - __atomic_load_n(&r->tail, __ATOMIC_ACQUIRE) >= r->nslots) {
        r->full_drops++;
        return false;
    }
    uint32_t i = head % r->nslots;
    memcpy(r->slots + (size_t)i * r->slot_size, frame, len);
    r->lens[i] = (uint16_t)len;
    __atomic_store_n(&r->head, head + 1, __ATOMIC_RELEASE);
    return true;
}

const uint8_t *frame_ring_peek(struct frame_ring *r, size_t *len)
{
    uint32_t tail = r->tail;
    if (__atomic_load_n(&r->head, __ATOMIC_ACQUIRE) == tail)
        return NULL;
    uint32_t i = tail % r->nslots;
    *len = r->lens[i];
    return r->slots + (size_t)i * r->slot_size;
}

void frame_ring_pop(struct frame_ring *r)
{
    if (__atomic_load_n(&r->head, __ATOMIC_ACQUIRE) != r->tail)
        __atomic_store_n(&r->tail, r->tail + 1, __ATOMIC_RELEASE);
}
