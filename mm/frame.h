// The physical frame allocator: which 4 KiB frames of RAM are free, and how
// many users each frame in use has (copy-on-write fork and shared pages need
// the count). Pure logic: the kernel feeds it the multiboot memory map in
// mm/phys.c; tests/unit feeds it made-up maps.
#ifndef MM_FRAME_H
#define MM_FRAME_H

#include "kernel/types.h"

#define FRAME_SHIFT    12
#define FRAME_SIZE     (1u << FRAME_SHIFT)
#define FRAME_RESERVED 0xFFFFu   // ref value: never handed out (not RAM, kernel, ...)
#define FRAME_MAXREF   0xFFFEu

struct frame_pool {
    uint16_t *ref;      // one per frame: 0 free, 1..FRAME_MAXREF users, or FRAME_RESERVED
    uint32_t nframes;   // frames covered: physical 0 .. nframes * FRAME_SIZE
    uint32_t nfree;     // frames free now
    uint32_t nusable;   // frames that are RAM the allocator may hand out (free or used)
    uint32_t next;      // frame where the next search starts (next fit)
    uint32_t errors;    // bad frees and bad references seen (each is a kernel bug)
};

// Start with every frame reserved. ref must have room for nframes entries.
void frame_pool_init(struct frame_pool *p, uint16_t *ref, uint32_t nframes);

// Make RAM in [start, end) available; partial frames at the edges are left
// out. Frames beyond the pool and frame 0 stay reserved.
void frame_pool_add(struct frame_pool *p, uint64_t start, uint64_t end);

// Take [start, end) out of the pool for good (kernel image, modules, ...);
// partial frames at the edges are taken too.
void frame_pool_reserve(struct frame_pool *p, uint64_t start, uint64_t end);

// Give back reserved memory that is no longer needed (the initrd, once
// unpacked): the reserved frames wholly inside [start, end) become free.
// Partial frames at the edges stay reserved (they may hold something
// else). Returns how many frames were freed.
uint32_t frame_pool_release(struct frame_pool *p, uint64_t start, uint64_t end);

// Allocate one frame with one reference. Returns its physical address, or 0
// when no frame is free (frame 0 is never handed out).
paddr_t frame_alloc(struct frame_pool *p);

// Allocate n physically contiguous frames. Returns the first address or 0.
paddr_t frame_alloc_run(struct frame_pool *p, uint32_t n);

// Add a reference to an allocated frame. Returns false (and counts an error)
// if the frame is free, reserved, or out of range.
bool frame_ref(struct frame_pool *p, paddr_t pa);

// Drop a reference; the frame is free when none remain. Returns the
// references left, or -1 (and counts an error) when the frame was not
// allocated: a double free.
int frame_unref(struct frame_pool *p, paddr_t pa);

// Free n frames from frame_alloc_run.
void frame_free_run(struct frame_pool *p, paddr_t pa, uint32_t n);

// References of the frame at pa (FRAME_RESERVED for reserved frames).
uint16_t frame_refcount(const struct frame_pool *p, paddr_t pa);

#endif
