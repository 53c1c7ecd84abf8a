// libFuzzer target for the region map (mm/region.c). The input is first a
// serialized map, as a node receives one in a migration: the deserializer
// must refuse anything malformed, and what it accepts must keep every
// invariant of region.h and serialize back to the same bytes. The bytes
// after the map (or the whole input, when it was refused) are then run as
// operations on the map, 9 bytes each (an operation, two 32-bit
// arguments), with the invariants checked after each and a failed
// operation required to leave the map unchanged.
// Seeds (tests/fuzz/seeds/fuzz_region/): serialized maps of a process.
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mm/region.h"

// Abort unless m keeps the invariants region.h promises.
static void check(const struct region_map *m)
{
    if (m->count < 0 || m->count > REGION_MAX)
        abort();
    for (int i = 0; i < m->count; i++) {
        const struct region *r = &m->r[i];
        if (r->start % PAGE_SIZE || r->end % PAGE_SIZE || r->start >= r->end ||
            r->start < REGION_USER_MIN || r->end > REGION_USER_LIMIT)
            abort();
        if (r->kind < REGION_TEXT || r->kind > REGION_KIND_MAX ||
            (r->prot & ~(uint32_t)REGION_PROT_ALL) || (r->flags & ~(uint32_t)REGION_FLAGS_ALL))
            abort();
        if (i > 0 && m->r[i - 1].end > r->start)
            abort();
    }
}

static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

// Run one operation on m; addresses are mostly page-aligned to get past
// the first checks, and sometimes taken as they come.
static void run_op(struct region_map *m, uint8_t op, uint32_t x, uint32_t y)
{
    struct region_map before = *m;
    vaddr_t a = (op & 0x80) ? x : (x % 0x100) * PAGE_SIZE;
    vaddr_t b = (op & 0x80) ? y : (y % 0x100) * PAGE_SIZE;
    if (op & 0x40) {   // near the top of user space
        a = REGION_USER_LIMIT - a;
        b = REGION_USER_LIMIT - b;
    }
    int rc;
    switch (op % 5) {
    case 0:
        rc = region_add(m, a, b, y >> 28, 1 + (x >> 28) % REGION_KIND_MAX, (y >> 27) & 1);
        break;
    case 1:
        rc = region_remove(m, a, b);
        break;
    case 2:
        rc = region_set_end(m, a, b);
        break;
    case 3:
        rc = region_set_start(m, a, b);
        break;
    default: {
        const struct region *r = region_find(m, a);
        if (r && (a < r->start || a >= r->end))
            abort();
        rc = REGION_OK;
        break;
    }
    }
    if (region_strerror(rc) == NULL)
        abort();
    if (rc != REGION_OK && memcmp(&before, m, sizeof(before)) != 0)
        abort();
    check(m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct region_map m, copy;
    uint8_t out[REGION_WIRE_MAX];
    size_t used = 0, written = 0;

    region_map_init(&m);
    int rc = region_map_deserialize(&m, data, size, &used);
    if (rc == REGION_OK) {
        check(&m);
        if (used > size || used != region_map_wire_size(&m))
            abort();
        if (region_map_serialize(&m, out, sizeof(out), &written) != REGION_OK ||
            written != used || memcmp(out, data, used) != 0)
            abort();
    } else {
        if (m.count != 0)
            abort();
        used = 0;
    }

    for (size_t i = used; i + 9 <= size; i += 9)
        run_op(&m, data[i], get32(data + i + 1), get32(data + i + 5));

    region_map_copy(&copy, &m);
    if (memcmp(&copy, &m, sizeof(m)) != 0)
        abort();
    if (region_map_serialize(&m, out, sizeof(out), &written) != REGION_OK ||
        region_map_deserialize(&copy, out, written, &used) != REGION_OK ||
        copy.count != m.count ||
        memcmp(copy.r, m.r, sizeof(m.r[0]) * (size_t)m.count) != 0)
        abort();
    return 0;
}
