// Unit tests of the interrupt-to-network-context frame ring (net/frame_ring.c).
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <stdio.h>
#include <cmocka.h>

#include "net/frame_ring.h"

#define SLOTS 4
#define SLOT 64

static uint8_t mem[SLOTS * SLOT];
static struct frame_slot slots[SLOTS];

// A ring whose slots all have a buffer (slot i: mem + i * SLOT, owner i + 1).
static void make(struct frame_ring *r)
{
    memset(mem, 0xEE, sizeof(mem));
    frame_ring_init(r, slots, SLOTS, SLOT);
    for (int i = 0; i < SLOTS; i++)
        assert_true(frame_ring_give(r, mem + i * SLOT, (void *)(uintptr_t)(i + 1)));
    assert_false(frame_ring_give(r, mem, NULL));   // every slot has one
}

static void test_empty_ring_has_nothing(void **state)
{
    struct frame_ring r;
    size_t len = 123;
    make(&r);
    assert_null(frame_ring_peek(&r, &len));
    assert_int_equal(frame_ring_count(&r), 0);
    frame_ring_pop(&r);                 // popping an empty ring changes nothing
    assert_int_equal(frame_ring_count(&r), 0);
    assert_null(frame_ring_peek(&r, &len));
}

static void test_frames_come_out_in_order_and_intact(void **state)
{
    struct frame_ring r;
    make(&r);
    uint8_t f[SLOT];
    for (int i = 0; i < 3; i++) {
        memset(f, 'a' + i, sizeof(f));
        assert_true(frame_ring_put(&r, f, 10 + (size_t)i));
    }
    assert_int_equal(frame_ring_count(&r), 3);
    for (int i = 0; i < 3; i++) {
        size_t len;
        const uint8_t *p = frame_ring_peek(&r, &len);
        assert_non_null(p);
        assert_int_equal(len, 10 + i);
        for (size_t k = 0; k < len; k++)
            assert_int_equal(p[k], 'a' + i);
        frame_ring_pop(&r);
    }
    assert_int_equal(frame_ring_count(&r), 0);
}

static void test_full_ring_refuses_and_counts(void **state)
{
    struct frame_ring r;
    make(&r);
    uint8_t f[SLOT] = { 1 };
    for (int i = 0; i < SLOTS; i++)
        assert_true(frame_ring_put(&r, f, 20));
    assert_false(frame_ring_put(&r, f, 20));
    assert_false(frame_ring_put(&r, f, 20));
    assert_int_equal(r.full_drops, 2);
    assert_int_equal(frame_ring_count(&r), SLOTS);
    frame_ring_pop(&r);                 // one slot free again
    assert_true(frame_ring_put(&r, f, 20));
    assert_int_equal(r.full_drops, 2);
}

static void test_bad_lengths_are_refused(void **state)
{
    struct frame_ring r;
    make(&r);
    uint8_t f[SLOT + 1] = { 0 };
    assert_false(frame_ring_put(&r, f, 0));
    assert_false(frame_ring_put(&r, f, SLOT + 1));
    assert_true(frame_ring_put(&r, f, SLOT));
    assert_int_equal(frame_ring_count(&r), 1);
    assert_int_equal(r.full_drops, 0);
}

static void test_wraps_around_many_times(void **state)
{
    struct frame_ring r;
    make(&r);
    for (uint32_t i = 0; i < 1000; i++) {
        uint8_t f[SLOT];
        memset(f, (int)(i & 0xFF), sizeof(f));
        assert_true(frame_ring_put(&r, f, 1 + i % SLOT));
        if (i % 3 == 2) {               // drain in bursts, ring never overflows
            for (uint32_t j = i - 2; j <= i; j++) {
                size_t len;
                const uint8_t *p = frame_ring_peek(&r, &len);
                assert_non_null(p);
                assert_int_equal(len, 1 + j % SLOT);
                assert_int_equal(p[len - 1], j & 0xFF);
                frame_ring_pop(&r);
            }
        }
    }
    assert_int_equal(frame_ring_count(&r), 1);   // 999 % 3 == 0: one left
    // Nothing was written outside the slots' memory.
    assert_int_equal(r.full_drops, 0);
}

// A taken frame leaves with its buffer: the slot drops frames until it is
// given another, and the frames after it are not held up.
static void test_taken_buffer_leaves_its_slot_bare(void **state)
{
    struct frame_ring r;
    make(&r);
    uint8_t f[SLOT];
    memset(f, 'x', sizeof(f));
    assert_true(frame_ring_put(&r, f, 30));
    size_t len;
    const uint8_t *p = frame_ring_peek(&r, &len);
    assert_ptr_equal(p, mem);
    assert_int_equal(len, 30);
    assert_ptr_equal(frame_ring_take(&r), (void *)1);   // slot 0's owner
    assert_int_equal(r.bare, 1);
    assert_null(frame_ring_take(&r));                    // nothing left to take
    // Slots 1, 2, 3 still take frames; slot 0 (next after them) has none.
    for (int i = 0; i < 3; i++)
        assert_true(frame_ring_put(&r, f, 40));
    assert_false(frame_ring_put(&r, f, 40));
    assert_int_equal(r.bare_drops, 1);
    assert_int_equal(r.full_drops, 0);
    assert_int_equal(frame_ring_count(&r), 3);
    // A new buffer goes to the bare slot, and the next frame lands in it.
    static uint8_t fresh[SLOT];
    assert_true(frame_ring_give(&r, fresh, (void *)99));
    assert_int_equal(r.bare, 0);
    memset(f, 'y', sizeof(f));
    assert_true(frame_ring_put(&r, f, 50));
    for (int i = 0; i < 3; i++) {
        assert_non_null(frame_ring_peek(&r, &len));
        assert_int_equal(len, 40);
        frame_ring_pop(&r);                              // popped: buffers stay
    }
    p = frame_ring_peek(&r, &len);
    assert_ptr_equal(p, fresh);
    assert_int_equal(len, 50);
    assert_int_equal(p[49], 'y');
    assert_ptr_equal(frame_ring_take(&r), (void *)99);
}

// With several slots bare, a buffer goes to the one the card fills first.
static void test_buffer_goes_where_the_card_fills_next(void **state)
{
    struct frame_ring r;
    make(&r);
    uint8_t f[SLOT] = { 0 };
    assert_true(frame_ring_put(&r, f, 20));
    assert_true(frame_ring_put(&r, f, 20));
    assert_ptr_equal(frame_ring_take(&r), (void *)1);
    assert_ptr_equal(frame_ring_take(&r), (void *)2);   // slots 0 and 1 bare
    static uint8_t fresh[SLOT];
    assert_true(frame_ring_give(&r, fresh, (void *)7));
    // Slots 2 and 3 have their buffers; the card reaches slot 0 next.
    for (int i = 0; i < 3; i++)
        assert_true(frame_ring_put(&r, f, 20));
    assert_false(frame_ring_put(&r, f, 20));             // slot 1: still bare
    assert_int_equal(r.bare_drops, 1);
}

// A fresh ring has no buffers: every frame is dropped until some are given.
static void test_ring_without_buffers_drops(void **state)
{
    struct frame_ring r;
    frame_ring_init(&r, slots, SLOTS, SLOT);
    uint8_t f[SLOT] = { 0 };
    assert_false(frame_ring_put(&r, f, 20));
    assert_int_equal(r.bare_drops, 1);
    assert_int_equal(frame_ring_count(&r), 0);
    assert_true(frame_ring_give(&r, mem, (void *)1));
    assert_true(frame_ring_put(&r, f, 20));
    assert_false(frame_ring_put(&r, f, 20));   // the next slot has none yet
    assert_int_equal(r.bare_drops, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_ring_has_nothing),
        cmocka_unit_test(test_frames_come_out_in_order_and_intact),
        cmocka_unit_test(test_full_ring_refuses_and_counts),
        cmocka_unit_test(test_bad_lengths_are_refused),
        cmocka_unit_test(test_wraps_around_many_times),
        cmocka_unit_test(test_taken_buffer_leaves_its_slot_bare),
        cmocka_unit_test(test_ring_without_buffers_drops),
        cmocka_unit_test(test_buffer_goes_where_the_card_fills_next),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
