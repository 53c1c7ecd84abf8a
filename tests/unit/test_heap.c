// Unit tests of the kernel heap (mm/heap.c), fed with host memory.
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "mm/heap.h"

// morecore hands out 64 KiB arenas from a fixed pool so a test can run the
// heap out of memory.
#define ARENA (64 * 1024)
#define ARENAS 8
static _Alignas(16) unsigned char pool[ARENA * ARENAS];
static int arenas_used;
static int arena_limit;

static void *morecore(size_t bytes, size_t *got)
{
    size_t n = (bytes + ARENA - 1) / ARENA;
    if (arenas_used + (int)n > arena_limit)
        return NULL;
    void *p = pool + (size_t)arenas_used * ARENA;
    arenas_used += (int)n;
    *got = n * ARENA;
    return p;
}

static enum heap_fault last_fault;
static void *last_ptr;
static int nfaults;

static void report(enum heap_fault f, void *ptr)
{
    last_fault = f;
    last_ptr = ptr;
    nfaults++;
}

static struct heap h;

static int setup(void **state)
{
    arenas_used = 0;
    arena_limit = ARENAS;
    nfaults = 0;
    last_fault = 0;
    heap_init(&h, morecore, report);
    return 0;
}

static void test_alloc_is_aligned_and_usable(void **state)
{
    for (size_t n = 1; n < 300; n += 7) {
        unsigned char *p = heap_alloc(&h, n);
        assert_non_null(p);
        assert_int_equal((uintptr_t)p % 16, 0);
        memset(p, 0xAB, n);
        assert_int_equal(heap_size(&h, p), n);
    }
    assert_int_equal(nfaults, 0);
}

static void test_blocks_do_not_overlap(void **state)
{
    unsigned char *p[100];
    for (int i = 0; i < 100; i++) {
        p[i] = heap_alloc(&h, 100 + i);
        memset(p[i], i, 100 + i);
    }
    for (int i = 0; i < 100; i++)
        for (int j = 0; j < 100 + i; j++)
            assert_int_equal(p[i][j], i);
    for (int i = 0; i < 100; i++)
        heap_free(&h, p[i]);
    assert_int_equal(nfaults, 0);
    assert_int_equal(h.used_bytes, 0);
}

static void test_free_coalesces(void **state)
{
    void *a = heap_alloc(&h, 1000);
    void *b = heap_alloc(&h, 1000);
    void *c = heap_alloc(&h, 1000);
    heap_free(&h, a);
    heap_free(&h, c);
    heap_free(&h, b);
    assert_int_equal(h.used_bytes, 0);
    // All three merged back: one block of the whole arena is free, so an
    // allocation of nearly the arena fits without growing.
    void *big = heap_alloc(&h, ARENA - 64);
    assert_non_null(big);
    assert_int_equal(arenas_used, 1);
    assert_int_equal(heap_check(&h), 0);
}

static void test_double_free_detected(void **state)
{
    void *a = heap_alloc(&h, 40);
    heap_free(&h, a);
    heap_free(&h, a);
    assert_int_equal(nfaults, 1);
    assert_int_equal(last_fault, HEAP_DOUBLE_FREE);
    assert_ptr_equal(last_ptr, a);
}

static void test_overrun_detected(void **state)
{
    unsigned char *a = heap_alloc(&h, 40);
    a[40] = 0;   // one byte past the end
    heap_free(&h, a);
    assert_int_equal(nfaults, 1);
    assert_int_equal(last_fault, HEAP_OVERRUN);
}

static void test_bad_pointer_detected(void **state)
{
    unsigned char *a = heap_alloc(&h, 64);
    heap_free(&h, a + 16);   // inside a block, not its start
    assert_int_equal(nfaults, 1);
    assert_int_equal(last_fault, HEAP_BAD_POINTER);
    heap_free(&h, a + 3);    // unaligned
    assert_int_equal(nfaults, 2);
    heap_free(&h, NULL);     // fine
    assert_int_equal(nfaults, 2);
}

static void test_out_of_memory_returns_null(void **state)
{
    arena_limit = 2;
    int n = 0;
    while (heap_alloc(&h, 1000))
        n++;
    assert_true(n > 100 && n < 2 * ARENA / 1000);
    assert_null(heap_alloc(&h, 0));
    assert_null(heap_alloc(&h, (size_t)1 << 30));
}

static void test_large_allocation_spans_arenas(void **state)
{
    void *p = heap_alloc(&h, 3 * ARENA);
    assert_non_null(p);
    memset(p, 1, 3 * ARENA);
    heap_free(&h, p);
    assert_int_equal(nfaults, 0);
}

// Random allocations and frees against a shadow copy of every block's
// contents: catches blocks handed out twice and frees that corrupt others.
static void test_random_workload(void **state)
{
    enum { SLOTS = 200 };
    unsigned char *p[SLOTS] = { 0 };
    size_t len[SLOTS] = { 0 };
    unsigned seed = 12345;
    for (int step = 0; step < 20000; step++) {
        seed = seed * 1103515245 + 12345;
        int i = (seed >> 8) % SLOTS;
        if (p[i]) {
            for (size_t j = 0; j < len[i]; j++)
                assert_int_equal(p[i][j], (unsigned char)i);
            heap_free(&h, p[i]);
            p[i] = NULL;
        } else {
            len[i] = 1 + (seed >> 16) % 2000;
            p[i] = heap_alloc(&h, len[i]);
            if (p[i])
                memset(p[i], i, len[i]);
        }
    }
    for (int i = 0; i < SLOTS; i++)
        heap_free(&h, p[i]);
    assert_int_equal(nfaults, 0);
    assert_int_equal(h.used_bytes, 0);
    assert_int_equal(heap_check(&h), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_alloc_is_aligned_and_usable, setup),
        cmocka_unit_test_setup(test_blocks_do_not_overlap, setup),
        cmocka_unit_test_setup(test_free_coalesces, setup),
        cmocka_unit_test_setup(test_double_free_detected, setup),
        cmocka_unit_test_setup(test_overrun_detected, setup),
        cmocka_unit_test_setup(test_bad_pointer_detected, setup),
        cmocka_unit_test_setup(test_out_of_memory_returns_null, setup),
        cmocka_unit_test_setup(test_large_allocation_spans_arenas, setup),
        cmocka_unit_test_setup(test_random_workload, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
