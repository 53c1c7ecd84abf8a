// Per-sender anti-replay windows (see replay.h). Pure: tested in tests/unit.
#include "ssi/replay.h"
#include <string.h>

void replay_init(struct replay_table *t, struct replay_window *slots, uint32_t n)
{
    memset(slots, 0, sizeof(*slots) * n);
    t->slots = slots;
    t->nslots = n;
    t->used = 0;
    t->takeover_ms = REPLAY_TAKEOVER_MS;
}

// The slot of node, or the free slot where it would go, or NULL when the
// table is full and node is not in it.
static struct replay_window *lookup(const struct replay_table *t, uint32_t node)
{
    if (t->nslots == 0)
        return NULL;
    // Fibonacci hashing, reduced to the table size by its high bits.
    uint32_t i = (uint32_t)(((uint64_t)(node * 2654435761u) * t->nslots) >> 32);
    for (uint32_t n = 0; n < t->nslots; n++) {
        struct replay_window *w = &t->slots[i];
        if (!w->used || w->node == node)
            return w;
        i = (i + 1 == t->nslots) ? 0 : i + 1;
    }
    return NULL;
}

const struct replay_window *replay_find(const struct replay_table *t, uint32_t node)
{
    struct replay_window *w = lookup(t, node);
    return (w && w->used) ? w : NULL;
}

// Start a fresh window in w for (addr, incarnation) with seq as its first
// number, remembering the incarnation it replaces.
static void restart(struct replay_window *w, uint32_t addr, uint32_t incarnation,
                    uint64_t seq, uint64_t now_ms)
{
    if (w->used) {
        w->prev_incarnation = w->incarnation;
        w->prev_top = w->top;
    }
    w->addr = addr;
    w->incarnation = incarnation;
    w->top = seq;
    w->bitmap = 1;
    w->last_ms = now_ms;
}

// The window rule within one incarnation: accept and record seq, or say why not.
static enum replay_verdict slide(struct replay_window *w, uint64_t seq, uint64_t now_ms)
{
    if (seq > w->top) {
        uint64_t shift = seq - w->top;
        w->bitmap = shift >= REPLAY_WINDOW ? 1 : (w->bitmap << shift) | 1;
        w->top = seq;
    } else {
        uint64_t back = w->top - seq;
        if (back >= REPLAY_WINDOW)
            return REPLAY_TOO_OLD;
        uint64_t bit = (uint64_t)1 << back;
        if (w->bitmap & bit)
            return REPLAY_DUPLICATE;
        w->bitmap |= bit;
    }
    w->last_ms = now_ms;
    return REPLAY_OK;
}

enum replay_verdict replay_check(struct replay_table *t, uint32_t node, uint32_t addr,
                                 uint32_t incarnation, uint64_t seq, uint64_t now_ms)
{
    if (seq == 0)
        return REPLAY_TOO_OLD;
    struct replay_window *w = lookup(t, node);
    if (!w)
        return REPLAY_TABLE_FULL;
    if (!w->used) {
        memset(w, 0, sizeof(*w));
        restart(w, addr, incarnation, seq, now_ms);
        w->node = node;
        w->used = true;
        t->used++;
        return REPLAY_OK;
    }
    if (incarnation < w->incarnation) {
        if (incarnation == w->prev_incarnation && seq > w->prev_top)
            return REPLAY_CONFLICT_INCARNATION;
        return REPLAY_OLD_INCARNATION;
    }
    if (addr != w->addr) {
        bool silent = now_ms >= w->last_ms && now_ms - w->last_ms >= t->takeover_ms;
        if (incarnation > w->incarnation && silent) {
            restart(w, addr, incarnation, seq, now_ms);
            return REPLAY_OK;
        }
        return REPLAY_CONFLICT_ADDR;
    }
    if (incarnation > w->incarnation) {
        restart(w, addr, incarnation, seq, now_ms);
        return REPLAY_OK;
    }
    return slide(w, seq, now_ms);
}
