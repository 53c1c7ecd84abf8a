// Randomized gossip of the load vector (see gossip.h). Pure: tested in
// tests/unit, fuzzed in tests/fuzz, and run at scale by tools/gossip-sim.c.
#include "ssi/gossip.h"
#include "ssi/wire.h"
#include <string.h>

static void update_timeout(struct gossip *g);

void gossip_default_config(struct gossip_config *cfg)
{
    cfg->interval_ms = GOSSIP_INTERVAL_MS;
    cfg->fanout = GOSSIP_FANOUT;
    cfg->entries = GOSSIP_ENTRIES;
    cfg->timeout_ms = 0;
}

void gossip_init(struct gossip *g, const struct gossip_config *cfg, const struct gossip_ops *ops,
                 struct loadvec *lv, uint32_t self, uint32_t addr, uint32_t incarnation,
                 uint64_t seed)
{
    memset(g, 0, sizeof(*g));
    g->cfg = *cfg;
    if (g->cfg.entries >= GOSSIP_MAX_ENTRIES)
        g->cfg.entries = GOSSIP_MAX_ENTRIES - 1;
    g->ops = *ops;
    g->lv = lv;
    g->self = self;
    prng_seed(&g->rng, seed);
    struct lv_entry *me = loadvec_find(lv, self);
    if (!me)
        me = loadvec_add(lv, self);
    if (me) {
        me->addr = addr;
        me->incarnation = incarnation;
        me->speed = LV_SPEED_REF;
        me->state = LV_UP;
    }
    g->up = 1;
    update_timeout(g);
}

void gossip_set_load(struct gossip *g, uint32_t load, uint32_t speed, uint32_t free_kb,
                     uint32_t nproc)
{
    struct lv_entry *me = loadvec_find(g->lv, g->self);
    if (!me)
        return;
    me->load = load;
    me->speed = speed;
    me->free_kb = free_kb;
    me->nproc = nproc;
}

void gossip_set_flags(struct gossip *g, uint16_t flags)
{
    struct lv_entry *me = loadvec_find(g->lv, g->self);
    if (me)
        me->flags = flags & LV_F_BLOCKS;
}

// floor(log2(n)), 0 for n <= 1.
static uint32_t log2u(uint32_t n)
{
    uint32_t log = 0;
    while (n > 1) {
        n >>= 1;
        log++;
    }
    return log;
}

uint32_t gossip_timeout_ms(const struct gossip *g)
{
    return g->timeout_ms;
}

uint32_t gossip_fanout(const struct gossip *g)
{
    return g->fanout;
}

// Recompute fanout and down timeout from g->up, the number of up nodes.
static void update_timeout(struct gossip *g)
{
    uint32_t per_msg = g->cfg.entries + 1;
    uint32_t f = g->cfg.fanout;
    if (f == 0) {
        uint32_t per_target = per_msg * GOSSIP_REFRESH_ROUNDS;
        f = (g->up + per_target - 1) / per_target;
        if (f < GOSSIP_FANOUT_MIN)
            f = GOSSIP_FANOUT_MIN;
    }
    g->fanout = f < GOSSIP_FANOUT_MAX ? f : GOSSIP_FANOUT_MAX;
    if (g->cfg.timeout_ms) {
        g->timeout_ms = g->cfg.timeout_ms;
        return;
    }
    uint32_t per_round = g->fanout * per_msg;
    uint32_t r = (g->up + per_round - 1) / per_round;
    uint32_t rounds = GOSSIP_TIMEOUT_MIN_ROUNDS +
                      r * (GOSSIP_TIMEOUT_LOG_MUL * log2u(g->up) + GOSSIP_TIMEOUT_LOG_ADD);
    g->timeout_ms = g->cfg.interval_ms * rounds;
}

// How many rounds news stays news: log2(known nodes) + GOSSIP_HOT_EXTRA.
static uint8_t hot_times(const struct loadvec *lv)
{
    return (uint8_t)(log2u(lv->count) + GOSSIP_HOT_EXTRA);
}

// Write this node's entry as of now: it is the freshest there is.
static struct lv_entry *refresh_self(struct gossip *g, uint64_t now)
{
    struct lv_entry *me = loadvec_find(g->lv, g->self);
    if (me) {
        me->stamp = now;
        me->born = (int64_t)now;
        me->state = LV_UP;
    }
    return me;
}

// Encode entry e with the given age as entry i of payload p.
static void put_entry(uint8_t *p, uint32_t i, const struct lv_entry *e, uint64_t age,
                      uint32_t flags)
{
    uint8_t *q = p + GOSSIP_HDR_SIZE + i * GOSSIP_ENTRY_SIZE;
    wire_put32(q + 0, e->node);
    wire_put32(q + 4, e->addr);
    wire_put32(q + 8, e->incarnation);
    wire_put64(q + 12, e->stamp);
    wire_put32(q + 20, age > 0xFFFFFFFFu ? 0xFFFFFFFFu : (uint32_t)age);
    wire_put32(q + 24, e->load);
    wire_put32(q + 28, e->speed);
    wire_put32(q + 32, e->free_kb);
    wire_put32(q + 36, e->nproc);
    wire_put32(q + 40, flags | (e->flags & GOSSIP_F_BLOCKS));
}

void gossip_entry_decode(const uint8_t *payload, uint32_t i, struct lv_entry *e,
                         uint32_t *age_ms)
{
    const uint8_t *q = payload + GOSSIP_HDR_SIZE + i * GOSSIP_ENTRY_SIZE;
    memset(e, 0, sizeof(*e));
    e->node = wire_get32(q + 0);
    e->addr = wire_get32(q + 4);
    e->incarnation = wire_get32(q + 8);
    e->stamp = wire_get64(q + 12);
    *age_ms = wire_get32(q + 20);
    e->load = wire_get32(q + 24);
    e->speed = wire_get32(q + 28);
    e->free_kb = wire_get32(q + 32);
    e->nproc = wire_get32(q + 36);
    e->flags = (uint16_t)(wire_get32(q + 40) & GOSSIP_F_BLOCKS);
    e->state = LV_UP;
}

uint32_t gossip_check(const uint8_t *payload, size_t len)
{
    if (len < GOSSIP_HDR_SIZE + GOSSIP_ENTRY_SIZE)
        return 0;
    uint32_t count = wire_get16(payload);
    if (count == 0 || count > GOSSIP_MAX_ENTRIES ||
        len != GOSSIP_HDR_SIZE + (size_t)count * GOSSIP_ENTRY_SIZE)
        return 0;
    return count;
}

size_t gossip_hello(struct gossip *g, uint64_t now, uint8_t *buf, size_t cap)
{
    struct lv_entry *me = refresh_self(g, now);
    if (!me || cap < GOSSIP_HDR_SIZE + GOSSIP_ENTRY_SIZE)
        return 0;
    wire_put16(buf, 1);
    wire_put16(buf + 2, 0);
    put_entry(buf, 0, me, 0, 0);
    return GOSSIP_HDR_SIZE + GOSSIP_ENTRY_SIZE;
}

// True when e is already among the n chosen entries.
static bool chosen(struct lv_entry *const *pick, uint32_t n, const struct lv_entry *e)
{
    for (uint32_t i = 0; i < n; i++)
        if (pick[i] == e)
            return true;
    return false;
}

size_t gossip_build(struct gossip *g, uint64_t now, uint32_t about, uint8_t *buf, size_t cap)
{
    struct loadvec *lv = g->lv;
    struct lv_entry *me = refresh_self(g, now);
    uint32_t k = g->cfg.entries;
    if (!me || cap < GOSSIP_HDR_SIZE + (size_t)(k + 1) * GOSSIP_ENTRY_SIZE)
        return 0;
    uint32_t timeout = gossip_timeout_ms(g);
    struct lv_entry *pick[GOSSIP_MAX_ENTRIES];
    uint32_t n = 0;

    // The entry asked for, then news in at most half the slots (from a
    // random start, so that much news at once is spread evenly).
    struct lv_entry *wanted = about != g->self ? loadvec_find(lv, about) : NULL;
    if (wanted && wanted->state == LV_UP && k > 0)
        pick[n++] = wanted;
    // In the same pass, the freshest others in fresh[], youngest first.
    uint32_t news = (k + 1) / 2;
    struct lv_entry *fresh[GOSSIP_MAX_ENTRIES];
    uint32_t nfresh = 0;
    uint32_t start = lv->count ? prng_below(&g->rng, lv->count) : 0;
    for (uint32_t j = 0; j < lv->count; j++) {
        struct lv_entry *e = &lv->e[(start + j) % lv->count];
        if (e->state != LV_UP || e == me || e == wanted)
            continue;
        uint64_t age = loadvec_age(e, now);
        if (age >= timeout)
            continue;
        if (e->hot && n < news) {
            pick[n++] = e;
            continue;
        }
        if (nfresh == k && age >= loadvec_age(fresh[nfresh - 1], now))
            continue;
        uint32_t at = nfresh < k ? nfresh++ : nfresh - 1;
        while (at > 0 && loadvec_age(fresh[at - 1], now) > age) {
            fresh[at] = fresh[at - 1];
            at--;
        }
        fresh[at] = e;
    }
    for (uint32_t i = 0; i < nfresh && n < k; i++)
        pick[n++] = fresh[i];

    wire_put16(buf, (uint16_t)(n + 1));
    wire_put16(buf + 2, 0);
    put_entry(buf, 0, me, 0, g->leaving ? GOSSIP_F_LEAVING : 0);
    for (uint32_t i = 0; i < n; i++)
        put_entry(buf, i + 1, pick[i], loadvec_age(pick[i], now), 0);
    return GOSSIP_HDR_SIZE + (size_t)(n + 1) * GOSSIP_ENTRY_SIZE;
}

// Choose up to max distinct random targets (not self; a down node only one
// time in GOSSIP_DOWN_PICK, so that partitions heal). Returns how many.
static uint32_t pick_targets(struct gossip *g, struct lv_entry **out, uint32_t max)
{
    struct loadvec *lv = g->lv;
    uint32_t n = 0;
    for (uint32_t tries = 0; tries < 8 * max && n < max && lv->count > 1; tries++) {
        struct lv_entry *e = &lv->e[prng_below(&g->rng, lv->count)];
        if (e->node == g->self || chosen(out, n, e))
            continue;
        if (e->state != LV_UP && prng_below(&g->rng, GOSSIP_DOWN_PICK) != 0)
            continue;
        out[n++] = e;
    }
    return n;
}

int gossip_leave(struct gossip *g, uint64_t now)
{
    if (g->excluded)
        return 0;
    g->leaving = true;
    size_t len = gossip_build(g, now, LV_NODE_NONE, g->buf, sizeof(g->buf));
    int n = 0;
    for (uint32_t i = 0; len && i < g->lv->count; i++) {
        struct lv_entry *e = &g->lv->e[i];
        if (e->node == g->self)
            continue;   // every node it knows, up or not: a node it thinks down may be up
        g->ops.emit(g->ops.ctx, e->node, e->addr, WIRE_GOSSIP, g->buf, len);
        n++;
    }
    g->stats.sent += (uint32_t)n;
    return n;
}

int gossip_round(struct gossip *g, uint64_t now)
{
    if (g->excluded || g->leaving)
        return 0;
    g->stats.rounds++;
    refresh_self(g, now);
    g->stats.marked_down += loadvec_expire(g->lv, now, g->timeout_ms, g->self, &g->up);
    update_timeout(g);
    size_t len = gossip_build(g, now, LV_NODE_NONE, g->buf, sizeof(g->buf));
    if (len == 0)
        return 0;
    struct lv_entry *targets[GOSSIP_FANOUT_MAX];
    uint32_t n = pick_targets(g, targets, g->fanout);
    for (uint32_t i = 0; i < n; i++)
        g->ops.emit(g->ops.ctx, targets[i]->node, targets[i]->addr, WIRE_GOSSIP, g->buf, len);
    g->stats.sent += n;
    return (int)n;
}

// Another node claims our id (it says it is at addr and has been up for
// uptime ms). Decide who stays out, tell the caller; true if we lose.
static bool self_conflict(struct gossip *g, uint64_t now, uint32_t addr, uint64_t uptime)
{
    struct lv_entry *me = loadvec_find(g->lv, g->self);
    uint32_t my_addr = me ? me->addr : 0;
    bool lose = loadvec_claim_loses(now, my_addr, uptime, addr);
    if (lose)
        g->excluded = true;
    g->stats.conflicts++;
    g->ops.conflict(g->ops.ctx, g->self, lose ? addr : my_addr, lose ? my_addr : addr, lose);
    return lose;
}

bool gossip_wire_conflict(struct gossip *g, uint64_t now, uint32_t node, uint32_t addr_other)
{
    struct lv_entry *known = loadvec_find(g->lv, node);
    g->stats.conflicts++;
    g->ops.conflict(g->ops.ctx, node, known ? known->addr : 0, addr_other, false);
    return true;
}

// Fold the entries of a checked payload into the vector.
static void merge_all(struct gossip *g, uint64_t now, const uint8_t *payload, uint32_t count)
{
    uint32_t timeout = gossip_timeout_ms(g);
    for (uint32_t i = 0; i < count; i++) {
        struct lv_entry e;
        uint32_t age;
        gossip_entry_decode(payload, i, &e, &age);
        if (e.node == LV_NODE_NONE)
            continue;
        if (e.node == g->self) {
            // Hearsay about our id from another address: a duplicate id.
            const struct lv_entry *me = loadvec_find(g->lv, g->self);
            if (me && e.addr != me->addr && age < timeout &&
                self_conflict(g, now, e.addr, e.stamp + age))
                return;
            continue;
        }
        struct lv_entry *known = loadvec_find(g->lv, e.node);
        if (loadvec_judge_claim(known, e.addr, now, timeout) == LV_CLAIM_CONFLICT &&
            loadvec_version_cmp(e.incarnation, e.stamp, known->incarnation, known->stamp) > 0) {
            g->stats.conflicts++;      // a third party's dispute: keep the first
            continue;
        }
        // Only a node itself says that it leaves (its entry comes first).
        bool leaves = i == 0 && (wire_get32(payload + GOSSIP_HDR_SIZE + 40) & GOSSIP_F_LEAVING);
        enum lv_merge r = leaves ? loadvec_leave(g->lv, &e, age, now) :
                                   loadvec_merge(g->lv, &e, age, now, timeout);
        if (r == LV_MERGE_REPLACED)
            g->stats.replaced++;
        switch (r) {
        case LV_MERGE_REPLACED:
        case LV_MERGE_NEW:
        case LV_MERGE_UP:
            loadvec_find(g->lv, e.node)->hot = hot_times(g->lv);
            g->stats.marked_up++;
            g->stats.merged++;
            break;
        case LV_MERGE_FRESHER:
            g->stats.merged++;
            break;
        case LV_MERGE_LEFT:
            g->stats.merged++;
            g->stats.marked_down++;
            g->stats.left++;
            break;
        case LV_MERGE_STALE:
            g->stats.stale++;
            break;
        case LV_MERGE_TOO_OLD:
            g->stats.too_old++;
            break;
        case LV_MERGE_FULL:
            g->stats.full++;
            break;
        }
    }
}

enum gossip_rx gossip_receive(struct gossip *g, uint64_t now, uint8_t type, uint32_t src,
                              uint32_t src_addr, uint32_t inc, const uint8_t *payload,
                              size_t len, bool *reply)
{
    *reply = false;
    uint32_t count = gossip_check(payload, len);
    struct lv_entry first;
    uint32_t age;
    if (count)
        gossip_entry_decode(payload, 0, &first, &age);
    if (!count || (type != WIRE_HELLO && type != WIRE_GOSSIP) ||
        (type == WIRE_HELLO && count != 1) || first.node != src ||
        first.addr != src_addr || first.incarnation != inc) {
        g->stats.malformed++;
        return GOSSIP_RX_MALFORMED;
    }
    if (g->excluded)
        return GOSSIP_RX_OK;
    struct lv_entry *me = loadvec_find(g->lv, g->self);
    if (src == g->self) {
        if (me && src_addr == me->addr)
            return GOSSIP_RX_OK;          // our own broadcast, looped back
        *reply = !self_conflict(g, now, src_addr, first.stamp + age);
        return GOSSIP_RX_CONFLICT;
    }
    struct lv_entry *known = loadvec_find(g->lv, src);
    if (loadvec_judge_claim(known, src_addr, now, gossip_timeout_ms(g)) == LV_CLAIM_CONFLICT) {
        g->stats.conflicts++;
        g->ops.conflict(g->ops.ctx, src, known->addr, src_addr, false);
        *reply = true;
        return GOSSIP_RX_CONFLICT;
    }
    g->stats.received++;
    merge_all(g, now, payload, count);
    // A few of the nodes that hear a HELLO answer it: each with probability
    // GOSSIP_HELLO_REPLIES / known nodes.
    if (type == WIRE_HELLO && !g->excluded)
        *reply = g->lv->count <= GOSSIP_HELLO_REPLIES ||
                 prng_below(&g->rng, g->lv->count) < GOSSIP_HELLO_REPLIES;
    return GOSSIP_RX_OK;
}
