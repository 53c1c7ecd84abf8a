// Unit tests of the physical frame allocator (mm/frame.c).
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "mm/frame.h"

#define NFRAMES 64   // a 256 KiB machine
static uint16_t refs[NFRAMES];
static struct frame_pool pool;

static int setup(void **state)
{
    frame_pool_init(&pool, refs, NFRAMES);
    return 0;
}

static void test_empty_pool_gives_nothing(void **state)
{
    assert_int_equal(pool.nfree, 0);
    assert_int_equal(frame_alloc(&pool), 0);
}

static void test_add_rounds_inward_and_skips_frame0(void **state)
{
    frame_pool_add(&pool, 0, 0x3800);   // frames 0,1,2 whole; 3 partial
    assert_int_equal(pool.nfree, 2);    // frame 0 is never handed out
    assert_int_equal(frame_refcount(&pool, 0), FRAME_RESERVED);
    assert_int_equal(frame_refcount(&pool, 0x3000), FRAME_RESERVED);
    frame_pool_add(&pool, 0x10800, 0x13000);   // 0x10800 partial -> 0x11000..0x13000
    assert_int_equal(pool.nfree, 4);
    assert_int_equal(frame_refcount(&pool, 0x10000), FRAME_RESERVED);
}

static void test_add_beyond_pool_is_clipped(void **state)
{
    frame_pool_add(&pool, 0x1000, 0x10000000ull);
    assert_int_equal(pool.nfree, NFRAMES - 1);
    assert_int_equal(pool.nusable, NFRAMES - 1);
}

static void test_reserve_is_never_handed_out(void **state)
{
    frame_pool_add(&pool, 0, NFRAMES * FRAME_SIZE);
    frame_pool_reserve(&pool, 0x2800, 0x5001);   // rounds out: frames 2..5
    assert_int_equal(pool.nfree, NFRAMES - 1 - 4);
    for (;;) {
        paddr_t pa = frame_alloc(&pool);
        if (!pa)
            break;
        assert_true(pa < 0x2000 || pa >= 0x6000);
        assert_true(pa != 0);
    }
    assert_int_equal(pool.nfree, 0);
}

// Released memory is handed out again; only whole reserved frames inside
// the range are released, never a frame in use or the edges' partial ones.
static void test_release_gives_back_whole_reserved_frames(void **state)
{
    frame_pool_add(&pool, 0, NFRAMES * FRAME_SIZE);
    frame_pool_reserve(&pool, 0x2000, 0x8000);            // frames 2..7
    uint32_t free_before = pool.nfree, usable_before = pool.nusable;
    assert_int_equal(frame_pool_release(&pool, 0x2800, 0x7800), 4);   // frames 3..6
    assert_int_equal(pool.nfree, free_before + 4);
    assert_int_equal(pool.nusable, usable_before + 4);
    assert_int_equal(frame_pool_release(&pool, 0x2800, 0x7800), 0);   // not twice
    int seen[NFRAMES] = { 0 };
    paddr_t pa;
    while ((pa = frame_alloc(&pool)) != 0)
        seen[pa >> FRAME_SHIFT] = 1;
    assert_true(seen[3] && seen[4] && seen[5] && seen[6]);
    assert_false(seen[2] || seen[7]);                      // the partial edges stay reserved
    assert_int_equal(frame_pool_release(&pool, 0x3000, 0x5000), 0);   // in use: untouched
    assert_int_equal(pool.nfree, 0);
}

static void test_alloc_all_then_free_all(void **state)
{
    frame_pool_add(&pool, 0, NFRAMES * FRAME_SIZE);
    paddr_t got[NFRAMES];
    int n = 0;
    paddr_t pa;
    while ((pa = frame_alloc(&pool)) != 0) {
        for (int i = 0; i < n; i++)
            assert_true(got[i] != pa);   // no frame handed out twice
        got[n++] = pa;
    }
    assert_int_equal(n, NFRAMES - 1);
    for (int i = 0; i < n; i++)
        assert_int_equal(frame_unref(&pool, got[i]), 0);
    assert_int_equal(pool.nfree, NFRAMES - 1);
    assert_int_equal(pool.errors, 0);
}

static void test_refcounts_and_double_free(void **state)
{
    frame_pool_add(&pool, 0, NFRAMES * FRAME_SIZE);
    paddr_t pa = frame_alloc(&pool);
    assert_true(frame_ref(&pool, pa));           // two users (copy-on-write)
    assert_int_equal(frame_unref(&pool, pa), 1);
    assert_int_equal(pool.nfree, NFRAMES - 2);
    assert_int_equal(frame_unref(&pool, pa), 0);
    assert_int_equal(pool.nfree, NFRAMES - 1);
    assert_int_equal(frame_unref(&pool, pa), -1); // double free caught
    assert_int_equal(pool.errors, 1);
    assert_false(frame_ref(&pool, pa));           // ref of a free frame caught
    assert_int_equal(frame_unref(&pool, 0), -1);  // reserved frame
    assert_int_equal(frame_unref(&pool, pa + 12), -1);   // unaligned
    assert_int_equal(frame_unref(&pool, NFRAMES * FRAME_SIZE), -1);   // out of range
    assert_int_equal(pool.errors, 5);
    assert_int_equal(pool.nfree, NFRAMES - 1);
}

static void test_contiguous_runs(void **state)
{
    frame_pool_add(&pool, 0, NFRAMES * FRAME_SIZE);
    // Fragment the pool: take every frame, then free every other one in
    // the first half and a run of 8 at frames 40..47.
    paddr_t all[NFRAMES];
    int n = 0;
    paddr_t pa;
    while ((pa = frame_alloc(&pool)) != 0)
        all[n++] = pa;
    for (int i = 0; i < n; i++) {
        uint32_t f = all[i] >> FRAME_SHIFT;
        if ((f < 32 && f % 2 == 0) || (f >= 40 && f < 48))
            frame_unref(&pool, all[i]);
    }
    assert_int_equal(frame_alloc_run(&pool, 9), 0);   // no run of 9 exists
    paddr_t run = frame_alloc_run(&pool, 8);
    assert_int_equal(run, 40 * FRAME_SIZE);
    for (int i = 0; i < 8; i++)
        assert_int_equal(frame_refcount(&pool, run + i * FRAME_SIZE), 1);
    frame_free_run(&pool, run, 8);
    assert_int_equal(frame_refcount(&pool, run), 0);
    assert_int_equal(frame_alloc_run(&pool, 0), 0);
}

static void test_next_fit_wraps_around(void **state)
{
    frame_pool_add(&pool, 0, NFRAMES * FRAME_SIZE);
    paddr_t first = frame_alloc(&pool);
    paddr_t last = 0, pa;
    while ((pa = frame_alloc(&pool)) != 0)
        last = pa;
    assert_int_equal(last, (NFRAMES - 1) * FRAME_SIZE);
    frame_unref(&pool, first);
    assert_int_equal(frame_alloc(&pool), first);   // found after wrapping
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_empty_pool_gives_nothing, setup),
        cmocka_unit_test_setup(test_add_rounds_inward_and_skips_frame0, setup),
        cmocka_unit_test_setup(test_add_beyond_pool_is_clipped, setup),
        cmocka_unit_test_setup(test_reserve_is_never_handed_out, setup),
        cmocka_unit_test_setup(test_release_gives_back_whole_reserved_frames, setup),
        cmocka_unit_test_setup(test_alloc_all_then_free_all, setup),
        cmocka_unit_test_setup(test_refcounts_and_double_free, setup),
        cmocka_unit_test_setup(test_contiguous_runs, setup),
        cmocka_unit_test_setup(test_next_fit_wraps_around, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
