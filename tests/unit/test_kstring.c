// Unit tests of the kernel's memset, memcpy and memmove (kernel/klib/
// string.c: string instructions, four bytes per step at any alignment),
// against byte-by-byte references, for every alignment of source and
// destination and every length up to a few words past a frame's header.
// The file is included with its functions renamed, so that the host's
// C library keeps its own.
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#define memset   k_memset
#define memcpy   k_memcpy
#define memmove  k_memmove
#define memcmp   k_memcmp
#define strlen   k_strlen
#define strnlen  k_strnlen
#define strcmp   k_strcmp
#define strncmp  k_strncmp
#define strchr   k_strchr
#define strrchr  k_strrchr
#define strlcpy  k_strlcpy
#include "kernel/klib/string.c"
#undef memset
#undef memcpy
#undef memmove
#undef memcmp

#define AREA 128
#define MAXLEN 70

// A recognisable pattern, different at every offset.
static void fill(uint8_t *b, size_t n, uint8_t seed)
{
    for (size_t i = 0; i < n; i++)
        b[i] = (uint8_t)(seed + i * 7);
}

static void test_memcpy_every_alignment_and_length(void **state)
{
    (void)state;
    uint8_t src[AREA], dst[AREA], want[AREA];
    for (size_t so = 0; so < 4; so++)
        for (size_t d_o = 0; d_o < 4; d_o++)
            for (size_t n = 0; n <= MAXLEN; n++) {
                fill(src, AREA, 1);
                fill(dst, AREA, 100);
                fill(want, AREA, 100);
                for (size_t i = 0; i < n; i++)
                    want[d_o + i] = src[so + i];
                void *r = k_memcpy(dst + d_o, src + so, n);
                assert_ptr_equal(r, dst + d_o);
                assert_memory_equal(dst, want, AREA);   // and nothing around it touched
            }
}

static void test_memset_every_alignment_and_length(void **state)
{
    (void)state;
    uint8_t dst[AREA], want[AREA];
    for (size_t o = 0; o < 4; o++)
        for (size_t n = 0; n <= MAXLEN; n++) {
            fill(dst, AREA, 9);
            fill(want, AREA, 9);
            for (size_t i = 0; i < n; i++)
                want[o + i] = 0xA5;
            void *r = k_memset(dst + o, 0x1A5, n);   // only the low byte counts
            assert_ptr_equal(r, dst + o);
            assert_memory_equal(dst, want, AREA);
        }
}

static void test_memmove_overlapping_both_ways(void **state)
{
    (void)state;
    uint8_t b[AREA], want[AREA], tmp[AREA];
    for (size_t from = 0; from < 8; from++)
        for (size_t to = 0; to < 8; to++)
            for (size_t n = 0; n <= MAXLEN; n++) {
                fill(b, AREA, 3);
                fill(want, AREA, 3);
                for (size_t i = 0; i < n; i++)
                    tmp[i] = want[from + i];
                for (size_t i = 0; i < n; i++)
                    want[to + i] = tmp[i];
                k_memmove(b + to, b + from, n);
                assert_memory_equal(b, want, AREA);
            }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_memcpy_every_alignment_and_length),
        cmocka_unit_test(test_memset_every_alignment_and_length),
        cmocka_unit_test(test_memmove_overlapping_both_ways),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
