// Unit tests of the DP8390 receive-ring header check (drivers/net/dp8390_ring.c).
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "drivers/net/dp8390_ring.h"

#define START 0x46
#define STOP  0x80

static void test_consistent_headers(void **state)
{
    // 64 bytes + header: one page; with the CRC still one page.
    assert_true(dp8390_header_ok(0x50, 0x51, 4 + 60, START, STOP));
    // A full frame: 1514 + 4 = 1518 bytes, 6 pages (QEMU counts the CRC in
    // the next pointer but not in the count: also 6 pages).
    assert_true(dp8390_header_ok(0x50, 0x56, 1518, START, STOP));
    // 252 + 4 = 256 bytes: one page without the CRC, two with it.
    assert_true(dp8390_header_ok(0x50, 0x51, 256, START, STOP));
    assert_true(dp8390_header_ok(0x50, 0x52, 256, START, STOP));
    // Wrapping at the end of the ring.
    assert_true(dp8390_header_ok(0x7e, START + 4, 1518, START, STOP));
    assert_true(dp8390_header_ok(0x7f, START, 100, START, STOP));
}

static void test_garbage_headers(void **state)
{
    assert_false(dp8390_header_ok(0x50, 0x57, 1518, START, STOP));   // a page too far
    assert_false(dp8390_header_ok(0x50, 0x55, 1518, START, STOP));   // a page short
    assert_false(dp8390_header_ok(0x50, 0x50, 64, START, STOP));     // no progress
    assert_false(dp8390_header_ok(0x50, 0x20, 64, START, STOP));     // next outside the ring
    assert_false(dp8390_header_ok(0x50, 0x80, 64, START, STOP));
    assert_false(dp8390_header_ok(0x50, 0x51, 3, START, STOP));      // shorter than the header
    assert_false(dp8390_header_ok(0x50, 0x51, 0xFFFF, START, STOP)); // longer than the ring
    // Longer than the ring, and its next pointer wraps once round to look right.
    assert_false(dp8390_header_ok(0x50, 0x51, 15000, START, STOP));
    assert_false(dp8390_header_ok(0x40, 0x41, 64, START, STOP));     // page outside the ring
    assert_false(dp8390_header_ok(0x50, 0x51, 64, STOP, START));     // no ring at all
}

// A jumbo frame (9000 bytes, as QEMU hands the card when the bridge
// carries them) has a consistent header: the driver skips it by its
// next pointer and counts it as a length error.
static void test_jumbo_header_is_consistent(void **state)
{
    assert_true(dp8390_header_ok(0x50, 0x50 + 36, 9004, START, STOP));
    assert_true(dp8390_header_ok(0x70, 0x70 + 36 - (STOP - START), 9004, START, STOP));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_consistent_headers),
        cmocka_unit_test(test_garbage_headers),
        cmocka_unit_test(test_jumbo_header_is_consistent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
