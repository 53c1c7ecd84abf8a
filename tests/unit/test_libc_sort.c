// Unit tests of the C library's sort (userland/libc/src/sort.c), checked
// against the host's qsort and against the definition of sorted.
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <stdlib.h>
#include <cmocka.h>

#include "userland/libc/src/sort.h"

static long compares;

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    compares++;
    return (x > y) - (x < y);
}

// A 12-byte record sorted by its middle field, to test odd element sizes.
struct rec {
    int tag;
    int key;
    char pad[4];
};

static int cmp_rec(const void *a, const void *b)
{
    const struct rec *x = a, *y = b;
    return (x->key > y->key) - (x->key < y->key);
}

// Fill with a pattern: 0 random, 1 sorted, 2 reversed, 3 all equal, 4 few values, 5 organ pipe.
static void fill(int *v, size_t n, int pattern, uint32_t seed)
{
    for (size_t i = 0; i < n; i++) {
        seed = seed * 1103515245u + 12345u;
        switch (pattern) {
        case 0: v[i] = (int)(seed >> 1); break;
        case 1: v[i] = (int)i; break;
        case 2: v[i] = (int)(n - i); break;
        case 3: v[i] = 7; break;
        case 4: v[i] = (int)(seed >> 16) % 3; break;
        default: v[i] = (int)(i < n / 2 ? i : n - i); break;
        }
    }
}

static void test_patterns_against_qsort(void **state)
{
    static const size_t sizes[] = { 0, 1, 2, 3, 7, 8, 9, 16, 33, 100, 1000, 10007 };
    static int a[10007], b[10007];
    for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
        for (int p = 0; p < 6; p++) {
            size_t n = sizes[s];
            fill(a, n, p, (uint32_t)(n * 7 + (size_t)p));
            memcpy(b, a, n * sizeof(int));
            compares = 0;
            sort_array(a, n, sizeof(int), cmp_int);
            qsort(b, n, sizeof(int), cmp_int);
            assert_memory_equal(a, b, n * sizeof(int));
        }
    }
}

// n log n comparisons even on the inputs that defeat plain quicksort.
static void test_worst_case_bounded(void **state)
{
    static int a[20000];
    for (int p = 0; p < 6; p++) {
        fill(a, 20000, p, 99);
        compares = 0;
        sort_array(a, 20000, sizeof(int), cmp_int);
        assert_true(compares < 20000L * 15 * 4);
        for (int i = 1; i < 20000; i++)
            assert_true(a[i - 1] <= a[i]);
    }
}

static void test_odd_element_size(void **state)
{
    struct rec r[500];
    for (int i = 0; i < 500; i++) {
        r[i].tag = i;
        r[i].key = (i * 7919) % 211;
        memset(r[i].pad, i & 0xff, sizeof(r[i].pad));
    }
    sort_array(r, 500, sizeof(struct rec), cmp_rec);
    int seen[500] = { 0 };
    for (int i = 0; i < 500; i++) {
        if (i > 0)
            assert_true(r[i - 1].key <= r[i].key);
        assert_int_equal(r[i].key, (r[i].tag * 7919) % 211);
        assert_int_equal((unsigned char)r[i].pad[3], r[i].tag & 0xff);
        seen[r[i].tag]++;
    }
    for (int i = 0; i < 500; i++)
        assert_int_equal(seen[i], 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_patterns_against_qsort),
        cmocka_unit_test(test_worst_case_bounded),
        cmocka_unit_test(test_odd_element_size),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
