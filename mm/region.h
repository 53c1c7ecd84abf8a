// The region map of an address space (ARCHITECTURE decision 3): the list
// of its regions (text, data, heap, stack, ...), so that fork copies and
// migration sends exactly the pages that exist.
//
// A region is a page-aligned range [start, end) of user space with one
// protection. The map keeps at most REGION_MAX regions in a fixed array
// inside the caller's struct (no allocation), sorted by address, never
// overlapping, each inside [REGION_USER_MIN, REGION_USER_LIMIT). Every
// operation checks everything first and changes the map only when it
// succeeds, so a failed call leaves the map as it was.
//
// The map knows nothing of page tables: the caller maps and unmaps pages
// to match. Pure: tested in tests/unit/test_region.c, the deserializer
// fuzzed in tests/fuzz/fuzz_region.c.
#ifndef MM_REGION_H
#define MM_REGION_H

#include "kernel/types.h"
#include "kernel/param.h"

#define REGION_MAX         32           // regions of one address space
#define REGION_USER_MIN    PAGE_SIZE    // the first page stays unmapped (NULL)
#define REGION_USER_LIMIT  KERNBASE     // user space ends here

// Protection bits (ELF_SEG_R/W/X of kernel/elf.h have the same values).
#define REGION_PROT_R      1            // readable
#define REGION_PROT_W      2            // writable
#define REGION_PROT_X      4            // executable
#define REGION_PROT_U      8            // user mode may access
#define REGION_PROT_ALL    (REGION_PROT_R | REGION_PROT_W | REGION_PROT_X | REGION_PROT_U)

// Flags.
#define REGION_GROWSDOWN   1            // a stack: faults just below extend it
#define REGION_FLAGS_ALL   REGION_GROWSDOWN

// What a region holds. The values travel in serialized maps: never renumber.
enum region_kind {
    REGION_TEXT  = 1,   // program code, from the executable
    REGION_DATA  = 2,   // initialised data and bss, from the executable
    REGION_HEAP  = 3,   // grown and shrunk by brk
    REGION_STACK = 4,   // the user stack
    REGION_OTHER = 5,   // anything else (e.g. anonymous mappings)
};
#define REGION_KIND_MAX    REGION_OTHER

// Results: REGION_OK or a negative REGION_E*.
enum region_result {
    REGION_OK        = 0,
    REGION_EALIGN    = -1,    // an address is not page-aligned
    REGION_EEMPTY    = -2,    // the range is empty (end <= start)
    REGION_ERANGE    = -3,    // outside [REGION_USER_MIN, REGION_USER_LIMIT)
    REGION_EOVERLAP  = -4,    // would overlap another region
    REGION_EFULL     = -5,    // would need more than REGION_MAX regions
    REGION_EINVAL    = -6,    // unknown kind, protection or flag bits
    REGION_ENOENT    = -7,    // no region contains that address
    REGION_ENOSPC    = -8,    // serialize: the buffer is too small
    REGION_ETRUNC    = -9,    // deserialize: the bytes end too early
    REGION_EMAGIC    = -10,   // deserialize: not a serialized map
    REGION_EVERSION  = -11,   // deserialize: a format this kernel does not know
    REGION_ECOUNT    = -12,   // deserialize: more than REGION_MAX regions
    REGION_EORDER    = -13,   // deserialize: regions not sorted by address
};

// One region: the pages [start, end).
struct region {
    vaddr_t start;      // first byte, page-aligned
    vaddr_t end;        // one past the last byte, page-aligned, > start
    uint32_t prot;      // REGION_PROT_* bits
    uint32_t kind;      // enum region_kind
    uint32_t flags;     // REGION_GROWSDOWN
};

// The regions of one address space (travels with a migrating process).
struct region_map {
    int count;                       // regions in use, at r[0..count)
    struct region r[REGION_MAX];     // sorted by start, never overlapping
};

// Serialized form (for migration): a header of three little-endian 32-bit
// words (REGION_WIRE_MAGIC, REGION_WIRE_VERSION, count) and then each
// region as five (start, end, prot, kind, flags), in address order.
#define REGION_WIRE_MAGIC    0x4E474552u    // "REGN" as bytes
#define REGION_WIRE_VERSION  1
#define REGION_WIRE_HEADER   12
#define REGION_WIRE_ENTRY    20
#define REGION_WIRE_MAX      (REGION_WIRE_HEADER + REGION_MAX * REGION_WIRE_ENTRY)

// Make m empty.
void region_map_init(struct region_map *m);

// Add the region [start, end) with prot, kind and flags. REGION_EALIGN,
// REGION_EEMPTY, REGION_ERANGE, REGION_EINVAL, REGION_EOVERLAP (with any
// page of another region) or REGION_EFULL; REGION_OK when added.
int region_add(struct region_map *m, vaddr_t start, vaddr_t end, uint32_t prot,
               uint32_t kind, uint32_t flags);

// Remove every page of [start, end) from the map (munmap): regions inside
// it go, regions across its edges are trimmed, a region around it is split
// in two (REGION_EFULL when that needs a slot there is not). Pages of the
// range that are in no region are no error. REGION_EALIGN, REGION_EEMPTY,
// REGION_ERANGE for a bad range.
int region_remove(struct region_map *m, vaddr_t start, vaddr_t end);

// The region containing va, or NULL.
const struct region *region_find(const struct region_map *m, vaddr_t va);

// The lowest region of the given kind, or NULL (e.g. the heap for brk).
const struct region *region_find_kind(const struct region_map *m, uint32_t kind);

// Move the end of the region containing va to new_end (brk, both ways).
// REGION_ENOENT, REGION_EALIGN, REGION_EEMPTY (new_end <= start: remove the
// region instead), REGION_ERANGE (past REGION_USER_LIMIT) or
// REGION_EOVERLAP (reaches the next region).
int region_set_end(struct region_map *m, vaddr_t va, vaddr_t new_end);

// Move the start of the region containing va to new_start (a stack growing
// down, or shrinking). REGION_ENOENT, REGION_EALIGN, REGION_EEMPTY
// (new_start >= end), REGION_ERANGE (below REGION_USER_MIN) or
// REGION_EOVERLAP (reaches the region before).
int region_set_start(struct region_map *m, vaddr_t va, vaddr_t new_start);

// The region after prev in address order; the first when prev is NULL;
// NULL after the last. prev must point into m.
//     for (r = region_next(m, NULL); r; r = region_next(m, r)) ...
const struct region *region_next(const struct region_map *m, const struct region *prev);

// Make dst an exact copy of src (fork).
void region_map_copy(struct region_map *dst, const struct region_map *src);

// The number of pages in all regions.
uint32_t region_map_pages(const struct region_map *m);

// Bytes region_map_serialize writes for m.
size_t region_map_wire_size(const struct region_map *m);

// Write m into buf (cap bytes); *used gets the bytes written.
// REGION_ENOSPC when cap < region_map_wire_size(m).
int region_map_serialize(const struct region_map *m, void *buf, size_t cap, size_t *used);

// Rebuild m from the len bytes at buf (bytes from another node: trusted in
// nothing). Every region must pass the checks of region_add and come in
// strictly increasing address order. On success *used gets the bytes read
// (bytes after them are the caller's); on failure m is unchanged.
// REGION_ETRUNC, REGION_EMAGIC, REGION_EVERSION, REGION_ECOUNT,
// REGION_EORDER, or the region_add error of the first bad region.
int region_map_deserialize(struct region_map *m, const void *buf, size_t len, size_t *used);

// A short description of a result, e.g. "regions overlap".
const char *region_strerror(int result);

#endif
