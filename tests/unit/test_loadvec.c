// Unit tests of the load vector (ssi/loadvec.c): index, versions, merging
// by version not arrival, aging, claims to node ids, load averaging.
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <stdio.h>
#include <cmocka.h>

#include "ssi/loadvec.h"

#define CAP 8

static struct lv_entry entries[CAP];
static struct lv_slot index_[2 * CAP];
static struct loadvec lv;

static int setup(void **state)
{
    loadvec_init(&lv, entries, CAP, index_, 2 * CAP);
    return 0;
}

// An entry of node with the given version and load.
static struct lv_entry mk(uint32_t node, uint32_t inc, uint64_t stamp, uint32_t load)
{
    struct lv_entry e;
    memset(&e, 0, sizeof(e));
    e.node = node;
    e.addr = 0x0a000000u + node;
    e.incarnation = inc;
    e.stamp = stamp;
    e.load = load;
    e.speed = LV_SPEED_REF;
    return e;
}

static void test_index(void **state)
{
    for (uint32_t n = 1; n <= CAP; n++) {
        struct lv_entry *e = loadvec_add(&lv, n * 1000003u);
        assert_non_null(e);
        assert_int_equal(e->node, n * 1000003u);
    }
    assert_null(loadvec_add(&lv, 5));                  // full
    assert_null(loadvec_add(&lv, LV_NODE_NONE));
    for (uint32_t n = 1; n <= CAP; n++)
        assert_ptr_equal(loadvec_find(&lv, n * 1000003u), &entries[n - 1]);
    assert_null(loadvec_find(&lv, 7));
    setup(NULL);
    assert_non_null(loadvec_add(&lv, 9));
    assert_null(loadvec_add(&lv, 9));                  // already there
}

// Random adds and removes against a plain list: every node present is
// found at its entry, every removed one is gone, the entries stay dense.
static void test_remove_keeps_index_whole(void **state)
{
    uint32_t present[CAP];
    uint32_t n = 0;
    uint32_t x = 12345;
    for (int step = 0; step < 20000; step++) {
        x = x * 1103515245u + 12345u;
        uint32_t node = 1 + (x >> 16) % 40;   // few ids: collisions and reuse
        int at = -1;
        for (uint32_t i = 0; i < n; i++)
            if (present[i] == node)
                at = (int)i;
        if ((x >> 8) & 1) {
            struct lv_entry *e = loadvec_add(&lv, node);
            if (at >= 0 || n == CAP) {
                assert_null(e);
            } else {
                assert_non_null(e);
                present[n++] = node;
            }
        } else {
            assert_int_equal(loadvec_remove(&lv, node), at >= 0);
            if (at >= 0)
                present[at] = present[--n];
        }
        assert_int_equal(lv.count, n);
        for (uint32_t i = 0; i < n; i++) {
            struct lv_entry *e = loadvec_find(&lv, present[i]);
            assert_non_null(e);
            assert_int_equal(e->node, present[i]);
            assert_true(e >= entries && e < entries + n);
        }
        for (uint32_t node2 = 1; node2 <= 40; node2++) {
            bool in = false;
            for (uint32_t i = 0; i < n; i++)
                in |= present[i] == node2;
            if (!in)
                assert_null(loadvec_find(&lv, node2));
        }
    }
}

// A full vector: a new node replaces the entry down the longest; with no
// entry down, it is refused.
static void test_full_vector_replaces_longest_down(void **state)
{
    uint64_t now = 100000;
    for (uint32_t n = 1; n <= CAP; n++) {
        struct lv_entry e = mk(n, 1, 1000, 0);
        assert_int_equal(loadvec_merge(&lv, &e, (uint32_t)(n * 100), now, 30000), LV_MERGE_NEW);
    }
    struct lv_entry newcomer = mk(100, 1, 5000, 0);
    assert_int_equal(loadvec_merge(&lv, &newcomer, 0, now, 30000), LV_MERGE_FULL);
    assert_null(loadvec_find(&lv, 100));
    // Nodes 3 and 6 go down; 6 is the older entry (born earlier).
    loadvec_find(&lv, 3)->state = LV_DOWN;
    loadvec_find(&lv, 6)->state = LV_DOWN;
    assert_int_equal(loadvec_merge(&lv, &newcomer, 0, now, 30000), LV_MERGE_REPLACED);
    assert_null(loadvec_find(&lv, 6));
    assert_non_null(loadvec_find(&lv, 3));
    assert_int_equal(loadvec_find(&lv, 100)->state, LV_UP);
    assert_int_equal(lv.count, CAP);
    for (uint32_t n = 1; n <= CAP; n++)
        if (n != 6)
            assert_int_equal(loadvec_find(&lv, n)->node, n);
}

static void test_versions(void **state)
{
    assert_true(loadvec_version_cmp(1, 500, 1, 400) > 0);
    assert_true(loadvec_version_cmp(1, 400, 1, 500) < 0);
    assert_int_equal(loadvec_version_cmp(1, 400, 1, 400), 0);
    assert_true(loadvec_version_cmp(2, 1, 1, 999999) > 0);    // a reboot beats any stamp
    assert_true(loadvec_version_cmp(1, 999999, 2, 1) < 0);
}

static void test_merge_keeps_freshest_by_version(void **state)
{
    uint64_t now = 100000;
    struct lv_entry a = mk(3, 1, 5000, 10), b = mk(3, 1, 6000, 20), c = mk(3, 2, 100, 30);
    // b then a: a is older although it arrives later.
    assert_int_equal(loadvec_merge(&lv, &b, 10, now, 30000), LV_MERGE_NEW);
    assert_int_equal(loadvec_merge(&lv, &a, 0, now, 30000), LV_MERGE_STALE);
    assert_int_equal(loadvec_find(&lv, 3)->load, 20);
    assert_int_equal(loadvec_merge(&lv, &b, 0, now, 30000), LV_MERGE_STALE);   // same version
    // The rebooted node's entry wins over a higher stamp of the old life.
    assert_int_equal(loadvec_merge(&lv, &c, 0, now, 30000), LV_MERGE_FRESHER);
    assert_int_equal(loadvec_find(&lv, 3)->load, 30);
    assert_int_equal(loadvec_merge(&lv, &b, 0, now, 30000), LV_MERGE_STALE);
    assert_int_equal(loadvec_find(&lv, 3)->state, LV_UP);
    // Age on receipt sets the local birth time.
    assert_int_equal(loadvec_age(loadvec_find(&lv, 3), now + 50), 50);
    struct lv_entry d = mk(3, 2, 200, 40);
    assert_int_equal(loadvec_merge(&lv, &d, 700, now, 30000), LV_MERGE_FRESHER);
    assert_int_equal(loadvec_age(loadvec_find(&lv, 3), now), 700);
    assert_int_equal(loadvec_age(loadvec_find(&lv, 3), now - 1000), 0);
    // The flags come with the newer entry: it blocks arrivals, then not.
    struct lv_entry f = mk(3, 2, 300, 40);
    f.flags = LV_F_BLOCKS | 0x100;   // an unknown bit is not kept
    assert_int_equal(loadvec_merge(&lv, &f, 0, now, 30000), LV_MERGE_FRESHER);
    assert_int_equal(loadvec_find(&lv, 3)->flags, LV_F_BLOCKS);
    struct lv_entry g = mk(3, 2, 400, 40);
    assert_int_equal(loadvec_merge(&lv, &g, 0, now, 30000), LV_MERGE_FRESHER);
    assert_int_equal(loadvec_find(&lv, 3)->flags, 0);
}

// Whatever the arrival order, the vector ends with the same entries.
static void test_merge_is_order_independent(void **state)
{
    struct lv_entry in[6] = { mk(1, 1, 10, 1), mk(1, 1, 30, 2), mk(2, 3, 5, 3),
                              mk(2, 2, 50, 4), mk(1, 1, 20, 5), mk(2, 3, 4, 6) };
    int orders[3][6] = { { 0, 1, 2, 3, 4, 5 }, { 5, 4, 3, 2, 1, 0 }, { 3, 0, 5, 1, 4, 2 } };
    for (int o = 0; o < 3; o++) {
        setup(NULL);
        for (int i = 0; i < 6; i++)
            loadvec_merge(&lv, &in[orders[o][i]], 0, 1000, 30000);
        assert_int_equal(loadvec_find(&lv, 1)->load, 2);
        assert_int_equal(loadvec_find(&lv, 2)->load, 3);
    }
}

static void test_aging_down_and_up(void **state)
{
    uint32_t timeout = 10000, up;
    struct lv_entry self = mk(1, 1, 0, 0), x = mk(2, 1, 1000, 0), y = mk(3, 1, 1000, 0);
    loadvec_merge(&lv, &self, 0, 0, timeout);
    loadvec_merge(&lv, &x, 0, 0, timeout);
    loadvec_merge(&lv, &y, 2000, 0, timeout);          // already 2 s old
    loadvec_find(&lv, 2)->hot = 2;
    assert_int_equal(loadvec_expire(&lv, 7999, timeout, 1, &up), 0);
    assert_int_equal(up, 3);
    assert_int_equal(loadvec_find(&lv, 2)->hot, 1);     // news fades each pass
    assert_int_equal(loadvec_expire(&lv, 8000, timeout, 1, &up), 1);   // y: 2 + 8 s
    assert_int_equal(loadvec_find(&lv, 3)->state, LV_DOWN);
    assert_int_equal(up, 2);
    assert_int_equal(loadvec_expire(&lv, 9999, timeout, 1, NULL), 0);
    assert_int_equal(loadvec_expire(&lv, 10000, timeout, 1, &up), 1);  // x
    assert_int_equal(up, 1);
    assert_int_equal(loadvec_find(&lv, 1)->state, LV_UP);   // self never expires
    assert_int_equal(loadvec_find(&lv, 2)->hot, 0);
    // Stale news of a dead node (newer, but older than the timeout) does not
    // bring it back; a fresh entry does.
    struct lv_entry y2 = mk(3, 1, 1500, 0);
    assert_int_equal(loadvec_merge(&lv, &y2, timeout, 20000, timeout), LV_MERGE_TOO_OLD);
    assert_int_equal(loadvec_find(&lv, 3)->state, LV_DOWN);
    assert_int_equal(loadvec_merge(&lv, &y2, timeout - 1, 20000, timeout), LV_MERGE_UP);
    assert_int_equal(loadvec_find(&lv, 3)->state, LV_UP);
    // An old version stays ignored even when fresh-aged.
    assert_int_equal(loadvec_merge(&lv, &y, 0, 20000, timeout), LV_MERGE_STALE);
}

static void test_claims(void **state)
{
    uint32_t timeout = 10000;
    struct lv_entry x = mk(2, 1, 1000, 0);
    loadvec_merge(&lv, &x, 0, 0, timeout);
    struct lv_entry *k = loadvec_find(&lv, 2);
    assert_int_equal(loadvec_judge_claim(NULL, 0x0a000002u, 0, timeout), LV_CLAIM_NEW);
    assert_int_equal(loadvec_judge_claim(k, 0x0a000002u, 0, timeout), LV_CLAIM_SAME);
    assert_int_equal(loadvec_judge_claim(k, 0x0a000099u, 5000, timeout), LV_CLAIM_CONFLICT);
    assert_int_equal(loadvec_judge_claim(k, 0x0a000099u, timeout, timeout), LV_CLAIM_MOVED);
    k->state = LV_DOWN;
    assert_int_equal(loadvec_judge_claim(k, 0x0a000099u, 0, timeout), LV_CLAIM_MOVED);
    // The later node (shorter uptime) loses; a tie goes against the higher
    // address; and of two claimants exactly one loses.
    assert_true(loadvec_claim_loses(1000, 5, 2000, 6));
    assert_false(loadvec_claim_loses(2000, 6, 1000, 5));
    assert_true(loadvec_claim_loses(1000, 6, 1000, 5));
    assert_false(loadvec_claim_loses(1000, 5, 1000, 6));
    uint64_t ups[3] = { 0, 1000, 1000 };
    uint32_t addrs[3] = { 7, 7, 9 };
    for (int a = 0; a < 3; a++)
        for (int b = 0; b < 3; b++)
            if (ups[a] != ups[b] || addrs[a] != addrs[b])
                assert_true(loadvec_claim_loses(ups[a], addrs[a], ups[b], addrs[b]) !=
                            loadvec_claim_loses(ups[b], addrs[b], ups[a], addrs[a]));
}

static void test_ema(void **state)
{
    // From idle to 2 runnable processes: climbs monotonically and settles.
    uint32_t avg = 0, prev = 0;
    for (int i = 0; i < 200; i++) {
        avg = loadvec_ema(avg, 2 * LV_LOAD_SCALE, LV_EMA_SHIFT);
        assert_true(avg >= prev && avg <= 2 * LV_LOAD_SCALE);
        prev = avg;
    }
    assert_true(avg >= 2 * LV_LOAD_SCALE - 4);
    assert_int_equal(loadvec_ema(0, 2000, LV_EMA_SHIFT), 250);       // 1/8 of the way
    assert_int_equal(loadvec_ema(2000, 0, LV_EMA_SHIFT), 1750);
    assert_int_equal(loadvec_ema(0, 4, 3), 1);                       // rounded
    assert_int_equal(loadvec_ema(0, 3, 3), 0);
    assert_int_equal(loadvec_ema(123, 456, 0), 456);
    assert_int_equal(loadvec_ema(0xFFFFFFFFu, 0, 1), 0x7FFFFFFFu);    // no overflow
    // And back down to idle.
    for (int i = 0; i < 200; i++)
        avg = loadvec_ema(avg, 0, LV_EMA_SHIFT);
    assert_true(avg <= 4);
}

static void test_scale_load(void **state)
{
    assert_int_equal(loadvec_scale_load(1500, LV_SPEED_REF), 1500);
    assert_int_equal(loadvec_scale_load(1500, 2 * LV_SPEED_REF), 750);   // twice as fast
    assert_int_equal(loadvec_scale_load(1500, LV_SPEED_REF / 2), 3000);
    assert_int_equal(loadvec_scale_load(1000, 3000), 333);
    assert_int_equal(loadvec_scale_load(7, 0), 7000);
    assert_int_equal(loadvec_scale_load(0xFFFFFFFFu, 1), 0xFFFFFFFFu);   // saturates
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_index, setup),
        cmocka_unit_test_setup(test_remove_keeps_index_whole, setup),
        cmocka_unit_test_setup(test_full_vector_replaces_longest_down, setup),
        cmocka_unit_test_setup(test_versions, setup),
        cmocka_unit_test_setup(test_merge_keeps_freshest_by_version, setup),
        cmocka_unit_test_setup(test_merge_is_order_independent, setup),
        cmocka_unit_test_setup(test_aging_down_and_up, setup),
        cmocka_unit_test_setup(test_claims, setup),
        cmocka_unit_test_setup(test_ema, setup),
        cmocka_unit_test_setup(test_scale_load, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
