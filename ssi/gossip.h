// Membership and load dissemination by randomized gossip, as MOSIX does.
//
// Every interval a node writes its own entry (stamp = its clock), marks down
// the nodes whose entries aged past the timeout, and sends one GOSSIP
// payload to `fanout` random nodes: its own entry, then up to `entries`
// others: news first (entries of nodes that this node saw appear or come
// back up during the last log2(nodes) + GOSSIP_HOT_EXTRA rounds, in at most
// half of the slots: rumour mongering, which spreads a join in O(log N)
// rounds), then the freshest it knows. A node announces itself at boot with
// a broadcast HELLO (its own entry); of the nodes that hear it, a few
// (about GOSSIP_HELLO_REPLIES, chosen at random) answer with a GOSSIP
// payload so that the newcomer learns the cluster at once without a storm
// of replies.
//
// Payload (HELLO and GOSSIP), big-endian:
//   off size field
//    0   2   count        entries that follow, 1 .. GOSSIP_MAX_ENTRIES
//    2   2   reserved     0
//    4  44*count entries  the first is the sender's own, with age 0
// Entry:
//    0   4   node         node id
//    4   4   addr         IPv4 address
//    8   4   incarnation  boot number
//   12   8   stamp        origin's clock (ms since its boot) when written
//   20   4   age          ms since the origin wrote it, as the sender estimates
//   24   4   load         LV_LOAD_SCALE units
//   28   4   speed        LV_SPEED_REF units
//   32   4   free_kb      free memory, KiB
//   36   4   nproc        processes
//   40   4   flags        GOSSIP_F_LEAVING in the sender's own entry, else 0
#ifndef SSI_GOSSIP_H
#define SSI_GOSSIP_H

#include "kernel/types.h"
#include "ssi/loadvec.h"
#include "ssi/prng.h"

#define GOSSIP_ENTRY_SIZE       44
#define GOSSIP_F_LEAVING        1   // entry flag: the node is leaving (an orderly halt):
                                    // count it down now, do not wait for its silence
#define GOSSIP_F_BLOCKS         LV_F_BLOCKS   // entry flag: the node takes no guests
#define GOSSIP_HDR_SIZE         4
#define GOSSIP_MAX_ENTRIES      32     // (WIRE_MAX_PAYLOAD - 4) / 44
#define GOSSIP_MAX_PAYLOAD      (GOSSIP_HDR_SIZE + GOSSIP_MAX_ENTRIES * GOSSIP_ENTRY_SIZE)
#define GOSSIP_INTERVAL_MS      1000   // default round interval
#define GOSSIP_FANOUT           0      // default targets per round: 0 = automatic:
#define GOSSIP_FANOUT_MIN       3      //   max(GOSSIP_FANOUT_MIN, up / ((entries + 1) *
#define GOSSIP_REFRESH_ROUNDS   8      //   GOSSIP_REFRESH_ROUNDS)), at most GOSSIP_FANOUT_MAX
#define GOSSIP_FANOUT_MAX       32
#define GOSSIP_ENTRIES          31     // default entries besides one's own (a full datagram)
#define GOSSIP_TIMEOUT_MIN_ROUNDS 8    // automatic timeout: at least this many rounds, plus
#define GOSSIP_TIMEOUT_LOG_MUL  2      // r * (GOSSIP_TIMEOUT_LOG_MUL * log2(up nodes)
#define GOSSIP_TIMEOUT_LOG_ADD  8      //      + GOSSIP_TIMEOUT_LOG_ADD): see gossip_timeout_ms
#define GOSSIP_HOT_EXTRA        3      // news stays news log2(nodes) + this many rounds
#define GOSSIP_HELLO_REPLIES    4      // expected number of nodes answering a HELLO
#define GOSSIP_DOWN_PICK        8      // a down node is picked as target 1 time in this many

// Tunables (gossip_default_config gives the defaults).
struct gossip_config {
    uint32_t interval_ms;   // time between rounds
    uint32_t fanout;        // targets per round; 0: automatic (gossip_fanout)
    uint32_t entries;       // entries per message besides one's own (< GOSSIP_MAX_ENTRIES)
    uint32_t timeout_ms;    // age at which a node is down; 0: automatic (gossip_timeout_ms)
};

// Counters, for /proc.
struct gossip_stats {
    uint32_t rounds;         // rounds run
    uint32_t sent;           // payloads handed to emit
    uint32_t received;       // payloads accepted
    uint32_t malformed;      // payloads refused by the decoder
    uint32_t merged;         // entries that changed the vector
    uint32_t stale;          // entries not newer than known
    uint32_t too_old;        // newer entries older than the timeout
    uint32_t full;           // entries dropped: vector full of up nodes
    uint32_t replaced;       // new nodes that took the place of one long down
    uint32_t marked_down;    // nodes that went down
    uint32_t marked_up;      // nodes that appeared or came back up
    uint32_t conflicts;      // duplicate node id claims seen
    uint32_t left;           // nodes marked down because they said they leave
};

// The caller's services. emit sends payload (a HELLO or GOSSIP body, per
// type: enum wire_type) to node at addr; the kernel wraps it with wire_encode.
// conflict reports that node id `node` is claimed both by addr_kept and by
// addr_other; we_lose is true when this node is the one that must stay out.
struct gossip_ops {
    void *ctx;
    int (*emit)(void *ctx, uint32_t node, uint32_t addr, uint8_t type,
                const void *payload, size_t len);
    void (*conflict)(void *ctx, uint32_t node, uint32_t addr_kept, uint32_t addr_other,
                     bool we_lose);
};

// A node's gossip state.
struct gossip {
    struct gossip_config cfg;   // tunables
    struct gossip_ops ops;      // caller's services
    struct loadvec *lv;         // the vector it maintains (caller's)
    uint32_t self;              // this node's id
    struct prng rng;            // target choice
    bool excluded;              // lost a duplicate id contest: sends nothing more
    bool leaving;               // gossip_leave was called: sends nothing more but that
    uint32_t timeout_ms;        // current down timeout (gossip_timeout_ms, per round)
    uint32_t fanout;            // current targets per round (gossip_fanout, per round)
    uint32_t up;                // up nodes at the last round (self included)
    struct gossip_stats stats;  // counters
    uint8_t buf[GOSSIP_MAX_PAYLOAD];  // payload being built
};

// A received payload's verdict.
enum gossip_rx {
    GOSSIP_RX_OK,          // merged
    GOSSIP_RX_MALFORMED,   // refused: bad size, count, or first entry not the sender's
    GOSSIP_RX_CONFLICT,    // refused: the sender's id is claimed by another node
};

// The default tunables.
void gossip_default_config(struct gossip_config *cfg);

// Set up g for node self over lv, seeding target choice with seed; adds
// self's entry (up) at addr with incarnation.
void gossip_init(struct gossip *g, const struct gossip_config *cfg, const struct gossip_ops *ops,
                 struct loadvec *lv, uint32_t self, uint32_t addr, uint32_t incarnation,
                 uint64_t seed);

// Update this node's own measurements (written into its entry at each round).
void gossip_set_load(struct gossip *g, uint32_t load, uint32_t speed, uint32_t free_kb,
                     uint32_t nproc);

// Update this node's own flags (LV_F_*), announced from the next round.
void gossip_set_flags(struct gossip *g, uint16_t flags);

// Targets per round: cfg.fanout if set, else enough for every entry to be
// refreshed at every node about every GOSSIP_REFRESH_ROUNDS rounds:
// max(GOSSIP_FANOUT_MIN, ceil(up / ((entries + 1) * GOSSIP_REFRESH_ROUNDS))),
// at most GOSSIP_FANOUT_MAX. Staleness stays bounded as the cluster grows
// because each node's gossip traffic grows with it (N / 256 datagrams a
// round with the defaults). Computed at each round.
uint32_t gossip_fanout(const struct gossip *g);

// The age at which a silent node is marked down: cfg.timeout_ms if set,
// else interval * (GOSSIP_TIMEOUT_MIN_ROUNDS + r * (GOSSIP_TIMEOUT_LOG_MUL *
// log2(up) + GOSSIP_TIMEOUT_LOG_ADD)), where up is the number of up nodes
// and r = up / (fanout * (entries + 1)), rounded up, the mean number of
// rounds between two refreshes of one entry at one node (each round the
// cluster's messages carry fanout * (entries + 1) entries per node). The
// gaps between refreshes are close to exponential with mean r, so the
// largest of the up^2 gaps (every node's view of every node) over T rounds
// is about r * ln(up^2 * T); 2 log2(up) + 8 exceeds that with a margin for
// loss (tools/gossip-sim measures it). Computed at each round.
uint32_t gossip_timeout_ms(const struct gossip *g);

// One round at local time now (ms since boot): refresh own entry, expire,
// build a GOSSIP payload and emit it to fanout random nodes. Returns the
// This node leaves (an orderly halt): send a GOSSIP with its own entry
// flagged GOSSIP_F_LEAVING to every node it knows, which mark it down
// at once. Call it a few times (datagrams get lost); from then on the
// node sends no other gossip. Returns the number of payloads emitted.
int gossip_leave(struct gossip *g, uint64_t now);

// number of payloads emitted. Does nothing once excluded.
int gossip_round(struct gossip *g, uint64_t now);

// Build the HELLO payload (own entry only) into buf; returns its length.
size_t gossip_hello(struct gossip *g, uint64_t now, uint8_t *buf, size_t cap);

// Build a GOSSIP payload into buf (own entry, news, freshest), making sure
// the entry of node `about` is in it when known (LV_NODE_NONE: no such
// wish). Returns its length, or 0 when cap is too small.
size_t gossip_build(struct gossip *g, uint64_t now, uint32_t about, uint8_t *buf, size_t cap);

// Handle a HELLO or GOSSIP payload (type: enum wire_type) from node src at
// IPv4 address src_addr with incarnation inc (from the authenticated
// header). Sets *reply when the sender should get a GOSSIP payload back
// (built with gossip_build(g, now, src, ...)): it announced itself and this
// node is one of the few that answer, or it claims an id that is taken.
// now must be this node's clock in ms since boot (it is also its stamp and
// its uptime in duplicate-id contests).
enum gossip_rx gossip_receive(struct gossip *g, uint64_t now, uint8_t type, uint32_t src,
                              uint32_t src_addr, uint32_t inc, const uint8_t *payload,
                              size_t len, bool *reply);

// Decode entry i of a payload already checked by gossip_check: fills *e
// (state up, born unset) and *age_ms.
void gossip_entry_decode(const uint8_t *payload, uint32_t i, struct lv_entry *e,
                         uint32_t *age_ms);

// The wire layer refused a datagram from `node` at addr_other because the id
// is held at another address (WIRE_ID_CONFLICT_ADDR). Reports the conflict
// and returns true: answer addr_other with gossip_build(g, now, node, ...),
// whose entry for `node` lets the claimant see the id is taken.
bool gossip_wire_conflict(struct gossip *g, uint64_t now, uint32_t node, uint32_t addr_other);

// Check a payload's framing: returns its entry count, or 0 when malformed.
uint32_t gossip_check(const uint8_t *payload, size_t len);

#endif
