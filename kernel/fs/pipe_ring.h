// A byte ring buffer: the storage of a pipe. Pure logic: the caller gives
// the memory; nothing here blocks.
#ifndef FS_PIPE_RING_H
#define FS_PIPE_RING_H

#include "kernel/types.h"

struct pipe_ring {
    uint8_t *buf;       // storage, cap bytes
    uint32_t cap;       // capacity in bytes
    uint32_t head;      // index of the oldest byte
    uint32_t used;      // bytes stored
};

// Start empty over the cap bytes at buf (cap > 0).
void pipe_ring_init(struct pipe_ring *r, uint8_t *buf, uint32_t cap);
// Bytes stored, and bytes of room left.
uint32_t pipe_ring_used(const struct pipe_ring *r);
uint32_t pipe_ring_space(const struct pipe_ring *r);
// Append up to n bytes from src; returns how many fit.
uint32_t pipe_ring_put(struct pipe_ring *r, const void *src, uint32_t n);
// Remove up to n of the oldest bytes into dst; returns how many.
uint32_t pipe_ring_get(struct pipe_ring *r, void *dst, uint32_t n);

#endif
