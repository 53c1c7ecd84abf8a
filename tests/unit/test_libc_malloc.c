// Unit tests of the C library's allocator (userland/libc/src/arena.c) over
// a fake break: a static region that grows and shrinks like sbrk.
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <stdlib.h>
#include <cmocka.h>

#include "userland/libc/src/arena.h"

// The fake heap: [heap, heap + brk) is in use; at most limit bytes.
static _Alignas(16) char heap[4 << 20];
static size_t brk_at, limit, grows, shrinks;

static void *fake_grow(void *ctx, size_t n)
{
    if (brk_at + n > limit)
        return NULL;
    grows++;
    void *p = heap + brk_at;
    brk_at += n;
    return p;
}

static bool fake_shrink(void *ctx, void *start, size_t n)
{
    if ((char *)start + n != heap + brk_at)
        return false;
    shrinks++;
    brk_at -= n;
    return true;
}

static struct arena a;

static int setup(void **state)
{
    brk_at = 0;
    limit = sizeof(heap);
    grows = shrinks = 0;
    arena_init(&a, fake_grow, fake_shrink, NULL);
    return 0;
}

static void test_basic_alloc_free(void **state)
{
    char *p = arena_alloc(&a, 100);
    char *q = arena_alloc(&a, 200);
    assert_non_null(p);
    assert_non_null(q);
    assert_true((uintptr_t)p % ARENA_ALIGN == 0);
    assert_true(q >= p + 100 || p >= q + 200);
    memset(p, 1, 100);
    memset(q, 2, 200);
    assert_true(arena_usable(p) >= 100);
    assert_int_equal(arena_free(&a, p), 0);
    assert_int_equal(arena_free(&a, q), 0);
    assert_int_equal(a.in_use, 0);
    // Everything merged back into one free block.
    assert_non_null(a.free);
    assert_null(a.free->next);
}

static void test_zero_and_huge(void **state)
{
    void *z1 = arena_alloc(&a, 0), *z2 = arena_alloc(&a, 0);
    assert_non_null(z1);
    assert_ptr_not_equal(z1, z2);
    assert_null(arena_alloc(&a, SIZE_MAX));
    assert_null(arena_alloc(&a, SIZE_MAX - 8));
    assert_null(arena_alloc(&a, sizeof(heap) + 1));
    assert_int_equal(arena_free(&a, z1), 0);
    assert_int_equal(arena_free(&a, z2), 0);
}

static void test_bad_frees_detected(void **state)
{
    char *p = arena_alloc(&a, 64);
    assert_int_equal(arena_free(&a, p), 0);
    assert_int_equal(arena_free(&a, p), -1);       // double free
    char *q = arena_alloc(&a, 64);
    assert_int_equal(arena_free(&a, q + 8), -1);   // not a block start
    assert_int_equal(arena_free(&a, q + 1), -1);   // misaligned
    assert_int_equal(arena_free(&a, NULL), 0);
    assert_int_equal(arena_free(&a, q), 0);
}

// Random allocations, frees and reallocs with patterns that must survive.
static void test_random_workload(void **state)
{
    enum { SLOTS = 300 };
    char *ptr[SLOTS] = { 0 };
    size_t len[SLOTS] = { 0 };
    uint32_t seed = 12345;
    for (int step = 0; step < 30000; step++) {
        seed = seed * 1103515245u + 12345u;
        int i = (int)((seed >> 8) % SLOTS);
        size_t n = (seed >> 4) % ((seed & 0x10000) ? 5000 : 64);
        if (ptr[i]) {
            for (size_t k = 0; k < len[i]; k++)
                assert_int_equal((unsigned char)ptr[i][k], (unsigned char)(i + k));
        }
        if (ptr[i] && (seed & 3) == 0) {
            char *r = arena_realloc(&a, ptr[i], n);
            assert_non_null(r);
            ptr[i] = r;
            size_t keep = len[i] < n ? len[i] : n;
            for (size_t k = 0; k < keep; k++)
                assert_int_equal((unsigned char)r[k], (unsigned char)(i + k));
            len[i] = n;
        } else if (ptr[i]) {
            assert_int_equal(arena_free(&a, ptr[i]), 0);
            ptr[i] = NULL;
            len[i] = 0;
            continue;
        } else {
            ptr[i] = arena_alloc(&a, n);
            assert_non_null(ptr[i]);
            len[i] = n;
        }
        for (size_t k = 0; k < len[i]; k++)
            ptr[i][k] = (char)(i + k);
    }
    for (int i = 0; i < SLOTS; i++)
        assert_int_equal(arena_free(&a, ptr[i]), 0);
    assert_int_equal(a.in_use, 0);
}

// Running out, then freeing: allocation works again and the top goes back.
static void test_exhaustion_and_trim(void **state)
{
    limit = 1 << 20;
    void *blocks[1000];
    int n = 0;
    while (n < 1000 && (blocks[n] = arena_alloc(&a, 10000)) != NULL)
        n++;
    assert_true(n > 50 && n < 1000);
    assert_null(arena_alloc(&a, 10000));
    for (int i = 0; i < n; i++)
        assert_int_equal(arena_free(&a, blocks[i]), 0);
    assert_true(shrinks > 0);
    assert_true(brk_at < ARENA_TRIM + 64 * 1024);
    void *again = arena_alloc(&a, 500000);
    assert_non_null(again);
    assert_int_equal(arena_free(&a, again), 0);
}

static void test_realloc_in_place_and_moves(void **state)
{
    char *p = arena_alloc(&a, 100);
    memset(p, 'x', 100);
    char *q = arena_realloc(&a, p, 50);
    assert_ptr_equal(q, p);
    char *r = arena_realloc(&a, q, 1000);   // the free space after it: stays
    assert_ptr_equal(r, p);
    char *blocker = arena_alloc(&a, 16);
    char *s = arena_realloc(&a, r, 100000);  // must move past blocker
    assert_non_null(s);
    for (int i = 0; i < 50; i++)
        assert_int_equal(s[i], 'x');
    assert_null(arena_realloc(&a, s, SIZE_MAX));
    assert_int_equal(s[0], 'x');
    assert_int_equal(arena_free(&a, s), 0);
    assert_int_equal(arena_free(&a, blocker), 0);
    char *n = arena_realloc(&a, NULL, 10);
    assert_non_null(n);
    assert_int_equal(arena_free(&a, n), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_basic_alloc_free, setup),
        cmocka_unit_test_setup(test_zero_and_huge, setup),
        cmocka_unit_test_setup(test_bad_frees_detected, setup),
        cmocka_unit_test_setup(test_random_workload, setup),
        cmocka_unit_test_setup(test_exhaustion_and_trim, setup),
        cmocka_unit_test_setup(test_realloc_in_place_and_moves, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
