// A ring of frame slots between one producer (a card's interrupt handler)
// and one consumer (the network context). Each slot holds a buffer the
// consumer gave it (in the kernel, the payload of an lwIP pool pbuf), so
// putting a frame never allocates: the handler copies the frame into the
// next slot's buffer, or finds the ring full, or the slot without a
// buffer, and the frame is dropped. The consumer takes a filled buffer
// away whole (the pbuf goes up the stack as it is: no second copy) and
// gives the slot a fresh one. Pure logic; safe for one producer and one
// consumer on one CPU.
#ifndef NET_FRAME_RING_H
#define NET_FRAME_RING_H

#include "kernel/types.h"

// One slot. The producer touches only the slot at head, and only to fill
// buf and set len; the consumer owns buf and owner of every other slot.
struct frame_slot {
    uint8_t *buf;           // slot_size bytes for a frame; NULL: none yet (frames dropped)
    void *owner;            // what the consumer knows buf by (its pbuf)
    uint16_t len;           // length of the frame in buf, once put
};

struct frame_ring {
    struct frame_slot *slots;   // nslots slots
    uint32_t nslots;        // slots in the ring
    uint32_t slot_size;     // bytes each buffer holds
    uint32_t head;          // frames ever put (the producer's; slot head % nslots is next)
    uint32_t tail;          // frames ever taken (the consumer's)
    uint32_t bare;          // slots without a buffer (the consumer's count)
    uint32_t last_taken;    // the slot frame_ring_take emptied last (where give looks first)
    uint32_t full_drops;    // frames refused because the ring was full
    uint32_t bare_drops;    // frames refused because their slot had no buffer
};

// Use slots (nslots entries), all without a buffer until frame_ring_give.
void frame_ring_init(struct frame_ring *r, struct frame_slot *slots, uint32_t nslots,
                     uint32_t slot_size);

// Consumer: give a buffer of slot_size bytes, known as owner, to a slot
// that has none. False (and nothing changes) when every slot has one.
bool frame_ring_give(struct frame_ring *r, uint8_t *buf, void *owner);

// Producer: copy a frame of len bytes in. Returns false, and changes
// nothing but a drop counter, when the ring is full or the next slot has
// no buffer; false too when len is 0 or more than a buffer holds.
bool frame_ring_put(struct frame_ring *r, const void *frame, size_t len);

// Consumer: the oldest frame and its length, or NULL when the ring is
// empty. The frame stays in the ring until frame_ring_pop or _take.
const uint8_t *frame_ring_peek(struct frame_ring *r, size_t *len);

// Consumer: drop the oldest frame; its slot keeps the buffer for another.
void frame_ring_pop(struct frame_ring *r);

// Consumer: take the oldest frame away with its buffer: returns the
// buffer's owner (NULL when the ring is empty). Its slot has no buffer
// until frame_ring_give.
void *frame_ring_take(struct frame_ring *r);

// Frames in the ring now.
uint32_t frame_ring_count(const struct frame_ring *r);

#endif
