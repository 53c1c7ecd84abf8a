// The load vector (see loadvec.h). Pure: tested in tests/unit, used by the
// gossip simulator in tools/gossip-sim.c.
#include "ssi/loadvec.h"
#include <string.h>

void loadvec_init(struct loadvec *lv, struct lv_entry *entries, uint32_t cap,
                  struct lv_slot *index, uint32_t index_slots)
{
    memset(entries, 0, sizeof(*entries) * cap);
    memset(index, 0, sizeof(*index) * index_slots);
    lv->e = entries;
    lv->cap = cap;
    lv->count = 0;
    lv->index = index;
    lv->index_slots = index_slots;
}

// The index slot of node, or of the empty slot where it would go; NULL when
// the index is full and node is not in it.
static struct lv_slot *slot_of(const struct loadvec *lv, uint32_t node)
{
    if (lv->index_slots == 0)
        return NULL;
    // Fibonacci hashing, reduced to the table size by its high bits.
    uint32_t i = (uint32_t)(((uint64_t)(node * 2654435761u) * lv->index_slots) >> 32);
    for (uint32_t n = 0; n < lv->index_slots; n++) {
        struct lv_slot *s = &lv->index[i];
        if (s->node == LV_NODE_NONE || s->node == node)
            return s;
        i = (i + 1 == lv->index_slots) ? 0 : i + 1;
    }
    return NULL;
}

struct lv_entry *loadvec_find(const struct loadvec *lv, uint32_t node)
{
    struct lv_slot *s = slot_of(lv, node);
    return (s && s->node != LV_NODE_NONE) ? &lv->e[s->pos] : NULL;
}

struct lv_entry *loadvec_add(struct loadvec *lv, uint32_t node)
{
    if (node == LV_NODE_NONE || lv->count == lv->cap)
        return NULL;
    struct lv_slot *s = slot_of(lv, node);
    if (!s || s->node != LV_NODE_NONE)
        return NULL;
    s->node = node;
    s->pos = lv->count;
    struct lv_entry *e = &lv->e[lv->count++];
    memset(e, 0, sizeof(*e));
    e->node = node;
    return e;
}

// The index slot where node's search starts.
static uint32_t home_slot(const struct loadvec *lv, uint32_t node)
{
    return (uint32_t)(((uint64_t)(node * 2654435761u) * lv->index_slots) >> 32);
}

bool loadvec_remove(struct loadvec *lv, uint32_t node)
{
    struct lv_slot *s = slot_of(lv, node);
    if (!s || s->node == LV_NODE_NONE)
        return false;
    uint32_t pos = s->pos;
    // Empty the slot, then pull back later slots of the same probe run
    // whose search would now stop at the hole (deletion from a linear
    // probing table without tombstones).
    uint32_t hole = (uint32_t)(s - lv->index);
    lv->index[hole].node = LV_NODE_NONE;
    for (uint32_t j = hole;;) {
        j = (j + 1 == lv->index_slots) ? 0 : j + 1;
        if (lv->index[j].node == LV_NODE_NONE)
            break;
        uint32_t h = home_slot(lv, lv->index[j].node);
        // Entry j stays if its home lies cyclically in (hole, j].
        bool stays = hole <= j ? (h > hole && h <= j) : (h > hole || h <= j);
        if (!stays) {
            lv->index[hole] = lv->index[j];
            lv->index[j].node = LV_NODE_NONE;
            hole = j;
        }
    }
    // Keep the entries dense: the last one takes the freed place.
    uint32_t last = lv->count - 1;
    if (pos != last) {
        lv->e[pos] = lv->e[last];
        slot_of(lv, lv->e[pos].node)->pos = pos;
    }
    memset(&lv->e[last], 0, sizeof(lv->e[last]));
    lv->count--;
    return true;
}

// The down entry silent the longest, or NULL when none is down.
static struct lv_entry *oldest_down(const struct loadvec *lv, uint64_t now)
{
    struct lv_entry *best = NULL;
    for (uint32_t i = 0; i < lv->count; i++) {
        struct lv_entry *e = &lv->e[i];
        if (e->state != LV_UP && (!best || loadvec_age(e, now) > loadvec_age(best, now)))
            best = e;
    }
    return best;
}

uint64_t loadvec_age(const struct lv_entry *e, uint64_t now)
{
    int64_t age = (int64_t)now - e->born;
    return age > 0 ? (uint64_t)age : 0;
}

int loadvec_version_cmp(uint32_t inc_a, uint64_t stamp_a, uint32_t inc_b, uint64_t stamp_b)
{
    if (inc_a != inc_b)
        return inc_a > inc_b ? 1 : -1;
    if (stamp_a != stamp_b)
        return stamp_a > stamp_b ? 1 : -1;
    return 0;
}

enum lv_merge loadvec_merge(struct loadvec *lv, const struct lv_entry *in, uint32_t age_ms,
                            uint64_t now, uint32_t timeout_ms)
{
    struct lv_entry *e = loadvec_find(lv, in->node);
    if (e && loadvec_version_cmp(in->incarnation, in->stamp, e->incarnation, e->stamp) <= 0)
        return LV_MERGE_STALE;
    if (age_ms >= timeout_ms)
        return LV_MERGE_TOO_OLD;
    enum lv_merge result = LV_MERGE_FRESHER;
    if (!e) {
        if (lv->count == lv->cap) {
            // Full: a node that is up takes the place of the one down longest.
            struct lv_entry *old = oldest_down(lv, now);
            if (!old)
                return LV_MERGE_FULL;
            loadvec_remove(lv, old->node);
            result = LV_MERGE_REPLACED;
        } else {
            result = LV_MERGE_NEW;
        }
        e = loadvec_add(lv, in->node);
        if (!e)
            return LV_MERGE_FULL;
    } else if (e->state != LV_UP) {
        result = LV_MERGE_UP;
    }
    uint8_t hot = e->hot;
    *e = *in;
    e->hot = hot;
    e->flags = in->flags & LV_F_BLOCKS;
    e->state = LV_UP;
    e->born = (int64_t)now - (int64_t)age_ms;
    return result;
}

enum lv_merge loadvec_leave(struct loadvec *lv, const struct lv_entry *in, uint32_t age_ms,
                            uint64_t now)
{
    struct lv_entry *e = loadvec_find(lv, in->node);
    // The same version as known counts: the node may say it leaves in the
    // same millisecond as its last gossip.
    if (!e || loadvec_version_cmp(in->incarnation, in->stamp, e->incarnation, e->stamp) < 0)
        return LV_MERGE_STALE;   // unknown, or an old word: nothing to do
    bool was_up = e->state == LV_UP;
    uint8_t hot = e->hot;
    *e = *in;
    e->hot = hot;
    e->flags = in->flags & LV_F_BLOCKS;
    e->state = LV_DOWN;
    e->born = (int64_t)now - (int64_t)age_ms;
    return was_up ? LV_MERGE_LEFT : LV_MERGE_FRESHER;
}

uint32_t loadvec_expire(struct loadvec *lv, uint64_t now, uint32_t timeout_ms, uint32_t self,
                        uint32_t *up)
{
    uint32_t n = 0, nup = 0;
    for (uint32_t i = 0; i < lv->count; i++) {
        struct lv_entry *e = &lv->e[i];
        if (e->hot)
            e->hot--;
        if (e->state == LV_UP && e->node != self && loadvec_age(e, now) >= timeout_ms) {
            e->state = LV_DOWN;
            e->hot = 0;
            n++;
        }
        nup += e->state == LV_UP;
    }
    if (up)
        *up = nup;
    return n;
}

enum lv_claim loadvec_judge_claim(const struct lv_entry *known, uint32_t addr,
                                  uint64_t now, uint32_t timeout_ms)
{
    if (!known)
        return LV_CLAIM_NEW;
    if (known->addr == addr)
        return LV_CLAIM_SAME;
    if (known->state != LV_UP || loadvec_age(known, now) >= timeout_ms)
        return LV_CLAIM_MOVED;
    return LV_CLAIM_CONFLICT;
}

bool loadvec_claim_loses(uint64_t uptime_a, uint32_t addr_a, uint64_t uptime_b, uint32_t addr_b)
{
    if (uptime_a != uptime_b)
        return uptime_a < uptime_b;
    return addr_a > addr_b;
}

uint32_t loadvec_ema(uint32_t avg, uint32_t sample, unsigned shift)
{
    if (shift == 0)
        return sample;
    if (shift > 31)
        shift = 31;
    uint32_t half = 1u << (shift - 1);
    if (sample >= avg)
        return avg + (uint32_t)(((uint64_t)(sample - avg) + half) >> shift);
    return avg - (uint32_t)(((uint64_t)(avg - sample) + half) >> shift);
}

uint32_t loadvec_scale_load(uint32_t avg, uint32_t speed)
{
    if (speed == 0)
        speed = 1;
    uint64_t scaled = (uint64_t)avg * LV_SPEED_REF;
    // 64-by-32 division by shifts and subtraction: no libgcc helper needed.
    uint64_t q = 0, r = 0;
    for (int bit = 63; bit >= 0; bit--) {
        r = (r << 1) | ((scaled >> bit) & 1);
        if (r >= speed) {
            r -= speed;
            q |= (uint64_t)1 << bit;
        }
    }
    return q > 0xFFFFFFFFu ? 0xFFFFFFFFu : (uint32_t)q;
}
