// Anti-replay: one sliding window per sender node, as IPsec's (RFC 4303,
// 3.4.3): the highest sequence number accepted plus a 64-bit bitmap of the
// 64 numbers at and below it. A sender that reboots comes back with a higher
// incarnation number, which resets its window; datagrams of an older
// incarnation are refused. The table also keeps the address each sender
// speaks from, which makes two nodes claiming one node id visible (see
// replay_check's CONFLICT verdicts).
#ifndef SSI_REPLAY_H
#define SSI_REPLAY_H

#include "kernel/types.h"

#define REPLAY_WINDOW       64        // sequence numbers remembered below the top
#define REPLAY_TAKEOVER_MS  30000     // default: silence after which a node id may
                                      // move to another address (with a newer incarnation)

// What replay_check decided.
enum replay_verdict {
    REPLAY_OK = 0,                 // new: accepted and recorded
    REPLAY_DUPLICATE,              // inside the window and already seen
    REPLAY_TOO_OLD,                // below the window (or sequence 0)
    REPLAY_OLD_INCARNATION,        // from an incarnation older than the current one
    REPLAY_CONFLICT_ADDR,          // another address speaks for a live node id
    REPLAY_CONFLICT_INCARNATION,   // the previous incarnation is still sending
    REPLAY_TABLE_FULL,             // a new sender and no free slot
};

// The state kept for one sender.
struct replay_window {
    bool used;                  // slot in use
    uint32_t node;              // sender's node id
    uint32_t addr;              // IPv4 address its current incarnation sends from
    uint32_t incarnation;       // sender's current incarnation (boot number)
    uint64_t top;               // highest sequence number accepted in it
    uint64_t bitmap;            // bit i set: sequence top - i was accepted
    uint64_t last_ms;           // local time of the last datagram accepted
    uint32_t prev_incarnation;  // the incarnation it replaced (0: none)
    uint64_t prev_top;          // highest sequence accepted from prev_incarnation
};

// All senders' windows, in an array the caller owns (open addressing on the
// node id; slots are never freed, so size it for the largest cluster).
struct replay_table {
    struct replay_window *slots;  // caller's array
    uint32_t nslots;              // its length
    uint32_t used;                // slots in use
    uint32_t takeover_ms;         // see REPLAY_TAKEOVER_MS
};

// Set up t over the caller's array of n slots (cleared here).
void replay_init(struct replay_table *t, struct replay_window *slots, uint32_t n);

// Judge a datagram that passed the MAC check: sender node id, the IPv4
// address it came from, its incarnation and sequence number, the local time.
// Records it and returns REPLAY_OK when it is new; otherwise returns why it
// must be dropped and changes nothing. A higher incarnation from the same
// address resets the sender's window (a reboot); from another address it is
// a conflict unless the current owner has been silent for takeover_ms.
enum replay_verdict replay_check(struct replay_table *t, uint32_t node, uint32_t addr,
                                 uint32_t incarnation, uint64_t seq, uint64_t now_ms);

// The window kept for node, or NULL.
const struct replay_window *replay_find(const struct replay_table *t, uint32_t node);

#endif
