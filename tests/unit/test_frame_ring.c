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
static uint16_t lens[SLOTS];

static void make(struct frame_ring *r)
{
    memset(mem, 0xEE, sizeof(mem));
    frame_ring_init(r, mem, lens, SLOTS, SLOT);
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_ring_has_nothing),
        cmocka_unit_test(test_frames_come_out_in_order_and_intact),
        cmocka_unit_test(test_full_ring_refuses_and_counts),
        cmocka_unit_test(test_bad_lengths_are_refused),
        cmocka_unit_test(test_wraps_around_many_times),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
