// The interrupt-to-network-context frame ring (see frame_ring.h).
// head is written only by the producer and tail only by the consumer;
// the release/acquire pairs make sure a frame's bytes (and a slot's
// buffer) are in place before the other side sees them.
#include "net/frame_ring.h"
#include <string.h>

void frame_ring_init(struct frame_ring *r, struct frame_slot *slots, uint32_t nslots,
                     uint32_t slot_size)
{
    memset(slots, 0, nslots * sizeof(*slots));
    r->slots = slots;
    r->nslots = nslots;
    r->slot_size = slot_size;
    r->head = 0;
    r->tail = 0;
    r->bare = nslots;
    r->last_taken = 0;
    r->full_drops = 0;
    r->bare_drops = 0;
}

uint32_t frame_ring_count(const struct frame_ring *r)
{
    return __atomic_load_n(&r->head, __ATOMIC_ACQUIRE) -
           __atomic_load_n(&r->tail, __ATOMIC_ACQUIRE);
}

// Give slot s (without a buffer, not the producer's) the buffer buf.
static void fill(struct frame_ring *r, struct frame_slot *s, uint8_t *buf, void *owner)
{
    s->owner = owner;
    __atomic_store_n(&s->buf, buf, __ATOMIC_RELEASE);   // owner first
    r->bare--;
}

bool frame_ring_give(struct frame_ring *r, uint8_t *buf, void *owner)
{
    if (r->bare == 0)
        return false;
    // The usual case: the one slot without a buffer is the one that
    // frame_ring_take just emptied.
    struct frame_slot *s = &r->slots[r->last_taken];
    if (r->bare == 1 && !__atomic_load_n(&s->buf, __ATOMIC_ACQUIRE)) {
        fill(r, s, buf, owner);
        return true;
    }
    // Else the slots the producer has not filled, the next it fills first:
    // head .. tail + nslots - 1. (head may move on meanwhile, but never
    // past a slot without a buffer: the producer drops its frame there.)
    uint32_t head = __atomic_load_n(&r->head, __ATOMIC_ACQUIRE);
    for (uint32_t k = head; k != r->tail + r->nslots; k++) {
        s = &r->slots[k % r->nslots];
        if (!__atomic_load_n(&s->buf, __ATOMIC_ACQUIRE)) {
            fill(r, s, buf, owner);
            return true;
        }
    }
    return false;
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
    struct frame_slot *s = &r->slots[head % r->nslots];
    uint8_t *buf = __atomic_load_n(&s->buf, __ATOMIC_ACQUIRE);
    if (!buf) {
        r->bare_drops++;
        return false;
    }
    memcpy(buf, frame, len);
    s->len = (uint16_t)len;
    __atomic_store_n(&r->head, head + 1, __ATOMIC_RELEASE);
    return true;
}

const uint8_t *frame_ring_peek(struct frame_ring *r, size_t *len)
{
    uint32_t tail = r->tail;
    if (__atomic_load_n(&r->head, __ATOMIC_ACQUIRE) == tail)
        return NULL;
    struct frame_slot *s = &r->slots[tail % r->nslots];
    *len = s->len;
    return s->buf;
}

void frame_ring_pop(struct frame_ring *r)
{
    if (__atomic_load_n(&r->head, __ATOMIC_ACQUIRE) != r->tail)
        __atomic_store_n(&r->tail, r->tail + 1, __ATOMIC_RELEASE);
}

void *frame_ring_take(struct frame_ring *r)
{
    uint32_t tail = r->tail;
    if (__atomic_load_n(&r->head, __ATOMIC_ACQUIRE) == tail)
        return NULL;
    struct frame_slot *s = &r->slots[tail % r->nslots];
    void *owner = s->owner;
    s->owner = NULL;
    r->last_taken = tail % r->nslots;
    __atomic_store_n(&s->buf, NULL, __ATOMIC_RELEASE);
    r->bare++;
    __atomic_store_n(&r->tail, tail + 1, __ATOMIC_RELEASE);
    return owner;
}
