// Unit tests of the gossip layer (ssi/gossip.c): the payload format, the
// choice of entries, duplicate node ids, and the properties of the protocol
// on a simulated lossy cluster in rounds: a new node is known everywhere in
// O(log N) rounds, a dead node is marked down everywhere within the timeout
// and never before, a restarted node comes back up, live nodes stay up.
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "ssi/gossip.h"
#include "ssi/wire.h"

#define MAXN 257

// --- a simulated cluster --------------------------------------------------

struct simnode {
    struct loadvec lv;
    struct lv_entry e[MAXN];
    struct lv_slot idx[2 * MAXN];
    struct gossip g;
    bool alive;
    uint32_t inc;
    uint64_t offset;      // its clock = global time + offset (clocks disagree)
};

struct msg {
    uint32_t to, from;
    uint8_t type;
    size_t len;
    uint8_t body[GOSSIP_MAX_PAYLOAD];
};

static struct simnode *sn;
static uint32_t nn;
static struct msg *q;
static size_t nq;
static struct prng net;
static uint32_t loss;
static uint64_t gnow;
static int conflicts;                  // conflict callbacks
static int conflicts_lost;             // of which we_lose

static uint32_t addr_of(uint32_t i) { return 0x0a000000u + i + 1; }
static uint32_t id_of(uint32_t i) { return i + 1; }
static uint64_t local(uint32_t i) { return gnow + sn[i].offset; }

static int emit(void *ctx, uint32_t node, uint32_t addr, uint8_t type, const void *p, size_t len)
{
    assert_true(len <= GOSSIP_MAX_PAYLOAD && len <= WIRE_MAX_PAYLOAD);
    assert_int_equal(addr, addr_of(node - 1));
    if (prng_below(&net, 100) < loss)
        return 0;
    struct msg *m = &q[nq++];
    m->to = node - 1;
    m->from = (uint32_t)(uintptr_t)ctx;
    m->type = type;
    m->len = len;
    memcpy(m->body, p, len);
    return 0;
}

static void on_conflict(void *ctx, uint32_t node, uint32_t kept, uint32_t other, bool lose)
{
    conflicts++;
    conflicts_lost += lose;
}

static void boot(uint32_t i)
{
    struct simnode *s = &sn[i];
    loadvec_init(&s->lv, s->e, MAXN, s->idx, 2 * MAXN);
    struct gossip_config cfg;
    gossip_default_config(&cfg);
    struct gossip_ops ops = { (void *)(uintptr_t)i, emit, on_conflict };
    s->inc++;
    s->alive = true;
    gossip_init(&s->g, &cfg, &ops, &s->lv, id_of(i), addr_of(i), s->inc, 1000 + i + 7 * s->inc);
}

static void deliver_all(void)
{
    size_t n = nq;
    struct msg *batch = malloc(n * sizeof(*batch) + 1);
    memcpy(batch, q, n * sizeof(*batch));
    nq = 0;
    for (size_t k = 0; k < n; k++) {
        struct msg *m = &batch[k];
        if (m->to >= nn || !sn[m->to].alive)
            continue;
        bool reply;
        assert_int_not_equal(gossip_receive(&sn[m->to].g, local(m->to), m->type, id_of(m->from),
                                            addr_of(m->from), sn[m->from].inc, m->body, m->len,
                                            &reply), GOSSIP_RX_MALFORMED);
        if (reply) {
            uint8_t buf[GOSSIP_MAX_PAYLOAD];
            size_t len = gossip_build(&sn[m->to].g, local(m->to), id_of(m->from), buf, sizeof(buf));
            emit((void *)(uintptr_t)m->to, id_of(m->from), addr_of(m->from), WIRE_GOSSIP, buf, len);
        }
    }
    free(batch);
}

static void round_all(void)
{
    gnow += GOSSIP_INTERVAL_MS;
    for (uint32_t i = 0; i < nn; i++)
        if (sn[i].alive)
            gossip_round(&sn[i].g, local(i));
    deliver_all();
}

// Node i's HELLO reaches the first `reach` other live nodes (subject to loss).
static void hello(uint32_t i, uint32_t reach)
{
    uint8_t buf[GOSSIP_MAX_PAYLOAD];
    size_t len = gossip_hello(&sn[i].g, local(i), buf, sizeof(buf));
    for (uint32_t j = 0; j < nn && reach; j++) {
        if (j == i || !sn[j].alive)
            continue;
        emit((void *)(uintptr_t)i, id_of(j), addr_of(j), WIRE_HELLO, buf, len);
        reach--;
    }
    deliver_all();
}

// Live nodes other than who holding who in the given state (-1: at all).
static uint32_t holders(uint32_t who, int state)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < nn; i++) {
        if (i == who || !sn[i].alive)
            continue;
        struct lv_entry *e = loadvec_find(&sn[i].lv, id_of(who));
        n += state < 0 ? e != NULL : (e && e->state == state);
    }
    return n;
}

static uint32_t live_others(uint32_t who)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < nn; i++)
        n += i != who && sn[i].alive;
    return n;
}

// Live nodes seen down anywhere.
static uint32_t false_downs(void)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < nn; i++) {
        if (!sn[i].alive)
            continue;
        for (uint32_t k = 0; k < sn[i].lv.count; k++) {
            struct lv_entry *e = &sn[i].lv.e[k];
            n += e->state == LV_DOWN && sn[e->node - 1].alive;
        }
    }
    return n;
}

static int log2i(uint32_t n)
{
    int l = 0;
    while (n > 1) {
        n >>= 1;
        l++;
    }
    return l;
}

// A cluster of n nodes (the last one not booted), all knowing each other.
static void make_cluster(uint32_t n, uint32_t loss_pct, uint64_t seed)
{
    sn = calloc(n, sizeof(*sn));
    q = malloc(sizeof(*q) * (size_t)n * (GOSSIP_FANOUT_MAX + 2) * 4);
    prng_seed(&net, seed);
    loss = loss_pct;
    gnow = 0;
    conflicts = conflicts_lost = 0;
    for (uint32_t i = 0; i < n; i++)
        sn[i].offset = (uint64_t)(i * 7919u % 50000u);
    nn = n - 1;
    for (uint32_t i = 0; i < nn; i++)
        boot(i);
    for (uint32_t i = 0; i < nn; i++)
        hello(i, nn);
    for (int r = 0; r < 400; r++) {
        bool all = true;
        for (uint32_t i = 0; i < nn; i++)
            all = all && sn[i].lv.count == nn;
        if (all)
            break;
        round_all();
    }
    for (uint32_t i = 0; i < nn; i++)
        assert_int_equal(sn[i].lv.count, nn);
    for (int r = 0; r < 10; r++)
        round_all();
    nn = n;
}

static void free_cluster(void)
{
    free(sn);
    free(q);
}

// The join bound: rounds <= JOIN_C * log2(N). The newcomer's HELLO reaches
// a single node (the worst case: all other broadcasts lost), so the news
// travels by gossip alone. This test measures 4, 5, 8 and 8 rounds for
// N = 16, 64, 256 and 256 at 30% loss: about log2 N, as expected when
// everyone who has the news pushes it to fanout >= 3 nodes a round (the
// informed set grows by a constant factor each round until it saturates).
// c = 3 leaves a wide margin for unlucky draws while still failing if the
// spread degrades to linear (256 / 32 entries per message = 8 rounds per
// pass of the vector, many passes for the last nodes).
#define JOIN_C 3

static void join_property(uint32_t n, uint32_t loss_pct, uint64_t seed)
{
    make_cluster(n, loss_pct, seed);
    uint32_t joiner = n - 1;
    boot(joiner);
    hello(joiner, 1);
    int rounds = 0;
    while (holders(joiner, LV_UP) < live_others(joiner) && rounds < 1000) {
        round_all();
        rounds++;
    }
    print_message("N=%u loss=%u%%: newcomer known by all after %d rounds (log2 N = %d)\n",
                  n, loss_pct, rounds, log2i(n));
    assert_true(rounds <= JOIN_C * log2i(n));
    assert_int_equal(false_downs(), 0);
    free_cluster();
}

static void test_join_16(void **state) { join_property(16, 10, 1); }
static void test_join_64(void **state) { join_property(64, 10, 2); }
static void test_join_256(void **state) { join_property(256, 10, 3); }
static void test_join_256_lossy(void **state) { join_property(256, 30, 4); }

// A node that dies is marked down by every node no later than the timeout
// (plus the round in which expiry runs) and by none before it could have
// aged that much; no live node is marked down meanwhile. When it restarts
// (new incarnation), every node marks it up again within JOIN_C * log2(N).
static void death_and_restart(uint32_t n, uint32_t loss_pct, uint64_t seed)
{
    make_cluster(n, loss_pct, seed);
    nn = n - 1;
    uint32_t victim = 3;
    uint32_t timeout_rounds = gossip_timeout_ms(&sn[0].g) / GOSSIP_INTERVAL_MS;
    sn[victim].alive = false;
    int rounds = 0;
    int first_down = -1;
    while (holders(victim, LV_DOWN) < live_others(victim) && rounds < 10000) {
        round_all();
        rounds++;
        if (first_down < 0 && holders(victim, LV_DOWN) > 0)
            first_down = rounds;
        assert_int_equal(false_downs(), 0);
    }
    print_message("N=%u: dead node down everywhere after %d rounds (first at %d, timeout %u)\n",
                  n - 1, rounds, first_down, timeout_rounds);
    assert_true((uint32_t)rounds <= timeout_rounds + 1);
    // No one can hold an entry younger than the death: down no sooner than
    // the timeout minus the freshest copy's possible head start (none).
    assert_true((uint32_t)first_down + 1 >= timeout_rounds / 2);
    boot(victim);
    hello(victim, nn);
    rounds = 0;
    while (holders(victim, LV_UP) < live_others(victim) && rounds < 1000) {
        round_all();
        rounds++;
    }
    print_message("N=%u: restarted node up everywhere after %d rounds\n", n - 1, rounds);
    assert_true(rounds <= JOIN_C * log2i(n));
    assert_int_equal(false_downs(), 0);
    free_cluster();
}

static void test_death_and_restart_16(void **state) { death_and_restart(17, 10, 5); }
static void test_death_and_restart_128(void **state) { death_and_restart(129, 20, 6); }

// A node that leaves (an orderly halt) is down at every node it reaches as
// soon as they hear it, without waiting for the timeout, and stays down
// while the others gossip on (their older copies do not bring it back);
// a LEAVING flag on any entry but the sender's own is ignored.
static void test_leave_is_down_at_once(void **state)
{
    make_cluster(17, 0, 7);
    uint32_t leaver = 3;
    assert_int_equal(holders(leaver, LV_UP), live_others(leaver));
    assert_true(gossip_leave(&sn[leaver].g, local(leaver)) > 0);
    assert_int_equal(gossip_round(&sn[leaver].g, local(leaver)), 0);   // silent from now on
    deliver_all();
    sn[leaver].alive = false;
    assert_int_equal(holders(leaver, LV_DOWN), live_others(leaver));
    for (int r = 0; r < 5; r++) {
        round_all();
        assert_int_equal(holders(leaver, LV_DOWN), live_others(leaver));
        assert_int_equal(false_downs(), 0);
    }
    // Hearsay: node 0 passes on its entries with the flag set on one that
    // is not its own: node 1 keeps that node up.
    uint8_t buf[GOSSIP_MAX_PAYLOAD];
    size_t len = gossip_build(&sn[0].g, local(0), id_of(5), buf, sizeof(buf));
    uint32_t count = gossip_check(buf, len);
    assert_true(count >= 2);
    struct lv_entry e;
    uint32_t age;
    gossip_entry_decode(buf, 1, &e, &age);
    buf[GOSSIP_HDR_SIZE + GOSSIP_ENTRY_SIZE + 40] |= GOSSIP_F_LEAVING;
    bool reply;
    gossip_receive(&sn[1].g, local(1), WIRE_GOSSIP, id_of(0), addr_of(0), sn[0].inc, buf, len,
                   &reply);
    assert_int_equal(loadvec_find(&sn[1].lv, e.node)->state, LV_UP);
    free_cluster();
}

// --- the payload and the choice of entries ---------------------------------

static struct loadvec lv1;
static struct lv_entry e1[64];
static struct lv_slot i1[128];
static struct gossip g1;
static int emitted;

static int count_emit(void *ctx, uint32_t node, uint32_t addr, uint8_t type,
                      const void *p, size_t len)
{
    emitted++;
    return 0;
}

static void setup_one(struct gossip_config *cfg)
{
    loadvec_init(&lv1, e1, 64, i1, 128);
    struct gossip_ops ops = { NULL, count_emit, on_conflict };
    gossip_init(&g1, cfg, &ops, &lv1, 1, 0x0a000001u, 7, 99);
    conflicts = conflicts_lost = 0;
    emitted = 0;
}

static void test_payload_layout(void **state)
{
    struct gossip_config cfg;
    gossip_default_config(&cfg);
    setup_one(&cfg);
    gossip_set_load(&g1, 2500, 1500, 65536, 42);
    uint8_t buf[GOSSIP_MAX_PAYLOAD];
    size_t len = gossip_hello(&g1, 123456, buf, sizeof(buf));
    assert_int_equal(len, GOSSIP_HDR_SIZE + GOSSIP_ENTRY_SIZE);
    static const uint8_t want[48] = {
        0, 1, 0, 0,                       // count 1, reserved
        0, 0, 0, 1,  10, 0, 0, 1,  0, 0, 0, 7,
        0, 0, 0, 0, 0, 0x01, 0xe2, 0x40,  // stamp 123456
        0, 0, 0, 0,                       // age
        0, 0, 0x09, 0xc4,  0, 0, 0x05, 0xdc,  0, 1, 0, 0,  0, 0, 0, 42,
        0, 0, 0, 0,
    };
    assert_memory_equal(buf, want, 48);
    assert_int_equal(gossip_check(buf, len), 1);
    struct lv_entry e;
    uint32_t age;
    gossip_entry_decode(buf, 0, &e, &age);
    assert_int_equal(e.node, 1);
    assert_int_equal(e.stamp, 123456);
    assert_int_equal(e.load, 2500);
    assert_int_equal(e.nproc, 42);
    assert_int_equal(age, 0);
    assert_int_equal(e.flags, 0);
    assert_int_equal(gossip_build(&g1, 5, LV_NODE_NONE, buf, 10), 0);   // too small
    // mosctl block: the entry's flags word says BLOCKS (bit 1), and so
    // does the entry decoded from it; a LEAVING bit is not an entry flag.
    gossip_set_flags(&g1, LV_F_BLOCKS);
    len = gossip_hello(&g1, 123457, buf, sizeof(buf));
    assert_int_equal(buf[47], GOSSIP_F_BLOCKS);
    buf[47] |= GOSSIP_F_LEAVING;
    gossip_entry_decode(buf, 0, &e, &age);
    assert_int_equal(e.flags, LV_F_BLOCKS);
    gossip_set_flags(&g1, 0);
    len = gossip_hello(&g1, 123458, buf, sizeof(buf));
    assert_int_equal(buf[47], 0);
}

static void test_check_rejects(void **state)
{
    uint8_t buf[GOSSIP_MAX_PAYLOAD + GOSSIP_ENTRY_SIZE];
    memset(buf, 0, sizeof(buf));
    assert_int_equal(gossip_check(buf, 3), 0);
    assert_int_equal(gossip_check(buf, GOSSIP_HDR_SIZE + GOSSIP_ENTRY_SIZE), 0);   // count 0
    wire_put16(buf, 2);
    assert_int_equal(gossip_check(buf, GOSSIP_HDR_SIZE + GOSSIP_ENTRY_SIZE), 0);   // says 2, has 1
    assert_int_equal(gossip_check(buf, GOSSIP_HDR_SIZE + 2 * GOSSIP_ENTRY_SIZE), 2);
    assert_int_equal(gossip_check(buf, GOSSIP_HDR_SIZE + 2 * GOSSIP_ENTRY_SIZE + 1), 0);
    wire_put16(buf, GOSSIP_MAX_ENTRIES + 1);
    assert_int_equal(gossip_check(buf, sizeof(buf)), 0);
    wire_put16(buf, GOSSIP_MAX_ENTRIES);
    assert_int_equal(gossip_check(buf, GOSSIP_MAX_PAYLOAD), GOSSIP_MAX_ENTRIES);
}

// Build a one-entry payload for node with the given fields.
static size_t one(uint8_t *buf, uint32_t node, uint32_t addr, uint32_t inc, uint64_t stamp,
                  uint32_t age)
{
    memset(buf, 0, GOSSIP_HDR_SIZE + GOSSIP_ENTRY_SIZE);
    wire_put16(buf, 1);
    wire_put32(buf + 4, node);
    wire_put32(buf + 8, addr);
    wire_put32(buf + 12, inc);
    wire_put64(buf + 16, stamp);
    wire_put32(buf + 24, age);
    return GOSSIP_HDR_SIZE + GOSSIP_ENTRY_SIZE;
}

static void test_receive_rejects_spoofed_first_entry(void **state)
{
    struct gossip_config cfg;
    gossip_default_config(&cfg);
    setup_one(&cfg);
    uint8_t buf[GOSSIP_MAX_PAYLOAD];
    bool reply;
    size_t len = one(buf, 5, 0x0a000005u, 3, 1000, 0);
    assert_int_equal(gossip_receive(&g1, 100, WIRE_GOSSIP, 6, 0x0a000005u, 3, buf, len, &reply),
                     GOSSIP_RX_MALFORMED);                 // entry is not the sender's
    assert_int_equal(gossip_receive(&g1, 100, WIRE_GOSSIP, 5, 0x0a000009u, 3, buf, len, &reply),
                     GOSSIP_RX_MALFORMED);                 // other address
    assert_int_equal(gossip_receive(&g1, 100, WIRE_GOSSIP, 5, 0x0a000005u, 4, buf, len, &reply),
                     GOSSIP_RX_MALFORMED);                 // other incarnation
    assert_int_equal(gossip_receive(&g1, 100, WIRE_DATA, 5, 0x0a000005u, 3, buf, len, &reply),
                     GOSSIP_RX_MALFORMED);                 // not a gossip type
    // A HELLO carries the sender's entry only.
    uint8_t two[GOSSIP_HDR_SIZE + 2 * GOSSIP_ENTRY_SIZE];
    uint8_t six[GOSSIP_HDR_SIZE + GOSSIP_ENTRY_SIZE];
    one(two, 5, 0x0a000005u, 3, 1000, 0);
    one(six, 6, 0x0a000006u, 1, 1000, 0);
    memcpy(two + GOSSIP_HDR_SIZE + GOSSIP_ENTRY_SIZE, six + GOSSIP_HDR_SIZE, GOSSIP_ENTRY_SIZE);
    wire_put16(two, 2);
    assert_int_equal(gossip_check(two, sizeof(two)), 2);   // well formed as a GOSSIP
    assert_int_equal(gossip_receive(&g1, 100, WIRE_HELLO, 5, 0x0a000005u, 3, two, sizeof(two),
                                    &reply), GOSSIP_RX_MALFORMED);
    assert_int_equal(g1.stats.malformed, 5);
    assert_null(loadvec_find(&lv1, 5));
    assert_null(loadvec_find(&lv1, 6));
    assert_int_equal(gossip_receive(&g1, 100, WIRE_HELLO, 5, 0x0a000005u, 3, buf, len, &reply),
                     GOSSIP_RX_OK);
    assert_true(reply);                                    // small cluster: everyone answers
    assert_non_null(loadvec_find(&lv1, 5));
}

// Put node (at 10.0.0.node) into lv1 as up, heard of age ms before now.
static void put_up(uint32_t node, uint32_t age, uint64_t now)
{
    struct lv_entry e;
    memset(&e, 0, sizeof(e));
    e.node = node;
    e.addr = 0x0a000000u + node;
    e.incarnation = 1;
    e.stamp = 1;
    loadvec_merge(&lv1, &e, age, now, 1000000);
}

// Without news, a message carries the freshest entries; with news, the news
// (in at most half the slots) and then the freshest.
static void test_freshest_and_news(void **state)
{
    struct gossip_config cfg;
    gossip_default_config(&cfg);
    cfg.entries = 4;
    cfg.timeout_ms = 1000000;
    setup_one(&cfg);
    uint64_t now = 100000;
    for (uint32_t n = 2; n <= 41; n++)
        put_up(n, (n * 37) % 41 * 100, now);   // ages 0..4000
    uint8_t buf[GOSSIP_MAX_PAYLOAD];
    size_t len = gossip_build(&g1, now, LV_NODE_NONE, buf, sizeof(buf));
    assert_int_equal(gossip_check(buf, len), 5);
    uint32_t ages[5];
    for (uint32_t i = 0; i < 5; i++) {
        struct lv_entry e;
        gossip_entry_decode(buf, i, &e, &ages[i]);
        if (i == 0)
            assert_int_equal(e.node, 1);      // own entry first, age 0
    }
    assert_int_equal(ages[0], 0);
    for (uint32_t i = 1; i < 5; i++)
        assert_int_equal(ages[i], 100 * (i - 1));      // the four youngest, in order
    // Two entries become news: they go first, in at most half of the slots.
    loadvec_find(&lv1, 30)->hot = 3;
    loadvec_find(&lv1, 31)->hot = 3;
    loadvec_find(&lv1, 32)->hot = 3;
    len = gossip_build(&g1, now, LV_NODE_NONE, buf, sizeof(buf));
    uint32_t hot_seen = 0;
    for (uint32_t i = 1; i < 5; i++) {
        struct lv_entry e;
        uint32_t age;
        gossip_entry_decode(buf, i, &e, &age);
        hot_seen += e.node >= 30 && e.node <= 32;
    }
    assert_int_equal(hot_seen, 2);
    // An entry asked for is included whatever its age.
    len = gossip_build(&g1, now, 17, buf, sizeof(buf));
    struct lv_entry e;
    uint32_t age;
    gossip_entry_decode(buf, 1, &e, &age);
    assert_int_equal(e.node, 17);
}

// An entry older than the down timeout is not passed on, news or not,
// even before the round's expiry has marked it down: hearsay must not keep
// a silent node looking alive elsewhere.
static void test_stale_entries_not_gossiped(void **state)
{
    struct gossip_config cfg;
    gossip_default_config(&cfg);
    cfg.entries = 4;
    cfg.timeout_ms = 3000;
    setup_one(&cfg);
    uint64_t now = 100000;
    uint32_t ages_in[] = { 0, 2999, 3000, 5000 };   // nodes 2, 3, 4, 5
    for (uint32_t i = 0; i < 4; i++) {
        put_up(2 + i, ages_in[i], now);
        loadvec_find(&lv1, 2 + i)->hot = 3;
    }
    assert_int_equal(gossip_timeout_ms(&g1), 3000);
    uint8_t buf[GOSSIP_MAX_PAYLOAD];
    size_t len = gossip_build(&g1, now, LV_NODE_NONE, buf, sizeof(buf));
    uint32_t count = gossip_check(buf, len);
    assert_int_equal(count, 3);                  // own entry, nodes 2 and 3
    uint32_t seen = 0;
    for (uint32_t i = 1; i < count; i++) {
        struct lv_entry e;
        uint32_t age;
        gossip_entry_decode(buf, i, &e, &age);
        assert_true(age < 3000);
        seen |= 1u << e.node;
    }
    assert_int_equal(seen, (1u << 2) | (1u << 3));
}

// Two nodes with one id: each side decides the same winner; the later one
// (shorter uptime) stays out and stops gossiping.
static void test_duplicate_id_direct(void **state)
{
    struct gossip_config cfg;
    gossip_default_config(&cfg);
    setup_one(&cfg);                  // node 1 at 10.0.0.1, up for 50 s at now = 50000
    uint8_t buf[GOSSIP_MAX_PAYLOAD];
    bool reply;
    // Our own broadcast looped back is not a conflict.
    size_t len = one(buf, 1, 0x0a000001u, 7, 49000, 0);
    assert_int_equal(gossip_receive(&g1, 50000, WIRE_HELLO, 1, 0x0a000001u, 7, buf, len, &reply),
                     GOSSIP_RX_OK);
    assert_int_equal(conflicts, 0);
    // A node booted 2 s ago at 10.0.0.99 says it is node 1: it loses.
    len = one(buf, 1, 0x0a000063u, 1, 2000, 0);
    assert_int_equal(gossip_receive(&g1, 50000, WIRE_HELLO, 1, 0x0a000063u, 1, buf, len, &reply),
                     GOSSIP_RX_CONFLICT);
    assert_int_equal(conflicts, 1);
    assert_int_equal(conflicts_lost, 0);
    assert_true(reply);                // tell it: our reply carries our entry
    assert_false(g1.excluded);
    assert_true(gossip_round(&g1, 51000) >= 0);
    // The same contest seen from the later node: it loses and stays out.
    len = one(buf, 1, 0x0a000001u, 7, 50000, 0);
    struct gossip late;
    struct loadvec lv2;
    struct lv_entry e2[8];
    struct lv_slot i2[16];
    loadvec_init(&lv2, e2, 8, i2, 16);
    struct gossip_ops ops = { NULL, count_emit, on_conflict };
    gossip_init(&late, &cfg, &ops, &lv2, 1, 0x0a000063u, 1, 5);
    assert_int_equal(gossip_receive(&late, 2000, WIRE_GOSSIP, 1, 0x0a000001u, 7, buf, len, &reply),
                     GOSSIP_RX_CONFLICT);
    assert_int_equal(conflicts_lost, 1);
    assert_true(late.excluded);
    assert_false(reply);
    emitted = 0;
    assert_int_equal(gossip_round(&late, 3000), 0);
    assert_int_equal(emitted, 0);
}

// A third node keeps the first claimant and refuses the second; hearsay of
// our own id at another address also reveals a duplicate.
static void test_duplicate_id_third_party_and_hearsay(void **state)
{
    struct gossip_config cfg;
    gossip_default_config(&cfg);
    setup_one(&cfg);
    uint8_t buf[GOSSIP_MAX_PAYLOAD];
    bool reply;
    size_t len = one(buf, 5, 0x0a000005u, 3, 1000, 0);
    assert_int_equal(gossip_receive(&g1, 100, WIRE_GOSSIP, 5, 0x0a000005u, 3, buf, len, &reply),
                     GOSSIP_RX_OK);
    len = one(buf, 5, 0x0a000077u, 9, 10, 0);
    assert_int_equal(gossip_receive(&g1, 200, WIRE_HELLO, 5, 0x0a000077u, 9, buf, len, &reply),
                     GOSSIP_RX_CONFLICT);
    assert_true(reply);
    assert_int_equal(conflicts, 1);
    assert_int_equal(loadvec_find(&lv1, 5)->addr, 0x0a000005u);
    assert_true(gossip_wire_conflict(&g1, 300, 5, 0x0a000077u));
    assert_int_equal(conflicts, 2);
    // Hearsay: node 5 forwards an entry of node 1 (us) at another address,
    // of a node up longer than we are: we are the later one.
    uint8_t two[GOSSIP_HDR_SIZE + 2 * GOSSIP_ENTRY_SIZE];
    one(two, 5, 0x0a000005u, 3, 2000, 0);
    uint8_t tmp[GOSSIP_HDR_SIZE + GOSSIP_ENTRY_SIZE];
    one(tmp, 1, 0x0a000042u, 2, 900000, 10);
    memcpy(two + GOSSIP_HDR_SIZE + GOSSIP_ENTRY_SIZE, tmp + GOSSIP_HDR_SIZE, GOSSIP_ENTRY_SIZE);
    wire_put16(two, 2);
    assert_int_equal(gossip_receive(&g1, 1000, WIRE_GOSSIP, 5, 0x0a000005u, 3, two, sizeof(two),
                                    &reply), GOSSIP_RX_OK);
    assert_int_equal(conflicts_lost, 1);
    assert_true(g1.excluded);
}

static void test_timeout_and_fanout_scale(void **state)
{
    struct gossip_config cfg;
    gossip_default_config(&cfg);
    setup_one(&cfg);
    // Alone: the minimum.
    assert_int_equal(gossip_fanout(&g1), GOSSIP_FANOUT_MIN);
    uint32_t t1 = gossip_timeout_ms(&g1);
    assert_int_equal(t1, GOSSIP_INTERVAL_MS * (GOSSIP_TIMEOUT_MIN_ROUNDS + GOSSIP_TIMEOUT_LOG_ADD));
    for (uint32_t n = 2; n <= 64; n++) {
        struct lv_entry e;
        memset(&e, 0, sizeof(e));
        e.node = n;
        e.addr = n;
        e.incarnation = 1;
        e.stamp = 1;
        loadvec_merge(&lv1, &e, 0, 0, 1000000);
    }
    gossip_round(&g1, 10);
    assert_true(gossip_timeout_ms(&g1) > t1);                 // grows with the cluster
    cfg.timeout_ms = 4321;
    cfg.fanout = 5;
    setup_one(&cfg);
    assert_int_equal(gossip_timeout_ms(&g1), 4321);
    assert_int_equal(gossip_fanout(&g1), 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_payload_layout),
        cmocka_unit_test(test_check_rejects),
        cmocka_unit_test(test_receive_rejects_spoofed_first_entry),
        cmocka_unit_test(test_freshest_and_news),
        cmocka_unit_test(test_stale_entries_not_gossiped),
        cmocka_unit_test(test_duplicate_id_direct),
        cmocka_unit_test(test_duplicate_id_third_party_and_hearsay),
        cmocka_unit_test(test_timeout_and_fanout_scale),
        cmocka_unit_test(test_join_16),
        cmocka_unit_test(test_join_64),
        cmocka_unit_test(test_join_256),
        cmocka_unit_test(test_join_256_lossy),
        cmocka_unit_test(test_death_and_restart_16),
        cmocka_unit_test(test_death_and_restart_128),
        cmocka_unit_test(test_leave_is_down_at_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
