// The balancing policy (docs/balancing.md), as pure code: from what a node
// knows of the cluster (the load vector) and of its own processes, decide
// which process should move where, and why. The kernel's balancer
// (ssi/balancer.c) runs it every gossip interval and asks for the moves
// through the same path as `migrate`; the host simulator
// (tools/balance_sim.c) and tests/unit/test_balance.c run the same code on
// simulated clusters.
//
// The model. A node of speed s (LV_SPEED_REF = the reference CPU) with r
// runnable processes (LV_LOAD_SCALE = one) gives each of them s / r of a
// reference CPU (all of s when r <= 1). The policy keeps the potential
//
//     P = sum over nodes of r^2 / s
//
// going down: moving a process that is runnable a share d of the time
// from A to B changes P by d(2 r_B + d) / s_B - d(2 r_A - d) / s_A, so a
// move is taken only when (2 r_B + d) / s_B is below (2 r_A - d) / s_A by
// a margin. P is bounded below and each move lowers it by at least the
// margin, so moves stop: no ping-pong. At the bottom, r / s is (nearly)
// the same on every node: a node twice as fast runs twice the work.
//
// What a move costs counts too:
//   - the process's own rate where it would run, s / (r + d) times the
//     share of its time not spent waiting for calls that run at home
//     (files, console, wait...): a process that lives on such calls pays a
//     network round trip for each one away from home, so it stays home
//     (the lesson openMosix learned), and one away from home that starts
//     living on them is brought back;
//   - the time the move takes (its memory over the throughput measured to
//     the target): a process younger than twice that is not moved (the
//     older a process is, the longer it is likely to run on);
//   - a minimum residency: a process stays where it arrived for a while.
// Memory comes first: a node short of free memory sends its largest
// movable process to the node with the most room, before it runs out.
#ifndef SSI_BALANCE_H
#define SSI_BALANCE_H

#include "kernel/types.h"

#define BAL_MAX_NODES 64     // nodes bal_plan looks at
#define BAL_MAX_PROCS 256    // processes bal_plan looks at
#define BAL_SCALE     1000   // shares and fractions: 1000 = all

// One node as the policy sees it.
struct bal_node {
    uint32_t node;        // node id
    uint32_t load;        // runnable processes on a reference CPU (the vector's load:
                          // run-queue average * LV_SPEED_REF / speed, LV_LOAD_SCALE units)
    uint32_t speed;       // LV_SPEED_REF = the reference CPU
    uint32_t free_kb;     // free memory
    uint32_t age_ms;      // age of what we know of it
    uint32_t rate_kbs;    // throughput to it, KiB/s (0: not measured)
    bool up;              // membership says it is up
    bool blocks;          // it refuses arrivals (mosctl block)
    bool avoid;           // it refused us lately: not chosen for a while
};

// One process of this node as the policy sees it.
struct bal_proc {
    int pid;
    uint32_t home;        // its home node
    uint32_t demand;      // share of the last interval it was runnable (BAL_SCALE = all)
    uint32_t home_calls;  // calls per second that run at home (files, console, wait...)
    uint32_t age_ms;      // since it started
    uint32_t resident_ms; // since it arrived here
    bool arrived;         // it came here by a move (a process that started here
                          // has no residency to serve: its age and cost decide)
    uint32_t size_kb;     // the memory that moves with it
    bool movable;         // not locked, not init, not being moved (migrate_cantmove)
};

struct bal_params {
    uint32_t self;          // this node's id
    uint32_t stale_ms;      // a node known only from older news than this is never chosen
    uint32_t residency_ms;  // a process stays at least this long where it arrived
    uint32_t margin;        // the fall of (2r+d)/s a move must bring: a share of one
                            // process on the deciding node (LV_LOAD_SCALE = one)
    uint32_t gain_pm;       // and the process's own rate must grow by this much, per mille
    uint32_t call_us;       // what one call that runs at home costs from away, microseconds
    uint32_t usher_kb;      // below this much free memory the node ushers processes off
    uint32_t reserve_kb;    // free memory a target keeps after taking a process
    uint32_t default_kbs;   // throughput assumed to a node not yet measured, KiB/s
    uint32_t seed;          // breaks ties between equal targets (nodes differ)
};

// Defaults, for a gossip interval of interval_ms.
void bal_defaults(struct bal_params *p, uint32_t self, uint32_t interval_ms);

enum bal_why {
    BAL_LOAD,     // the process runs faster there and the cluster is better balanced
    BAL_SHORT,    // this node is short of memory
    BAL_HOME,     // it spends its time in calls that run at home: it goes home
};

// One decision.
struct bal_choice {
    int pid;
    uint32_t node;        // where to
    enum bal_why why;
    uint32_t from_score;  // (2r_A - d)/s_A here, LV_LOAD_SCALE units (BAL_LOAD)
    uint32_t to_score;    // (2r_B + d)/s_B there
    uint32_t rate_here;   // the process's expected rate here and there,
    uint32_t rate_there;  //   per mille of a reference CPU
    uint32_t cost_ms;     // the move's estimated time
};

// The moves this node should ask for now: at most max, the best first,
// each decided on the view as the ones before it leave it (the node's own
// entry, self, must be in nodes). The number of choices written.
int bal_plan(const struct bal_params *p, const struct bal_node *nodes, int nn,
             const struct bal_proc *procs, int np, struct bal_choice *out, int max);

// The target's check of a move asked for load (its own view is fresher
// than the source's): take a process runnable demand of the time when,
// with the r processes it runs and is taking in (LV_LOAD_SCALE units) on
// its speed, its (2r + d)/s stays below the source's from_score by the
// margin. Another node may have sent it work since the source's news.
bool bal_accept(const struct bal_params *p, uint32_t r, uint32_t speed, uint32_t demand,
                uint32_t from_score);

// Where a new process of size_kb should start (mosrun -b, and a program
// started with the balancer deciding): the node whose (2r + d)/s is the
// lowest with a whole runnable process more, this node on a tie (no move
// to pay). Its id.
uint32_t bal_place(const struct bal_params *p, const struct bal_node *nodes, int nn,
                   uint32_t size_kb);

// What a node remembers of its own recent moves, so that its next plans
// do not send the same node more before the vector shows what it got, and
// leave alone for a while a node that refused.
#define BAL_MEMORY BAL_MAX_NODES
struct bal_memory {
    struct {
        uint32_t node;      // 0: free
        uint32_t demand;    // what was sent there lately (BAL_SCALE = a runnable process)
        uint64_t until;     // counted in that node's load until then (ms)
    } sent[BAL_MEMORY];
    struct {
        uint32_t node;      // 0: free
        uint64_t until;     // not chosen until then (ms)
    } refused[BAL_MEMORY];
};

void bal_memory_init(struct bal_memory *m);
// A move of a process runnable demand of the time to node was asked at now.
void bal_note_sent(struct bal_memory *m, uint32_t node, uint32_t demand, uint64_t now,
                   uint32_t hold_ms);
// node refused a move at now: leave it alone for hold_ms.
void bal_note_refused(struct bal_memory *m, uint32_t node, uint64_t now, uint32_t hold_ms);
// Fold the memory into a view of nn nodes at now: sent demand added to
// the targets' load, refusing nodes marked avoid.
void bal_memory_apply(const struct bal_memory *m, struct bal_node *nodes, int nn, uint64_t now);

// Words for why.
const char *bal_why_name(enum bal_why why);

// The time a move of size_kb takes to a node at rate_kbs (or the default).
uint32_t bal_cost_ms(const struct bal_params *p, uint32_t size_kb, uint32_t rate_kbs);

#endif
