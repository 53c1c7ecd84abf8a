// Unit tests of the region map (mm/region.c): each operation and its
// edges, the serialized form, and a long run of random operations checked
// against a page-by-page model.
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "mm/region.h"

#define P(n)   ((vaddr_t)(n) * PAGE_SIZE)   // the address of page n
#define RW     (REGION_PROT_R | REGION_PROT_W | REGION_PROT_U)
#define RX     (REGION_PROT_R | REGION_PROT_X | REGION_PROT_U)

// Check the invariants region.h promises.
static void check_map(const struct region_map *m)
{
    assert_true(m->count >= 0 && m->count <= REGION_MAX);
    for (int i = 0; i < m->count; i++) {
        const struct region *r = &m->r[i];
        assert_int_equal(r->start % PAGE_SIZE, 0);
        assert_int_equal(r->end % PAGE_SIZE, 0);
        assert_true(r->start < r->end);
        assert_true(r->start >= REGION_USER_MIN && r->end <= REGION_USER_LIMIT);
        if (i > 0)
            assert_true(m->r[i - 1].end <= r->start);
    }
}

// Check that m holds exactly the n ranges given as page pairs {start, end}.
static void expect_ranges(const struct region_map *m, int n, const int pages[][2])
{
    check_map(m);
    assert_int_equal(m->count, n);
    for (int i = 0; i < n; i++) {
        assert_int_equal(m->r[i].start, P(pages[i][0]));
        assert_int_equal(m->r[i].end, P(pages[i][1]));
    }
}

static void test_empty_map(void **state)
{
    struct region_map m;
    memset(&m, 0xFF, sizeof(m));
    region_map_init(&m);
    assert_int_equal(m.count, 0);
    assert_null(region_find(&m, P(5)));
    assert_null(region_find_kind(&m, REGION_HEAP));
    assert_null(region_next(&m, NULL));
    assert_int_equal(region_map_pages(&m), 0);
    assert_int_equal(region_set_end(&m, P(5), P(6)), REGION_ENOENT);
    assert_int_equal(region_set_start(&m, P(5), P(4)), REGION_ENOENT);
    assert_int_equal(region_remove(&m, P(1), P(100)), REGION_OK);
}

static void test_add_keeps_order(void **state)
{
    struct region_map m;
    region_map_init(&m);
    assert_int_equal(region_add(&m, P(100), P(110), RW, REGION_HEAP, 0), REGION_OK);
    assert_int_equal(region_add(&m, P(10), P(20), RX, REGION_TEXT, 0), REGION_OK);
    assert_int_equal(region_add(&m, P(50), P(60), RW, REGION_DATA, 0), REGION_OK);
    assert_int_equal(region_add(&m, REGION_USER_LIMIT - P(4), REGION_USER_LIMIT, RW,
                                REGION_STACK, REGION_GROWSDOWN), REGION_OK);
    assert_int_equal(region_add(&m, P(1), P(2), 0, REGION_OTHER, 0), REGION_OK);
    check_map(&m);
    assert_int_equal(m.count, 5);
    assert_int_equal(m.r[0].start, P(1));
    assert_int_equal(m.r[1].kind, REGION_TEXT);
    assert_int_equal(m.r[1].prot, RX);
    assert_int_equal(m.r[2].kind, REGION_DATA);
    assert_int_equal(m.r[3].kind, REGION_HEAP);
    assert_int_equal(m.r[4].kind, REGION_STACK);
    assert_int_equal(m.r[4].flags, REGION_GROWSDOWN);
    assert_int_equal(region_map_pages(&m), 1 + 10 + 10 + 10 + 4);
}

static void test_add_rejects_bad_ranges(void **state)
{
    struct region_map m, before;
    region_map_init(&m);
    assert_int_equal(region_add(&m, P(10), P(20), RW, REGION_DATA, 0), REGION_OK);
    before = m;
    assert_int_equal(region_add(&m, P(30) + 1, P(40), RW, REGION_DATA, 0), REGION_EALIGN);
    assert_int_equal(region_add(&m, P(30), P(40) - 1, RW, REGION_DATA, 0), REGION_EALIGN);
    assert_int_equal(region_add(&m, P(30), P(30), RW, REGION_DATA, 0), REGION_EEMPTY);
    assert_int_equal(region_add(&m, P(31), P(30), RW, REGION_DATA, 0), REGION_EEMPTY);
    assert_int_equal(region_add(&m, 0, P(1), RW, REGION_DATA, 0), REGION_ERANGE);
    assert_int_equal(region_add(&m, 0, P(5), RW, REGION_DATA, 0), REGION_ERANGE);
    assert_int_equal(region_add(&m, REGION_USER_LIMIT - P(1), REGION_USER_LIMIT + P(1),
                                RW, REGION_DATA, 0), REGION_ERANGE);
    assert_int_equal(region_add(&m, REGION_USER_LIMIT, REGION_USER_LIMIT + P(1),
                                RW, REGION_DATA, 0), REGION_ERANGE);
    assert_int_equal(region_add(&m, 0xFFFFF000u, 0, RW, REGION_DATA, 0), REGION_EEMPTY);
    assert_int_equal(region_add(&m, P(30), P(40), RW, 0, 0), REGION_EINVAL);
    assert_int_equal(region_add(&m, P(30), P(40), RW, REGION_KIND_MAX + 1, 0), REGION_EINVAL);
    assert_int_equal(region_add(&m, P(30), P(40), 16, REGION_DATA, 0), REGION_EINVAL);
    assert_int_equal(region_add(&m, P(30), P(40), RW, REGION_DATA, 2), REGION_EINVAL);
    assert_memory_equal(&m, &before, sizeof(m));
}

static void test_add_rejects_overlaps(void **state)
{
    struct region_map m, before;
    region_map_init(&m);
    assert_int_equal(region_add(&m, P(10), P(20), RW, REGION_DATA, 0), REGION_OK);
    assert_int_equal(region_add(&m, P(30), P(40), RW, REGION_DATA, 0), REGION_OK);
    before = m;
    const int bad[][2] = {
        { 10, 20 }, { 5, 11 }, { 19, 25 }, { 12, 13 }, { 5, 45 }, { 15, 35 },
        { 25, 31 }, { 39, 50 }, { 19, 31 },
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_int_equal(region_add(&m, P(bad[i][0]), P(bad[i][1]), RW, REGION_DATA, 0),
                         REGION_EOVERLAP);
    assert_memory_equal(&m, &before, sizeof(m));
    // Touching on either side is fine.
    assert_int_equal(region_add(&m, P(20), P(30), RW, REGION_HEAP, 0), REGION_OK);
    assert_int_equal(region_add(&m, P(9), P(10), RW, REGION_OTHER, 0), REGION_OK);
    assert_int_equal(region_add(&m, P(40), P(41), RW, REGION_OTHER, 0), REGION_OK);
    const int want[][2] = { { 9, 10 }, { 10, 20 }, { 20, 30 }, { 30, 40 }, { 40, 41 } };
    expect_ranges(&m, 5, want);
}

static void test_add_when_full(void **state)
{
    struct region_map m, before;
    region_map_init(&m);
    for (int i = 0; i < REGION_MAX; i++)
        assert_int_equal(region_add(&m, P(2 + 2 * i), P(3 + 2 * i), RW, REGION_OTHER, 0),
                         REGION_OK);
    before = m;
    assert_int_equal(region_add(&m, P(1000), P(1001), RW, REGION_OTHER, 0), REGION_EFULL);
    assert_int_equal(region_add(&m, P(1), P(2), RW, REGION_OTHER, 0), REGION_EFULL);
    assert_memory_equal(&m, &before, sizeof(m));
    check_map(&m);
}

static void test_find(void **state)
{
    struct region_map m;
    region_map_init(&m);
    assert_int_equal(region_add(&m, P(10), P(20), RX, REGION_TEXT, 0), REGION_OK);
    assert_int_equal(region_add(&m, P(20), P(22), RW, REGION_DATA, 0), REGION_OK);
    assert_int_equal(region_add(&m, P(30), P(31), RW, REGION_HEAP, 0), REGION_OK);
    assert_null(region_find(&m, 0));
    assert_null(region_find(&m, P(10) - 1));
    assert_int_equal(region_find(&m, P(10))->kind, REGION_TEXT);
    assert_int_equal(region_find(&m, P(20) - 1)->kind, REGION_TEXT);
    assert_int_equal(region_find(&m, P(20))->kind, REGION_DATA);
    assert_int_equal(region_find(&m, P(22) - 1)->kind, REGION_DATA);
    assert_null(region_find(&m, P(22)));
    assert_null(region_find(&m, P(29) + 123));
    assert_int_equal(region_find(&m, P(30) + 4095)->kind, REGION_HEAP);
    assert_null(region_find(&m, P(31)));
    assert_null(region_find(&m, 0xFFFFFFFFu));
    assert_ptr_equal(region_find_kind(&m, REGION_HEAP), &m.r[2]);
    assert_ptr_equal(region_find_kind(&m, REGION_TEXT), &m.r[0]);
    assert_null(region_find_kind(&m, REGION_STACK));
}

static void test_remove(void **state)
{
    struct region_map m;
    region_map_init(&m);
    assert_int_equal(region_add(&m, P(10), P(20), RX, REGION_TEXT, 0), REGION_OK);
    assert_int_equal(region_add(&m, P(30), P(40), RW, REGION_DATA, 0), REGION_OK);
    assert_int_equal(region_add(&m, P(50), P(60), RW, REGION_HEAP, 0), REGION_OK);

    // A hole in the middle splits a region; both parts keep its attributes.
    assert_int_equal(region_remove(&m, P(33), P(35)), REGION_OK);
    const int a[][2] = { { 10, 20 }, { 30, 33 }, { 35, 40 }, { 50, 60 } };
    expect_ranges(&m, 4, a);
    assert_int_equal(m.r[1].kind, REGION_DATA);
    assert_int_equal(m.r[2].kind, REGION_DATA);
    assert_int_equal(m.r[2].prot, RW);

    // Trim the start of one and the end of another, dropping one between.
    assert_int_equal(region_remove(&m, P(15), P(36)), REGION_OK);
    const int b[][2] = { { 10, 15 }, { 36, 40 }, { 50, 60 } };
    expect_ranges(&m, 3, b);

    // Exactly one region; then a range in a gap (no error, no change).
    assert_int_equal(region_remove(&m, P(36), P(40)), REGION_OK);
    assert_int_equal(region_remove(&m, P(20), P(50)), REGION_OK);
    const int c[][2] = { { 10, 15 }, { 50, 60 } };
    expect_ranges(&m, 2, c);

    // The first and last page of a region.
    assert_int_equal(region_remove(&m, P(50), P(51)), REGION_OK);
    assert_int_equal(region_remove(&m, P(59), P(60)), REGION_OK);
    const int d[][2] = { { 10, 15 }, { 51, 59 } };
    expect_ranges(&m, 2, d);

    // Everything.
    assert_int_equal(region_remove(&m, REGION_USER_MIN, REGION_USER_LIMIT), REGION_OK);
    assert_int_equal(m.count, 0);
}

static void test_remove_rejects_bad_ranges(void **state)
{
    struct region_map m, before;
    region_map_init(&m);
    assert_int_equal(region_add(&m, P(10), P(20), RX, REGION_TEXT, 0), REGION_OK);
    before = m;
    assert_int_equal(region_remove(&m, P(12) + 8, P(14)), REGION_EALIGN);
    assert_int_equal(region_remove(&m, P(12), P(14) + 8), REGION_EALIGN);
    assert_int_equal(region_remove(&m, P(14), P(12)), REGION_EEMPTY);
    assert_int_equal(region_remove(&m, P(14), P(14)), REGION_EEMPTY);
    assert_int_equal(region_remove(&m, 0, P(12)), REGION_ERANGE);
    assert_int_equal(region_remove(&m, P(12), REGION_USER_LIMIT + P(1)), REGION_ERANGE);
    assert_memory_equal(&m, &before, sizeof(m));
}

static void test_remove_split_when_full(void **state)
{
    struct region_map m, before;
    region_map_init(&m);
    for (int i = 0; i < REGION_MAX; i++)
        assert_int_equal(region_add(&m, P(10 * (i + 1)), P(10 * (i + 1) + 5), RW,
                                    REGION_OTHER, 0), REGION_OK);
    before = m;
    assert_int_equal(region_remove(&m, P(12), P(13)), REGION_EFULL);
    assert_memory_equal(&m, &before, sizeof(m));
    // Trimming needs no slot, and once one region is gone a split fits.
    assert_int_equal(region_remove(&m, P(10), P(11)), REGION_OK);
    assert_int_equal(region_remove(&m, P(20), P(25)), REGION_OK);
    assert_int_equal(m.count, REGION_MAX - 1);
    assert_int_equal(region_remove(&m, P(12), P(13)), REGION_OK);
    assert_int_equal(m.count, REGION_MAX);
    check_map(&m);
    assert_int_equal(m.r[0].start, P(11));
    assert_int_equal(m.r[0].end, P(12));
    assert_int_equal(m.r[1].start, P(13));
    assert_int_equal(m.r[1].end, P(15));
    assert_int_equal(m.r[2].start, P(30));
}

// brk moves the heap's end; the stack's start moves down.
static void test_set_end(void **state)
{
    struct region_map m, before;
    region_map_init(&m);
    assert_int_equal(region_add(&m, P(10), P(20), RW, REGION_HEAP, 0), REGION_OK);
    assert_int_equal(region_add(&m, P(30), P(40), RW, REGION_STACK, REGION_GROWSDOWN),
                     REGION_OK);
    assert_int_equal(region_set_end(&m, P(10), P(25)), REGION_OK);
    assert_int_equal(m.r[0].end, P(25));
    assert_int_equal(region_set_end(&m, P(24), P(30)), REGION_OK);   // up to the stack
    assert_int_equal(region_set_end(&m, P(11), P(11)), REGION_OK);   // down to one page
    assert_int_equal(m.r[0].end, P(11));
    before = m;
    assert_int_equal(region_set_end(&m, P(10), P(31)), REGION_EOVERLAP);
    assert_int_equal(region_set_end(&m, P(10), P(10)), REGION_EEMPTY);
    assert_int_equal(region_set_end(&m, P(10), P(9)), REGION_EEMPTY);
    assert_int_equal(region_set_end(&m, P(10), P(12) + 1), REGION_EALIGN);
    assert_int_equal(region_set_end(&m, P(11), P(12)), REGION_ENOENT);   // va after the end
    assert_int_equal(region_set_end(&m, P(30), REGION_USER_LIMIT + P(1)), REGION_ERANGE);
    assert_memory_equal(&m, &before, sizeof(m));
    // The last region may reach the user limit, not beyond.
    assert_int_equal(region_set_end(&m, P(30), REGION_USER_LIMIT), REGION_OK);
    check_map(&m);
}

static void test_set_start(void **state)
{
    struct region_map m, before;
    region_map_init(&m);
    assert_int_equal(region_add(&m, P(10), P(20), RW, REGION_HEAP, 0), REGION_OK);
    assert_int_equal(region_add(&m, P(30), P(40), RW, REGION_STACK, REGION_GROWSDOWN),
                     REGION_OK);
    assert_int_equal(region_set_start(&m, P(39), P(25)), REGION_OK);
    assert_int_equal(m.r[1].start, P(25));
    assert_int_equal(region_set_start(&m, P(25), P(20)), REGION_OK);   // down to the heap
    assert_int_equal(region_set_start(&m, P(20), P(39)), REGION_OK);   // shrink to one page
    assert_int_equal(m.r[1].start, P(39));
    before = m;
    assert_int_equal(region_set_start(&m, P(39), P(19)), REGION_EOVERLAP);
    assert_int_equal(region_set_start(&m, P(39), P(40)), REGION_EEMPTY);
    assert_int_equal(region_set_start(&m, P(39), P(41)), REGION_EEMPTY);
    assert_int_equal(region_set_start(&m, P(39), P(30) + 4), REGION_EALIGN);
    assert_int_equal(region_set_start(&m, P(38), P(30)), REGION_ENOENT);
    assert_int_equal(region_set_start(&m, P(10), 0), REGION_ERANGE);
    assert_memory_equal(&m, &before, sizeof(m));
    assert_int_equal(region_set_start(&m, P(10), REGION_USER_MIN), REGION_OK);
    check_map(&m);
}

static void test_iterate_and_copy(void **state)
{
    struct region_map m, c;
    region_map_init(&m);
    for (int i = 9; i >= 0; i--)
        assert_int_equal(region_add(&m, P(100 * i + 1), P(100 * i + 1 + i + 1), RW,
                                    REGION_OTHER, 0), REGION_OK);
    int n = 0;
    vaddr_t last = 0;
    for (const struct region *r = region_next(&m, NULL); r; r = region_next(&m, r)) {
        assert_true(r->start > last);
        assert_int_equal(r->start, P(100 * n + 1));
        last = r->start;
        n++;
    }
    assert_int_equal(n, 10);

    region_map_copy(&c, &m);
    assert_memory_equal(&c, &m, sizeof(m));
    assert_int_equal(region_map_pages(&c), 55);
    // The copy is independent of the original.
    assert_int_equal(region_remove(&c, P(1), P(1000)), REGION_OK);
    assert_int_equal(c.count, 0);
    assert_int_equal(m.count, 10);
}

// --- serialized form -------------------------------------------------------

static void make_sample(struct region_map *m)
{
    region_map_init(m);
    assert_int_equal(region_add(m, 0x08048000u, 0x08049000u, RX, REGION_TEXT, 0), REGION_OK);
    assert_int_equal(region_add(m, 0x08049000u, 0x0804A000u, RW, REGION_DATA, 0), REGION_OK);
    assert_int_equal(region_add(m, 0x0804A000u, 0x0804C000u, RW, REGION_HEAP, 0), REGION_OK);
    assert_int_equal(region_add(m, 0xBFFF0000u, 0xC0000000u, RW, REGION_STACK,
                                REGION_GROWSDOWN), REGION_OK);
}

static void test_serialize_layout(void **state)
{
    struct region_map m;
    region_map_init(&m);
    assert_int_equal(region_add(&m, 0x08048000u, 0x0804A000u, RX, REGION_TEXT, 0), REGION_OK);
    uint8_t buf[64];
    size_t used = 0;
    assert_int_equal(region_map_wire_size(&m), 32);
    assert_int_equal(region_map_serialize(&m, buf, sizeof(buf), &used), REGION_OK);
    assert_int_equal(used, 32);
    const uint8_t want[32] = {
        'R', 'E', 'G', 'N',  1, 0, 0, 0,  1, 0, 0, 0,
        0x00, 0x80, 0x04, 0x08,  0x00, 0xA0, 0x04, 0x08,  RX, 0, 0, 0,
        REGION_TEXT, 0, 0, 0,  0, 0, 0, 0,
    };
    assert_memory_equal(buf, want, sizeof(want));
    assert_int_equal(region_map_serialize(&m, buf, 31, &used), REGION_ENOSPC);
}

static void test_serialize_round_trip(void **state)
{
    struct region_map m, back;
    uint8_t buf[REGION_WIRE_MAX + 16];
    size_t used = 0, got = 0;
    make_sample(&m);
    assert_int_equal(region_map_serialize(&m, buf, sizeof(buf), &used), REGION_OK);
    assert_int_equal(used, region_map_wire_size(&m));
    memset(&back, 0x5A, sizeof(back));
    // Bytes after the map are the caller's.
    memset(buf + used, 0xEE, 16);
    assert_int_equal(region_map_deserialize(&back, buf, used + 16, &got), REGION_OK);
    assert_int_equal(got, used);
    assert_int_equal(back.count, m.count);
    assert_memory_equal(back.r, m.r, sizeof(m.r[0]) * (size_t)m.count);

    // An empty map, and a full one.
    region_map_init(&m);
    assert_int_equal(region_map_serialize(&m, buf, sizeof(buf), &used), REGION_OK);
    assert_int_equal(used, REGION_WIRE_HEADER);
    assert_int_equal(region_map_deserialize(&back, buf, used, &got), REGION_OK);
    assert_int_equal(back.count, 0);
    for (int i = 0; i < REGION_MAX; i++)
        assert_int_equal(region_add(&m, P(1 + i), P(2 + i), (uint32_t)i % 16,
                                    1 + (uint32_t)i % REGION_KIND_MAX, (uint32_t)i % 2),
                         REGION_OK);
    assert_int_equal(region_map_serialize(&m, buf, sizeof(buf), &used), REGION_OK);
    assert_int_equal(used, REGION_WIRE_MAX);
    assert_int_equal(region_map_deserialize(&back, buf, used, &got), REGION_OK);
    assert_memory_equal(&back, &m, sizeof(m));
}

// Deserialize and check that a failure leaves the map as it was.
static int deserialize(const uint8_t *buf, size_t len)
{
    struct region_map m, before;
    size_t used = 12345;
    make_sample(&m);
    before = m;
    int rc = region_map_deserialize(&m, buf, len, &used);
    if (rc != REGION_OK) {
        assert_memory_equal(&m, &before, sizeof(m));
        assert_int_equal(used, 12345);
    } else {
        check_map(&m);
    }
    return rc;
}

static void test_deserialize_truncated(void **state)
{
    struct region_map m;
    uint8_t buf[REGION_WIRE_MAX];
    size_t used;
    make_sample(&m);
    assert_int_equal(region_map_serialize(&m, buf, sizeof(buf), &used), REGION_OK);
    for (size_t len = 0; len < used; len++)
        assert_int_equal(deserialize(buf, len), REGION_ETRUNC);
    assert_int_equal(deserialize(buf, used), REGION_OK);
}

static void set32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static void test_deserialize_rejects_malformed(void **state)
{
    struct region_map m;
    uint8_t good[REGION_WIRE_MAX], buf[REGION_WIRE_MAX];
    size_t used;
    make_sample(&m);   // text, data, heap, stack
    assert_int_equal(region_map_serialize(&m, good, sizeof(good), &used), REGION_OK);
    // Byte offset of field f of region i.
#define AT(i, f) (REGION_WIRE_HEADER + REGION_WIRE_ENTRY * (i) + 4 * (f))
    struct {
        size_t off;
        uint32_t value;
        int want;
    } cases[] = {
        { 0, 0x4E474553u, REGION_EMAGIC },
        { 0, 0, REGION_EMAGIC },
        { 4, 0, REGION_EVERSION },
        { 4, 2, REGION_EVERSION },
        { 8, REGION_MAX + 1, REGION_ECOUNT },
        { 8, 0xFFFFFFFFu, REGION_ECOUNT },
        { 8, 0x80000001u, REGION_ECOUNT },
        { 8, 5, REGION_ETRUNC },                    // one more than the bytes hold
        { 8, 3, REGION_OK },                        // fewer is a shorter map
        { AT(0, 0), 0x08048001u, REGION_EALIGN },
        { AT(0, 1), 0x08049FFFu, REGION_EALIGN },
        { AT(0, 1), 0x08048000u, REGION_EEMPTY },
        { AT(0, 1), 0x08047000u, REGION_EEMPTY },
        { AT(0, 0), 0, REGION_ERANGE },
        { AT(3, 1), 0xC0001000u, REGION_ERANGE },
        { AT(3, 1), 0, REGION_EEMPTY },
        { AT(0, 2), REGION_PROT_ALL + 1, REGION_EINVAL },
        { AT(0, 2), 0x80000000u, REGION_EINVAL },
        { AT(0, 3), 0, REGION_EINVAL },
        { AT(0, 3), REGION_KIND_MAX + 1, REGION_EINVAL },
        { AT(0, 4), 2, REGION_EINVAL },
        { AT(1, 0), 0x08048000u, REGION_EORDER },   // data starts inside text
        { AT(0, 1), 0x0804A000u, REGION_EORDER },   // text ends inside data
        { AT(2, 0), 0x08040000u, REGION_EORDER },   // heap below data
        { AT(2, 0), 0x08049000u, REGION_EORDER },   // heap starts on data
        { AT(0, 1), 0x08049000u, REGION_OK },       // unchanged value
    };
#undef AT
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        memcpy(buf, good, used);
        set32(buf + cases[i].off, cases[i].value);
        int rc = deserialize(buf, used);
        if (rc != cases[i].want)
            print_error("case %zu\n", i);
        assert_int_equal(rc, cases[i].want);
    }
}

static void test_strerror_is_distinct(void **state)
{
    for (int a = REGION_EORDER; a <= REGION_OK; a++) {
        assert_string_not_equal(region_strerror(a), region_strerror(1));
        for (int b = REGION_EORDER; b < a; b++)
            assert_string_not_equal(region_strerror(a), region_strerror(b));
    }
}

// --- random operations against a model ------------------------------------

// The model: for each of NPAGES pages, the kind of the region it is in (0
// for none) and an id telling regions apart (adjacent regions of one kind
// stay separate).
#define NPAGES 96

struct model {
    uint8_t kind[NPAGES];
    int id[NPAGES];
};

static uint32_t rng = 12345;

static uint32_t next_random(void)
{
    rng = rng * 1103515245u + 12345u;
    return rng >> 8;
}

// Compare the map with the model page by page.
static void compare(const struct region_map *m, const struct model *md)
{
    check_map(m);
    for (int p = 1; p < NPAGES; p++) {
        const struct region *r = region_find(m, P(p) + 17);
        if (md->kind[p] == 0) {
            assert_null(r);
            continue;
        }
        assert_non_null(r);
        assert_int_equal(r->kind, md->kind[p]);
        // Same model id on both sides of a page boundary <=> same region.
        if (p + 1 < NPAGES && md->kind[p + 1] != 0) {
            bool same = md->id[p] == md->id[p + 1];
            assert_int_equal(same, region_find(m, P(p + 1)) == r);
        }
    }
}

static void test_random_operations(void **state)
{
    struct region_map m;
    struct model md;
    int next_id = 1;
    region_map_init(&m);
    memset(&md, 0, sizeof(md));
    for (int step = 0; step < 20000; step++) {
        int a = 1 + (int)(next_random() % (NPAGES - 1));
        int b = 1 + (int)(next_random() % (NPAGES - 1));
        if (a > b) {
            int t = a;
            a = b;
            b = t;
        }
        b++;   // a page range [a, b) inside [1, NPAGES]
        if (b > NPAGES)
            b = NPAGES;
        uint32_t kind = 1 + next_random() % REGION_KIND_MAX;
        struct region_map before = m;
        int rc;
        switch (next_random() % 4) {
        case 0: {   // add: fits when no page of [a, b) is taken and a slot is free
            bool free_pages = true;
            for (int p = a; p < b; p++)
                if (md.kind[p])
                    free_pages = false;
            rc = region_add(&m, P(a), P(b), RW, kind, 0);
            if (!free_pages) {
                assert_int_equal(rc, REGION_EOVERLAP);
            } else if (before.count == REGION_MAX) {
                assert_int_equal(rc, REGION_EFULL);
            } else {
                assert_int_equal(rc, REGION_OK);
                for (int p = a; p < b; p++) {
                    md.kind[p] = (uint8_t)kind;
                    md.id[p] = next_id;
                }
                next_id++;
            }
            break;
        }
        case 1: {   // remove [a, b); the part of a region above b gets a new id
            bool split = b < NPAGES && md.kind[b] && a > 1 && md.kind[a - 1] &&
                         md.id[a - 1] == md.id[b];
            rc = region_remove(&m, P(a), P(b));
            if (split && before.count == REGION_MAX) {
                assert_int_equal(rc, REGION_EFULL);
                break;
            }
            assert_int_equal(rc, REGION_OK);
            if (split) {
                for (int p = b; p < NPAGES && md.id[p] == md.id[a - 1] && md.kind[p]; p++)
                    md.id[p] = next_id;
                next_id++;
            }
            for (int p = a; p < b; p++)
                md.kind[p] = 0;
            break;
        }
        case 2: {   // move the end of the region holding page a to b
            if (!md.kind[a]) {
                rc = region_set_end(&m, P(a), P(b));
                assert_int_equal(rc, REGION_ENOENT);
                break;
            }
            int s = a, e = a;
            while (s > 1 && md.kind[s - 1] && md.id[s - 1] == md.id[a])
                s--;
            while (e < NPAGES && md.kind[e] && md.id[e] == md.id[a])
                e++;
            bool clash = false;
            for (int p = e; p < b; p++)
                if (md.kind[p])
                    clash = true;
            rc = region_set_end(&m, P(a), P(b));
            if (b <= s) {
                assert_int_equal(rc, REGION_EEMPTY);
            } else if (clash) {
                assert_int_equal(rc, REGION_EOVERLAP);
            } else {
                assert_int_equal(rc, REGION_OK);
                for (int p = b; p < e; p++)
                    md.kind[p] = 0;
                for (int p = e; p < b; p++) {
                    md.kind[p] = md.kind[a];
                    md.id[p] = md.id[a];
                }
            }
            break;
        }
        default: {   // move the start of the region holding page b-1 to a
            int h = b - 1;
            if (!md.kind[h]) {
                rc = region_set_start(&m, P(h), P(a));
                assert_int_equal(rc, REGION_ENOENT);
                break;
            }
            int s = h, e = h;
            while (s > 1 && md.kind[s - 1] && md.id[s - 1] == md.id[h])
                s--;
            while (e < NPAGES && md.kind[e] && md.id[e] == md.id[h])
                e++;
            bool clash = false;
            for (int p = a; p < s; p++)
                if (md.kind[p])
                    clash = true;
            rc = region_set_start(&m, P(h), P(a));
            if (clash) {
                assert_int_equal(rc, REGION_EOVERLAP);
            } else {
                assert_int_equal(rc, REGION_OK);
                for (int p = s; p < a; p++)
                    md.kind[p] = 0;
                for (int p = a; p < s; p++) {
                    md.kind[p] = md.kind[h];
                    md.id[p] = md.id[h];
                }
            }
            break;
        }
        }
        if (rc != REGION_OK)
            assert_memory_equal(&m, &before, sizeof(m));
        compare(&m, &md);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_map),
        cmocka_unit_test(test_add_keeps_order),
        cmocka_unit_test(test_add_rejects_bad_ranges),
        cmocka_unit_test(test_add_rejects_overlaps),
        cmocka_unit_test(test_add_when_full),
        cmocka_unit_test(test_find),
        cmocka_unit_test(test_remove),
        cmocka_unit_test(test_remove_rejects_bad_ranges),
        cmocka_unit_test(test_remove_split_when_full),
        cmocka_unit_test(test_set_end),
        cmocka_unit_test(test_set_start),
        cmocka_unit_test(test_iterate_and_copy),
        cmocka_unit_test(test_serialize_layout),
        cmocka_unit_test(test_serialize_round_trip),
        cmocka_unit_test(test_deserialize_truncated),
        cmocka_unit_test(test_deserialize_rejects_malformed),
        cmocka_unit_test(test_strerror_is_distinct),
        cmocka_unit_test(test_random_operations),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
