// The network context: the one kernel context that runs lwIP. During boot
// that is the boot code itself (net_wait polls); once the scheduler runs
// it is the network thread, netd (net_thread_start). Everything
// that talks to lwIP is in net/ and runs here; other contexts hand their
// work over as requests (net_submit) and wait for the answer (net_wait).
#ifndef NET_NET_H
#define NET_NET_H

#include "kernel/types.h"

#define NET_FOREVER       UINT64_MAX   // a deadline that never comes
#define NET_DHCP_WARN_MS  30000        // say so when DHCP has no answer after this long
#define NET_TIMER_MS      10             // the network thread wakes at least this often (lwIP timers)
#define NET_ROUNDS_MAX    16             // rounds in a row before the thread lets others run

// Bring up lwIP, bind every registered card to a netif, and give the
// first card its address: "ip=A.B.C.D/N" (and "gw=") from the command
// line, or DHCP when there is none. Call once, after nic_probe_all.
void net_init(void);

// The network context's work: feed lwIP the frames the cards' interrupt
// handlers queued, follow link changes, run the queued requests and
// lwIP's timers. Returns when there is nothing left to do. Calls from
// inside itself (a request that waits) return at once.
void net_poll(void);

// True when net_poll has work waiting (frames or requests).
bool net_pending(void);

// Halt the CPU until the next interrupt, unless net_poll has work waiting
// (checked with interrupts off, so a frame that arrives in between is not
// left waiting for the next timer tick).
void net_idle_wait(void);

// Wake every thread in net_wait now, to look at its condition again (a
// thread whose condition is not about the network: a queued request).
void net_wake_waiters(void);

// True when a network card was found (it may not have an address yet).
bool net_has_card(void);

// True once the first card has its address and its link is up.
bool net_ready(void);

// The first card's address (host byte order), or 0 while it has none.
uint32_t net_local_ip(void);

// A piece of work for the network context, from any context. The owner
// fills in run (and its own fields around the struct) and submits it.
struct net_req {
    struct net_req *next;                // queue link (net.c's)
    void (*run)(struct net_req *req);    // done in the network context; owns req from then on
    volatile bool done;                  // set by run when a waiting caller may go on
    bool waited;                         // a caller waits for done (net_call)
};

// Start the network thread ("netd"): from then on it is the only context
// that runs lwIP. Call once, after net_init and before the scheduler.
void net_thread_start(void);

// Wake the network thread: a card queued a frame. Safe in interrupts.
void net_kick(void);

// Queue req for the network context. Safe from any context, interrupts
// included.
void net_submit(struct net_req *req);

// Wait until cond(arg) is true or the uptime passes deadline (ms, or
// NET_FOREVER). Returns the last value of cond. This is the one place a
// caller blocks on the network: for now it runs the network context itself
// (net_poll, then halt until an interrupt); with threads it becomes a
// sleep on an event that the network context signals. Never call it from
// inside the network context's own work (lwIP callbacks, request run
// functions): net_poll would return at once there and the wait would last
// until the deadline.
bool net_wait(bool (*cond)(void *arg), void *arg, uint64_t deadline);

// How many times a thread in net_wait found its condition true only when
// its sleep ran out: each one is a wake-up missed, and a wait of up to a
// slice (20 ms) for something already there (/proc/net/stack).
uint32_t net_late_wakeups(void);

// net_wait without a deadline, for room in a send queue: the requests the
// network thread runs make that room, so it wakes the waiters after them.
bool net_wait_room(bool (*cond)(void *arg), void *arg);

// Submit req and wait until its run function sets req->done.
void net_call(struct net_req *req);

#endif
