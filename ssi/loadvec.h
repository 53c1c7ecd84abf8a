// The load vector: what a node knows of every node of the cluster (itself
// included), one entry per node, kept fresh by gossip (gossip.h).
//
// An entry's version is (incarnation, stamp): stamp is the origin's own
// clock (ms since it booted) when it wrote the entry, so versions compare
// without synchronised clocks, and a reboot (higher incarnation) beats any
// stamp of the previous life. Entries also carry an age: the time since the
// origin wrote them, as estimated by whoever holds the copy (receipt age
// plus local time elapsed). A node whose entry is older than the timeout is
// down; a newer version with a fresh age brings it back up.
#ifndef SSI_LOADVEC_H
#define SSI_LOADVEC_H

#include "kernel/types.h"

#define LV_LOAD_SCALE  1000    // load unit: 1000 = one runnable process on a reference CPU
#define LV_SPEED_REF   1000    // speed of the reference CPU
#define LV_EMA_SHIFT   3       // default smoothing of load samples: avg += (sample - avg) / 8
#define LV_NODE_NONE   0       // node id 0 is never a node

#define LV_F_BLOCKS    2       // entry flag: the node refuses arrivals (mosctl block)

// Up or down, as this node sees it.
enum lv_state {
    LV_DOWN = 0,
    LV_UP = 1,
};

// One node's entry.
struct lv_entry {
    uint32_t node;          // node id (LV_NODE_NONE: unused)
    uint32_t addr;          // its IPv4 address
    uint32_t incarnation;   // its boot number: part of the version
    uint32_t load;          // run-queue average scaled by speed, LV_LOAD_SCALE units
    uint32_t speed;         // its speed, LV_SPEED_REF = reference CPU
    uint32_t free_kb;       // free memory, KiB
    uint32_t nproc;         // processes it runs
    uint8_t state;          // enum lv_state
    uint8_t hot;            // gossip: rounds left during which this entry is news
    uint16_t flags;         // LV_F_*, as its origin announces them
    uint64_t stamp;         // origin's clock (ms since its boot) when written: the version
    int64_t born;           // local time (ms) at which this copy's age was 0
};

// One slot of the index from node id to entry.
struct lv_slot {
    uint32_t node;          // node id, LV_NODE_NONE when the slot is empty
    uint32_t pos;           // its entry's position in loadvec.e
};

// A node's vector: a dense array of entries in arrival order (the caller's),
// and an open-addressing index from node id to position (the caller's).
struct loadvec {
    struct lv_entry *e;       // entries 0 .. count-1 in use
    uint32_t cap;             // length of e
    uint32_t count;           // entries in use
    struct lv_slot *index;    // the index
    uint32_t index_slots;     // its length, more than cap (2 * cap is good)
};

// What loadvec_merge did with an incoming entry.
enum lv_merge {
    LV_MERGE_NEW,        // node was unknown: added, up
    LV_MERGE_UP,         // node was down: newer entry, up again
    LV_MERGE_FRESHER,    // newer version of an up node
    LV_MERGE_STALE,      // not newer than what is known: ignored
    LV_MERGE_TOO_OLD,    // newer but older than the timeout: ignored
    LV_MERGE_REPLACED,   // node was unknown and the vector full: it replaced the
                         // entry down the longest
    LV_MERGE_FULL,       // unknown node, vector full of up nodes: ignored
    LV_MERGE_LEFT,       // newer entry of a known node that says it leaves: down now
};

// Whether a claim to a node id (the id with an address) fits what is known.
enum lv_claim {
    LV_CLAIM_NEW,        // id unknown
    LV_CLAIM_SAME,       // id known at this address
    LV_CLAIM_MOVED,      // id known elsewhere but down there: may move
    LV_CLAIM_CONFLICT,   // id up at another address: two nodes claim it
};

// Set up lv over the caller's arrays (cleared here).
void loadvec_init(struct loadvec *lv, struct lv_entry *entries, uint32_t cap,
                  struct lv_slot *index, uint32_t index_slots);

// The entry of node, or NULL.
struct lv_entry *loadvec_find(const struct loadvec *lv, uint32_t node);

// A new zeroed entry for node (not yet present), or NULL when full.
struct lv_entry *loadvec_add(struct loadvec *lv, uint32_t node);

// Take node's entry out (the last entry moves into its place: pointers to
// entries are not kept across this). False when node is not there.
bool loadvec_remove(struct loadvec *lv, uint32_t node);

// Age in ms of e at local time now (0 if born in the future).
uint64_t loadvec_age(const struct lv_entry *e, uint64_t now);

// Compare versions: > 0 when (inc_a, stamp_a) is newer than (inc_b, stamp_b),
// < 0 when older, 0 when equal.
int loadvec_version_cmp(uint32_t inc_a, uint64_t stamp_a, uint32_t inc_b, uint64_t stamp_b);

// Fold an entry received at local time now, whose age on receipt is age_ms,
// into lv. Keeps the freshest version per node (by version, never by
// arrival); a newer version older than timeout_ms is ignored, so that stale
// news never brings a dead node back up. When lv is full, a new node takes
// the place of the entry down the longest (entries may move: pointers to
// entries are not kept across this).
enum lv_merge loadvec_merge(struct loadvec *lv, const struct lv_entry *in, uint32_t age_ms,
                            uint64_t now, uint32_t timeout_ms);

// A newer entry of a known node that says it leaves (an orderly halt):
// take it, and mark the node down now. LV_MERGE_LEFT if it was up,
// LV_MERGE_FRESHER if it was down already, LV_MERGE_STALE if unknown or
// older than known (the same version counts). (in->state is not read.)
enum lv_merge loadvec_leave(struct loadvec *lv, const struct lv_entry *in, uint32_t age_ms,
                            uint64_t now);

// One pass of aging over lv: mark down every up entry but self's whose age
// reached timeout_ms, and count down the rounds of news (hot) of every
// entry. Returns how many went down; stores the number of entries up
// afterwards (self included) in *up when up is not NULL.
uint32_t loadvec_expire(struct loadvec *lv, uint64_t now, uint32_t timeout_ms, uint32_t self,
                        uint32_t *up);

// Judge a claim to known's node id from address addr at local time now.
// known may be NULL. An up entry whose age reached timeout_ms counts as down.
enum lv_claim loadvec_judge_claim(const struct lv_entry *known, uint32_t addr,
                                  uint64_t now, uint32_t timeout_ms);

// Two nodes claim one id: does A (up for uptime_a ms, at addr_a) give way to
// B? The later one (shorter uptime) gives way; on a tie, the higher address.
// Both sides compute the same answer.
bool loadvec_claim_loses(uint64_t uptime_a, uint32_t addr_a, uint64_t uptime_b, uint32_t addr_b);

// Exponential moving average of run-queue samples: avg moved by 1/2^shift of
// the way to sample (rounded), both in LV_LOAD_SCALE units.
uint32_t loadvec_ema(uint32_t avg, uint32_t sample, unsigned shift);

// A run-queue average scaled by speed: what the same queue means on a
// reference CPU (avg * LV_SPEED_REF / speed; saturates; speed 0 counts as 1).
uint32_t loadvec_scale_load(uint32_t avg, uint32_t speed);

#endif
