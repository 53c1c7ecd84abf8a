// A ring of fixed-size frame slots between one producer (a card's
// interrupt handler) and one consumer (the network context). The memory
// is given at init, so putting a frame never allocates: the handler copies
// the frame in, or finds the ring full and the frame is dropped. Pure
// logic; safe for one producer and one consumer on one CPU.
#ifndef NET_FRAME_RING_H
#define NET_FRAME_RING_H

#include "kernel/types.h"

struct frame_ring {
    uint8_t *slots;         // nslots * slot_size bytes of frame data
    uint16_t *lens;         // length of the frame in each slot
    uint32_t nslots;        // slots in the ring
    uint32_t slot_size;     // bytes each slot holds
    uint32_t head;          // frames ever put (the producer's; slot head % nslots is next)
    uint32_t tail;          // frames ever taken (the consumer's)
    uint32_t full_drops;    // frames refused because the ring was full
};

// Use slots (nslots * slot_size bytes) and lens (nslots entries).
void frame_ring_init(struct frame_ring *r, uint8_t *slots, uint16_t *lens,
                     uint32_t nslots, uint32_t slot_size);

// Copy a frame of len bytes in. Returns false, and changes nothing but
// full_drops, when the ring is full; false too when len is 0 or more than
// a slot holds.
bool frame_ring_put(struct frame_ring *r, const void *frame, size_t len);

// The oldest frame and its length, or NULL when the ring is empty. The
// frame stays in the ring until frame_ring_pop.
const uint8_t *frame_ring_peek(struct frame_ring *r, size_t *len);

// Drop the oldest frame (after peek returned it).
void frame_ring_pop(struct frame_ring *r);

// Frames in the ring now.
uint32_t frame_ring_count(const struct frame_ring *r);

#endif
