// Unit tests of the FPU state conversion (kernel/fpu_format.c), with the
// host's own FPU as the oracle: the test loads registers of every kind
// (valid, zero, special, empty) with a rotated stack, saves them with both
// fnsave and fxsave, and checks that each layout converts into the other
// exactly as the CPU itself wrote it, and back into the CPU.
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "kernel/fpu_format.h"

struct saved {
    uint8_t fn[FNSAVE_SIZE];
    uint8_t fx[FXSAVE_SIZE] __attribute__((aligned(16)));
};

static uint16_t get16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }

// The x87 state of the moment, both ways. fnsave empties the FPU, so the
// state is put back from what it saved.
static void save_both(struct saved *s)
{
    memset(s, 0, sizeof(*s));
    __asm__ volatile("fxsave %0" : "=m"(s->fx));
    __asm__ volatile("fnsave %0; frstor %0" : "=m"(s->fn));
}

// A stack with each kind of tag: a normal number, zero, an infinity, a
// NaN, a denormal and pi; two registers stay empty. TOP
// ends at 2, so physical and ST numbers differ. The control word is not
// the default (rounding toward zero, 53-bit precision).
static void load_mixed(void)
{
    static const uint16_t cw = 0x0E7F;
    static const double inf = __builtin_inf(), nan = __builtin_nan("");
    static const double normal = 1234.5;
    // An 80-bit denormal: exponent 0, integer bit 0, fraction not zero.
    static const uint8_t denormal[10] = { 1, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
    __asm__ volatile("fninit; fldcw %0" : : "m"(cw));
    __asm__ volatile("fldl %0" : : "m"(normal));
    __asm__ volatile("fldz");
    __asm__ volatile("fldl %0" : : "m"(inf));
    __asm__ volatile("fldl %0" : : "m"(nan));
    __asm__ volatile("fldt %0" : : "m"(denormal));
    __asm__ volatile("fldpi");
}

// The same state through fninit and back: clean up the host FPU.
static void clear(void)
{
    __asm__ volatile("fninit");
}

// The host's SSE state is not ours to carry: clear it to what a process
// that never used SSE has (its MXCSR flags may be set by the test runner's
// own arithmetic).
static void drop_host_sse(uint8_t *fx)
{
    memset(fx + 160, 0, 128);
    fx[24] = 0x80; fx[25] = 0x1F; fx[26] = 0; fx[27] = 0;
}

static void x87_part_equal(const uint8_t *a, const uint8_t *b, int fn_layout)
{
    // Control, status, tag words and the eight registers.
    if (fn_layout) {
        assert_int_equal(get16(a + 0), get16(b + 0));
        assert_int_equal(get16(a + 4), get16(b + 4));
        assert_int_equal(get16(a + 8), get16(b + 8));
        assert_memory_equal(a + 28, b + 28, 80);
    } else {
        assert_int_equal(get16(a + 0), get16(b + 0));
        assert_int_equal(get16(a + 2), get16(b + 2));
        assert_int_equal(a[4], b[4]);
        for (int i = 0; i < 8; i++)
            assert_memory_equal(a + 32 + 16 * i, b + 32 + 16 * i, 10);
    }
}

static void test_fx_to_fn_matches_fnsave(void **state)
{
    struct saved s;
    load_mixed();
    save_both(&s);
    clear();
    drop_host_sse(s.fx);
    uint8_t fn[FNSAVE_SIZE];
    assert_int_equal(fpu_fx_to_fn(s.fx, fn), 0);
    x87_part_equal(fn, s.fn, 1);
    // Every kind of tag was there (else this test proves less).
    uint16_t ftw = get16(s.fn + 8);
    int seen[4] = { 0 };
    for (int r = 0; r < 8; r++)
        seen[(ftw >> (2 * r)) & 3]++;
    assert_true(seen[0] && seen[1] && seen[2] && seen[3]);
    assert_int_equal((get16(s.fn + 4) >> 11) & 7, 2);   // TOP
}

static void test_fn_to_fx_matches_fxsave(void **state)
{
    struct saved s;
    load_mixed();
    save_both(&s);
    clear();
    uint8_t fx[FXSAVE_SIZE];
    fpu_fn_to_fx(s.fn, fx);
    x87_part_equal(fx, s.fx, 0);
    assert_int_equal(fx[24] | fx[25] << 8, MXCSR_DEFAULT);
    for (int i = 160; i < 288; i++)
        assert_int_equal(fx[i], 0);
}

// Each converted state, loaded into the real FPU, is the state it came from.
static void test_round_trips_through_the_cpu(void **state)
{
    struct saved s, again;
    load_mixed();
    save_both(&s);
    clear();
    uint8_t fn[FNSAVE_SIZE];
    drop_host_sse(s.fx);
    assert_int_equal(fpu_fx_to_fn(s.fx, fn), 0);
    __asm__ volatile("frstor %0" : : "m"(fn));
    save_both(&again);
    clear();
    x87_part_equal(again.fn, s.fn, 1);

    static uint8_t fx[FXSAVE_SIZE] __attribute__((aligned(16)));
    fpu_fn_to_fx(s.fn, fx);
    __asm__ volatile("fxrstor %0" : : "m"(fx));
    save_both(&again);
    clear();
    x87_part_equal(again.fx, s.fx, 0);
}

// An empty FPU (after fninit) converts to an empty FPU.
static void test_clean_state(void **state)
{
    struct saved s;
    clear();
    save_both(&s);
    drop_host_sse(s.fx);
    uint8_t fn[FNSAVE_SIZE], fx[FXSAVE_SIZE];
    assert_int_equal(fpu_fx_to_fn(s.fx, fn), 0);
    assert_int_equal(get16(fn + 8), 0xFFFF);
    x87_part_equal(fn, s.fn, 1);
    fpu_fn_to_fx(s.fn, fx);
    assert_int_equal(fx[4], 0);
}

// A process that used SSE cannot go to a CPU without it: its XMM
// registers or MXCSR would be lost.
static void test_sse_in_use_is_refused(void **state)
{
    uint8_t fx[FXSAVE_SIZE] = { 0 }, fn[FNSAVE_SIZE];
    fx[24] = 0x80; fx[25] = 0x1F;   // MXCSR default
    fx[0] = 0x7F; fx[1] = 0x03;
    memset(fn, 0xAA, sizeof(fn));
    assert_int_equal(fpu_fx_to_fn(fx, fn), 0);
    fx[287] = 1;   // the last byte of XMM7
    memset(fn, 0xAA, sizeof(fn));
    assert_int_equal(fpu_fx_to_fn(fx, fn), -1);
    assert_int_equal(fn[0], 0xAA);   // left untouched
    fx[287] = 0;
    fx[160] = 1;   // the first byte of XMM0
    assert_int_equal(fpu_fx_to_fn(fx, fn), -1);
    fx[160] = 0;
    fx[24] = 0x81;   // an SSE exception flag raised
    assert_int_equal(fpu_fx_to_fn(fx, fn), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fx_to_fn_matches_fnsave),
        cmocka_unit_test(test_fn_to_fx_matches_fxsave),
        cmocka_unit_test(test_round_trips_through_the_cpu),
        cmocka_unit_test(test_clean_state),
        cmocka_unit_test(test_sse_in_use_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
