// The region map of an address space (see region.h). Pure: tested in
// tests/unit/test_region.c, the deserializer fuzzed in tests/fuzz/fuzz_region.c.
#include "mm/region.h"
#include <string.h>

void region_map_init(struct region_map *m)
{
    memset(m, 0, sizeof(*m));
}

static bool aligned(vaddr_t a)
{
    return a % PAGE_SIZE == 0;
}

// Check a range of user space: aligned, not empty, inside user space.
static int check_range(vaddr_t start, vaddr_t end)
{
    if (!aligned(start) || !aligned(end))
        return REGION_EALIGN;
    if (end <= start)
        return REGION_EEMPTY;
    if (start < REGION_USER_MIN || end > REGION_USER_LIMIT)
        return REGION_ERANGE;
    return REGION_OK;
}

// Check everything about one region but its neighbours.
static int check_region(const struct region *r)
{
    int rc = check_range(r->start, r->end);
    if (rc != REGION_OK)
        return rc;
    if (r->kind < REGION_TEXT || r->kind > REGION_KIND_MAX ||
        (r->prot & ~(uint32_t)REGION_PROT_ALL) != 0 ||
        (r->flags & ~(uint32_t)REGION_FLAGS_ALL) != 0)
        return REGION_EINVAL;
    return REGION_OK;
}

// Index of the first region that ends above va (count when none does).
static int lower_bound(const struct region_map *m, vaddr_t va)
{
    int lo = 0, hi = m->count;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (m->r[mid].end <= va)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

// Index of the region containing va, or -1.
static int index_of(const struct region_map *m, vaddr_t va)
{
    int i = lower_bound(m, va);
    if (i < m->count && m->r[i].start <= va)
        return i;
    return -1;
}

int region_add(struct region_map *m, vaddr_t start, vaddr_t end, uint32_t prot,
               uint32_t kind, uint32_t flags)
{
    struct region n = { start, end, prot, kind, flags };
    int rc = check_region(&n);
    if (rc != REGION_OK)
        return rc;
    int i = lower_bound(m, start);   // first region ending above start
    if (i < m->count && m->r[i].start < end)
        return REGION_EOVERLAP;
    if (m->count == REGION_MAX)
        return REGION_EFULL;
    memmove(&m->r[i + 1], &m->r[i], (size_t)(m->count - i) * sizeof(m->r[0]));
    m->r[i] = n;
    m->count++;
    return REGION_OK;
}

int region_remove(struct region_map *m, vaddr_t start, vaddr_t end)
{
    int rc = check_range(start, end);
    if (rc != REGION_OK)
        return rc;
    // Build the new list aside, then commit it.
    struct region out[REGION_MAX + 1];
    int n = 0;
    for (int i = 0; i < m->count; i++) {
        const struct region *r = &m->r[i];
        if (r->end <= start || r->start >= end) {
            out[n++] = *r;
            continue;
        }
        if (r->start < start) {          // the part below the range stays
            out[n] = *r;
            out[n++].end = start;
        }
        if (r->end > end) {              // the part above the range stays
            out[n] = *r;
            out[n++].start = end;
        }
    }
    if (n > REGION_MAX)
        return REGION_EFULL;
    memcpy(m->r, out, (size_t)n * sizeof(out[0]));
    m->count = n;
    return REGION_OK;
}

const struct region *region_find(const struct region_map *m, vaddr_t va)
{
    int i = index_of(m, va);
    return i < 0 ? NULL : &m->r[i];
}

const struct region *region_find_kind(const struct region_map *m, uint32_t kind)
{
    for (int i = 0; i < m->count; i++)
        if (m->r[i].kind == kind)
            return &m->r[i];
    return NULL;
}

int region_set_end(struct region_map *m, vaddr_t va, vaddr_t new_end)
{
    int i = index_of(m, va);
    if (i < 0)
        return REGION_ENOENT;
    struct region *r = &m->r[i];
    if (!aligned(new_end))
        return REGION_EALIGN;
    if (new_end <= r->start)
        return REGION_EEMPTY;
    if (new_end > REGION_USER_LIMIT)
        return REGION_ERANGE;
    if (i + 1 < m->count && new_end > m->r[i + 1].start)
        return REGION_EOVERLAP;
    r->end = new_end;
    return REGION_OK;
}

int region_set_start(struct region_map *m, vaddr_t va, vaddr_t new_start)
{
    int i = index_of(m, va);
    if (i < 0)
        return REGION_ENOENT;
    struct region *r = &m->r[i];
    if (!aligned(new_start))
        return REGION_EALIGN;
    if (new_start >= r->end)
        return REGION_EEMPTY;
    if (new_start < REGION_USER_MIN)
        return REGION_ERANGE;
    if (i > 0 && new_start < m->r[i - 1].end)
        return REGION_EOVERLAP;
    r->start = new_start;
    return REGION_OK;
}

const struct region *region_next(const struct region_map *m, const struct region *prev)
{
    int i = prev ? (int)(prev - m->r) + 1 : 0;
    return i < m->count ? &m->r[i] : NULL;
}

void region_map_copy(struct region_map *dst, const struct region_map *src)
{
    memcpy(dst, src, sizeof(*dst));
}

uint32_t region_map_pages(const struct region_map *m)
{
    uint32_t pages = 0;
    for (int i = 0; i < m->count; i++)
        pages += (m->r[i].end - m->r[i].start) / PAGE_SIZE;
    return pages;
}

// --- serialized form -------------------------------------------------------

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

size_t region_map_wire_size(const struct region_map *m)
{
    return REGION_WIRE_HEADER + (size_t)m->count * REGION_WIRE_ENTRY;
}

int region_map_serialize(const struct region_map *m, void *buf, size_t cap, size_t *used)
{
    size_t need = region_map_wire_size(m);
    if (cap < need)
        return REGION_ENOSPC;
    uint8_t *p = buf;
    put32(p, REGION_WIRE_MAGIC);
    put32(p + 4, REGION_WIRE_VERSION);
    put32(p + 8, (uint32_t)m->count);
    p += REGION_WIRE_HEADER;
    for (int i = 0; i < m->count; i++, p += REGION_WIRE_ENTRY) {
        const struct region *r = &m->r[i];
        put32(p, r->start);
        put32(p + 4, r->end);
        put32(p + 8, r->prot);
        put32(p + 12, r->kind);
        put32(p + 16, r->flags);
    }
    *used = need;
    return REGION_OK;
}

int region_map_deserialize(struct region_map *m, const void *buf, size_t len, size_t *used)
{
    const uint8_t *p = buf;
    if (len < REGION_WIRE_HEADER)
        return REGION_ETRUNC;
    if (get32(p) != REGION_WIRE_MAGIC)
        return REGION_EMAGIC;
    if (get32(p + 4) != REGION_WIRE_VERSION)
        return REGION_EVERSION;
    uint32_t count = get32(p + 8);
    if (count > REGION_MAX)
        return REGION_ECOUNT;
    size_t need = REGION_WIRE_HEADER + (size_t)count * REGION_WIRE_ENTRY;
    if (len < need)
        return REGION_ETRUNC;

    struct region_map n;
    region_map_init(&n);
    p += REGION_WIRE_HEADER;
    for (uint32_t i = 0; i < count; i++, p += REGION_WIRE_ENTRY) {
        struct region r = { get32(p), get32(p + 4), get32(p + 8), get32(p + 12),
                            get32(p + 16) };
        int rc = check_region(&r);
        if (rc != REGION_OK)
            return rc;
        if (i > 0 && r.start < n.r[i - 1].end)
            return REGION_EORDER;
        n.r[i] = r;
    }
    n.count = (int)count;
    *m = n;
    *used = need;
    return REGION_OK;
}

const char *region_strerror(int result)
{
    switch (result) {
    case REGION_OK:       return "ok";
    case REGION_EALIGN:   return "address not page-aligned";
    case REGION_EEMPTY:   return "empty range";
    case REGION_ERANGE:   return "outside user space";
    case REGION_EOVERLAP: return "regions overlap";
    case REGION_EFULL:    return "too many regions";
    case REGION_EINVAL:   return "bad kind, protection or flags";
    case REGION_ENOENT:   return "no region there";
    case REGION_ENOSPC:   return "buffer too small";
    case REGION_ETRUNC:   return "serialized map truncated";
    case REGION_EMAGIC:   return "not a serialized region map";
    case REGION_EVERSION: return "unknown region map version";
    case REGION_ECOUNT:   return "too many regions in serialized map";
    case REGION_EORDER:   return "serialized regions out of order";
    default:              return "unknown region error";
    }
}
