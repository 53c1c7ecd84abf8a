// Unit tests of the pipe's ring buffer (kernel/fs/pipe_ring.c).
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <stdio.h>
#include <cmocka.h>

#include "kernel/fs/pipe_ring.h"

static void test_empty_and_full(void **state)
{
    uint8_t mem[8], out[16];
    struct pipe_ring r;
    pipe_ring_init(&r, mem, sizeof(mem));
    assert_int_equal(pipe_ring_used(&r), 0);
    assert_int_equal(pipe_ring_space(&r), 8);
    assert_int_equal(pipe_ring_get(&r, out, 4), 0);
    assert_int_equal(pipe_ring_put(&r, "0123456789", 10), 8);
    assert_int_equal(pipe_ring_space(&r), 0);
    assert_int_equal(pipe_ring_put(&r, "x", 1), 0);
    assert_int_equal(pipe_ring_get(&r, out, 16), 8);
    assert_memory_equal(out, "01234567", 8);
    assert_int_equal(pipe_ring_used(&r), 0);
}

static void test_wrap_around(void **state)
{
    uint8_t mem[8], out[16];
    struct pipe_ring r;
    pipe_ring_init(&r, mem, sizeof(mem));
    assert_int_equal(pipe_ring_put(&r, "abcdef", 6), 6);
    assert_int_equal(pipe_ring_get(&r, out, 5), 5);
    assert_memory_equal(out, "abcde", 5);
    // Head at 5: this write wraps past the end of the storage.
    assert_int_equal(pipe_ring_put(&r, "ghijklm", 7), 7);
    assert_int_equal(pipe_ring_used(&r), 8);
    assert_int_equal(pipe_ring_get(&r, out, 3), 3);
    assert_memory_equal(out, "fgh", 3);
    assert_int_equal(pipe_ring_get(&r, out, 16), 5);
    assert_memory_equal(out, "ijklm", 5);
}

// A long random sequence of puts and gets against a simple model: the
// bytes come out in order, none lost, none invented.
static void test_against_model(void **state)
{
    uint8_t mem[37];
    struct pipe_ring r;
    pipe_ring_init(&r, mem, sizeof(mem));
    uint32_t seed = 12345, next_in = 0, next_out = 0;
    for (int step = 0; step < 100000; step++) {
        seed = seed * 1103515245u + 12345u;
        uint32_t n = (seed >> 16) % 50;
        uint8_t buf[50];
        if ((seed >> 8) & 1) {
            for (uint32_t i = 0; i < n; i++)
                buf[i] = (uint8_t)(next_in + i);
            uint32_t space = pipe_ring_space(&r);
            uint32_t put = pipe_ring_put(&r, buf, n);
            assert_int_equal(put, n < space ? n : space);
            next_in += put;
        } else {
            uint32_t used = pipe_ring_used(&r);
            uint32_t got = pipe_ring_get(&r, buf, n);
            assert_int_equal(got, n < used ? n : used);
            for (uint32_t i = 0; i < got; i++)
                assert_int_equal(buf[i], (uint8_t)(next_out + i));
            next_out += got;
        }
        assert_int_equal(pipe_ring_used(&r), next_in - next_out);
        assert_int_equal(pipe_ring_used(&r) + pipe_ring_space(&r), sizeof(mem));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_and_full),
        cmocka_unit_test(test_wrap_around),
        cmocka_unit_test(test_against_model),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
