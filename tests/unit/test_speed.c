// Unit tests of the speed estimate (ssi/speed.c): the fastest recent run
// wins over disturbed ones, old runs are forgotten, and the spread says
// how much the runs disagree.
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "ssi/speed.h"

static void test_fastest_run_wins(void **state)
{
    struct speed_est e;
    speed_init(&e);
    assert_int_equal(speed_value(&e), 0);
    assert_int_equal(speed_spread_pm(&e), 0);
    // The runs seen on a busy two-core host booting three nodes.
    speed_add(&e, 8585);
    speed_add(&e, 15425);
    speed_add(&e, 14916);
    speed_add(&e, 0);   // too short to count
    assert_int_equal(speed_value(&e), 15425);
    assert_int_equal(speed_runs(&e), 3);
    // Median 14916: 33 per mille below the fastest.
    assert_int_equal(speed_spread_pm(&e), (15425 - 14916) * 1000 / 15425);
}

static void test_old_runs_are_forgotten(void **state)
{
    struct speed_est e;
    speed_init(&e);
    speed_add(&e, 30000);   // a fluke (or a faster past)
    for (int i = 0; i < SPEED_RUNS - 1; i++)
        speed_add(&e, 10000);
    assert_int_equal(speed_value(&e), 30000);
    speed_add(&e, 10000);   // the fluke is the oldest: it goes
    assert_int_equal(speed_value(&e), 10000);
    assert_int_equal(speed_runs(&e), SPEED_RUNS);
    assert_int_equal(speed_spread_pm(&e), 0);
}

static void test_spread_of_disturbed_runs(void **state)
{
    struct speed_est e;
    speed_init(&e);
    // Most runs disturbed to half speed: the median is half the best.
    speed_add(&e, 20000);
    for (int i = 0; i < 4; i++)
        speed_add(&e, 10000);
    assert_int_equal(speed_value(&e), 20000);
    assert_int_equal(speed_spread_pm(&e), 500);
    // Even count: the upper median.
    struct speed_est f;
    speed_init(&f);
    speed_add(&f, 100);
    speed_add(&f, 200);
    assert_int_equal(speed_spread_pm(&f), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fastest_run_wins),
        cmocka_unit_test(test_old_runs_are_forgotten),
        cmocka_unit_test(test_spread_of_disturbed_runs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
