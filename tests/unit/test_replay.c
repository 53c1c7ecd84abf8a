// Unit tests of the per-sender anti-replay windows (ssi/replay.c).
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <stdio.h>
#include <cmocka.h>

#include "ssi/replay.h"

#define A 0x0a4d000bu   // 10.77.0.11
#define B 0x0a4d000cu   // 10.77.0.12

static struct replay_window slots[8];
static struct replay_table t;

static int setup(void **state)
{
    replay_init(&t, slots, 8);
    return 0;
}

static void test_in_order_and_duplicates(void **state)
{
    for (uint64_t s = 1; s <= 100; s++)
        assert_int_equal(replay_check(&t, 7, A, 1, s, 0), REPLAY_OK);
    assert_int_equal(replay_check(&t, 7, A, 1, 100, 0), REPLAY_DUPLICATE);
    assert_int_equal(replay_check(&t, 7, A, 1, 37, 0), REPLAY_DUPLICATE);
    assert_int_equal(replay_check(&t, 7, A, 1, 36, 0), REPLAY_TOO_OLD);
    assert_int_equal(replay_check(&t, 7, A, 1, 0, 0), REPLAY_TOO_OLD);
    assert_int_equal(replay_find(&t, 7)->top, 100);
    // Sequence numbers start at 1: 0 is refused from a new sender too, and
    // while the window still reaches back to it.
    assert_int_equal(replay_check(&t, 8, A, 1, 0, 0), REPLAY_TOO_OLD);
    assert_int_equal(replay_check(&t, 9, A, 1, 5, 0), REPLAY_OK);
    assert_int_equal(replay_check(&t, 9, A, 1, 0, 0), REPLAY_TOO_OLD);
}

static void test_window_edges_and_reordering(void **state)
{
    assert_int_equal(replay_check(&t, 7, A, 1, 1000, 0), REPLAY_OK);
    // 999 .. 937 are inside the 64-wide window (top - 63 is the lowest).
    assert_int_equal(replay_check(&t, 7, A, 1, 1000 - 63, 0), REPLAY_OK);
    assert_int_equal(replay_check(&t, 7, A, 1, 1000 - 63, 0), REPLAY_DUPLICATE);
    assert_int_equal(replay_check(&t, 7, A, 1, 1000 - 64, 0), REPLAY_TOO_OLD);
    assert_int_equal(replay_check(&t, 7, A, 1, 990, 0), REPLAY_OK);
    assert_int_equal(replay_check(&t, 7, A, 1, 990, 0), REPLAY_DUPLICATE);
    // A jump of exactly 1 keeps the history; a jump of 64 or more drops it.
    assert_int_equal(replay_check(&t, 7, A, 1, 1001, 0), REPLAY_OK);
    assert_int_equal(replay_check(&t, 7, A, 1, 990, 0), REPLAY_DUPLICATE);
    assert_int_equal(replay_check(&t, 7, A, 1, 995, 0), REPLAY_OK);
    assert_int_equal(replay_check(&t, 7, A, 1, 1001 + 64, 0), REPLAY_OK);
    assert_int_equal(replay_check(&t, 7, A, 1, 1001, 0), REPLAY_TOO_OLD);
    assert_int_equal(replay_check(&t, 7, A, 1, 1002, 0), REPLAY_OK);
}

static void test_senders_are_independent(void **state)
{
    assert_int_equal(replay_check(&t, 1, A, 1, 5, 0), REPLAY_OK);
    assert_int_equal(replay_check(&t, 2, B, 1, 5, 0), REPLAY_OK);
    assert_int_equal(replay_check(&t, 1, A, 1, 5, 0), REPLAY_DUPLICATE);
    assert_int_equal(t.used, 2);
}

static void test_reboot_resets_and_old_incarnation_refused(void **state)
{
    assert_int_equal(replay_check(&t, 7, A, 10, 500, 0), REPLAY_OK);
    // Reboot: incarnation 11 starts again from sequence 1.
    assert_int_equal(replay_check(&t, 7, A, 11, 1, 0), REPLAY_OK);
    assert_int_equal(replay_check(&t, 7, A, 11, 2, 0), REPLAY_OK);
    // Old datagrams of incarnation 10 (a replay) are refused.
    assert_int_equal(replay_check(&t, 7, A, 10, 400, 0), REPLAY_OLD_INCARNATION);
    assert_int_equal(replay_check(&t, 7, A, 10, 500, 0), REPLAY_OLD_INCARNATION);
    assert_int_equal(replay_check(&t, 7, A, 9, 9999, 0), REPLAY_OLD_INCARNATION);
    assert_int_equal(replay_find(&t, 7)->incarnation, 11);
}

static void test_alternating_incarnations_are_a_conflict(void **state)
{
    assert_int_equal(replay_check(&t, 7, A, 10, 500, 0), REPLAY_OK);
    assert_int_equal(replay_check(&t, 7, A, 11, 1, 0), REPLAY_OK);
    // Incarnation 10 goes on sending new numbers: a second live node.
    assert_int_equal(replay_check(&t, 7, A, 10, 501, 0), REPLAY_CONFLICT_INCARNATION);
    assert_int_equal(replay_find(&t, 7)->incarnation, 11);
}

static void test_other_address_conflicts_until_takeover(void **state)
{
    assert_int_equal(replay_check(&t, 7, A, 10, 1, 1000), REPLAY_OK);
    // Same id from B, whatever its incarnation, while A is alive.
    assert_int_equal(replay_check(&t, 7, B, 10, 2, 2000), REPLAY_CONFLICT_ADDR);
    assert_int_equal(replay_check(&t, 7, B, 99, 1, 2000), REPLAY_CONFLICT_ADDR);
    // A keeps working.
    assert_int_equal(replay_check(&t, 7, A, 10, 2, 3000), REPLAY_OK);
    // After A's silence, a newer incarnation may move the id to B...
    uint64_t later = 3000 + REPLAY_TAKEOVER_MS;
    assert_int_equal(replay_check(&t, 7, B, 10, 3, later), REPLAY_CONFLICT_ADDR);
    assert_int_equal(replay_check(&t, 7, B, 11, 1, later), REPLAY_OK);
    assert_int_equal(replay_find(&t, 7)->addr, B);
    // ...and then A's old incarnation is refused.
    assert_int_equal(replay_check(&t, 7, A, 10, 3, later), REPLAY_CONFLICT_INCARNATION);
}

static void test_table_full(void **state)
{
    for (uint32_t n = 1; n <= 8; n++)
        assert_int_equal(replay_check(&t, n, A + n, 1, 1, 0), REPLAY_OK);
    assert_int_equal(replay_check(&t, 9, A + 9, 1, 1, 0), REPLAY_TABLE_FULL);
    for (uint32_t n = 1; n <= 8; n++)
        assert_int_equal(replay_check(&t, n, A + n, 1, 2, 0), REPLAY_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_in_order_and_duplicates, setup),
        cmocka_unit_test_setup(test_window_edges_and_reordering, setup),
        cmocka_unit_test_setup(test_senders_are_independent, setup),
        cmocka_unit_test_setup(test_reboot_resets_and_old_incarnation_refused, setup),
        cmocka_unit_test_setup(test_alternating_incarnations_are_a_conflict, setup),
        cmocka_unit_test_setup(test_other_address_conflicts_until_takeover, setup),
        cmocka_unit_test_setup(test_table_full, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
