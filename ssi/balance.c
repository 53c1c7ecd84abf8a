// The balancing policy (see balance.h). Pure: no kernel state, integer
// arithmetic only, the same code in the kernel and on the host.
#include "ssi/balance.h"
#include "ssi/loadvec.h"

#define BAL_MIN_DEMAND  500   // a process runnable less than half the time is not moved for
                              // load: it waits for something (a console, a pipe, a child)
#define BAL_HOME_CALLS  250   // away, spending this much (per mille) in home calls: go home

void bal_defaults(struct bal_params *p, uint32_t self, uint32_t interval_ms)
{
    *p = (struct bal_params){
        .self = self,
        .stale_ms = 3 * interval_ms,
        .residency_ms = 3 * interval_ms,
        .margin = LV_LOAD_SCALE / 4,
        .gain_pm = 100,
        .call_us = 1000,
        .usher_kb = 4096,
        .reserve_kb = 1024,
        .default_kbs = 4096,
        .seed = self,
    };
}

const char *bal_why_name(enum bal_why why)
{
    switch (why) {
    case BAL_LOAD: return "load";
    case BAL_SHORT: return "memory";
    case BAL_HOME: return "home-calls";
    }
    return "?";
}

uint32_t bal_cost_ms(const struct bal_params *p, uint32_t size_kb, uint32_t rate_kbs)
{
    uint32_t rate = rate_kbs ? rate_kbs : p->default_kbs;
    if (rate == 0)
        rate = 1;
    return (uint32_t)((uint64_t)size_kb * 1000 / rate);
}

// The working view: what bal_plan changes as it decides.
struct view {
    uint32_t r[BAL_MAX_NODES];      // runnable processes (LV_LOAD_SCALE units)
    uint32_t free_kb[BAL_MAX_NODES];
};

static uint32_t speed_of(const struct bal_node *n)
{
    return n->speed ? n->speed : 1;
}

// (2r + d)/s or (2r - d)/s, in LV_LOAD_SCALE units on the reference CPU.
static uint32_t score(uint32_t r, int32_t d, uint32_t speed)
{
    int64_t twice = 2 * (int64_t)r + d;
    if (twice < 0)
        twice = 0;
    return (uint32_t)(twice * LV_SPEED_REF / speed);
}

// The margin on a node of speed s: p->margin is a share of one process
// there, so the rule means the same on slow and fast nodes.
static uint32_t margin_at(const struct bal_params *p, uint32_t s)
{
    return (uint32_t)((uint64_t)p->margin * LV_SPEED_REF / s);
}

// The share of its time a process away from home loses waiting for home
// calls at node (0 at home), per mille.
static uint32_t call_share(const struct bal_params *p, const struct bal_proc *q, uint32_t node)
{
    if (node == q->home)
        return 0;
    uint64_t us = (uint64_t)q->home_calls * p->call_us;   // per second
    return us >= 1000000 ? BAL_SCALE : (uint32_t)(us / 1000);
}

// The process's expected rate at node (speed s, r runnable with it), per
// mille of a reference CPU.
static uint32_t rate_at(uint32_t s, uint32_t r_with, uint32_t calls_pm)
{
    uint32_t r = r_with < LV_LOAD_SCALE ? LV_LOAD_SCALE : r_with;
    uint64_t rate = (uint64_t)s * LV_LOAD_SCALE / r;   // per mille of the reference
    return (uint32_t)(rate * (BAL_SCALE - calls_pm) / BAL_SCALE);
}

// A pseudo-random rank of node for ties, different on each node.
static uint32_t tie_rank(uint32_t seed, uint32_t node)
{
    uint32_t x = (node + 1) * 2654435761u ^ (seed * 40503u + 0x9e3779b9u);
    x ^= x >> 15;
    x *= 2246822519u;
    x ^= x >> 13;
    return x;
}

// Can node n take a process of size_kb now (any reason)? home_of_it: the
// process's home, which takes its own back even when it blocks guests.
static bool can_take(const struct bal_params *p, const struct bal_node *n, uint32_t free_kb,
                     uint32_t size_kb, bool home_of_it)
{
    if (n->node == p->self || !n->up || n->age_ms > p->stale_ms || n->avoid)
        return false;
    if (n->blocks && !home_of_it)
        return false;
    return free_kb >= size_kb + p->usher_kb + p->reserve_kb;
}

// Memory first: while this node is short, its largest movable process
// goes to the node with the most room. The choices written (from at).
static int plan_memory(const struct bal_params *p, const struct bal_node *nodes, int nn,
                       const struct bal_proc *procs, int np, struct view *v, int self,
                       bool *moved, struct bal_choice *out, int at, int max)
{
    while (at < max && v->free_kb[self] < p->usher_kb) {
        int best = -1, best_node = -1;
        for (int i = 0; i < np; i++) {
            const struct bal_proc *q = &procs[i];
            if (moved[i] || !q->movable || q->size_kb == 0)
                continue;
            if (best >= 0 && q->size_kb <= procs[best].size_kb)
                continue;
            int where = -1;
            for (int j = 0; j < nn; j++) {
                if (!can_take(p, &nodes[j], v->free_kb[j], q->size_kb, nodes[j].node == q->home))
                    continue;
                if (where < 0 || v->free_kb[j] > v->free_kb[where])
                    where = j;
            }
            if (where >= 0) {
                best = i;
                best_node = where;
            }
        }
        if (best < 0)
            break;   // nobody has room: the node runs short, and says so
        const struct bal_proc *q = &procs[best];
        moved[best] = true;
        v->free_kb[self] += q->size_kb;
        v->free_kb[best_node] -= q->size_kb;
        uint32_t rb = v->r[best_node], ra = v->r[self];
        v->r[self] = ra > q->demand ? ra - q->demand : 0;
        v->r[best_node] = rb + q->demand;
        out[at++] = (struct bal_choice){
            .pid = q->pid, .node = nodes[best_node].node, .why = BAL_SHORT,
            .cost_ms = bal_cost_ms(p, q->size_kb, nodes[best_node].rate_kbs),
        };
    }
    return at;
}

// The best move for load (or home calls) on the view, or false.
static bool best_move(const struct bal_params *p, const struct bal_node *nodes, int nn,
                      const struct bal_proc *procs, int np, const struct view *v, int self,
                      const bool *moved, int *proc_i, int *node_j, struct bal_choice *c)
{
    uint64_t best_drop = 0;
    uint32_t best_cost = 0, best_rank = 0;
    bool found = false;
    const struct bal_node *a = &nodes[self];
    for (int i = 0; i < np; i++) {
        const struct bal_proc *q = &procs[i];
        if (moved[i] || !q->movable || (q->arrived && q->resident_ms < p->residency_ms))
            continue;
        uint32_t d = q->demand > BAL_SCALE ? BAL_SCALE : q->demand;
        uint32_t f_here = call_share(p, q, p->self);
        uint32_t ra = v->r[self] > d ? v->r[self] : d;   // it is among them
        uint32_t rate_here = rate_at(speed_of(a), ra, f_here);
        uint32_t from = score(ra, -(int32_t)d, speed_of(a));
        for (int j = 0; j < nn; j++) {
            const struct bal_node *b = &nodes[j];
            bool home = b->node == q->home;
            if (!can_take(p, b, v->free_kb[j], q->size_kb, home))
                continue;
            uint32_t cost = bal_cost_ms(p, q->size_kb, b->rate_kbs);
            uint32_t rate_there = rate_at(speed_of(b), v->r[j] + d, call_share(p, q, b->node));
            bool faster = (uint64_t)rate_there * BAL_SCALE >=
                          (uint64_t)rate_here * (BAL_SCALE + p->gain_pm) && rate_there > rate_here;
            if (!faster)
                continue;
            uint32_t to = score(v->r[j], (int32_t)d, speed_of(b));
            enum bal_why why;
            uint64_t drop;
            if (home && f_here >= BAL_HOME_CALLS) {
                why = BAL_HOME;   // its calls cost more than any load it could escape
                drop = (uint64_t)f_here << 32;   // before any move for load
            } else if (d >= BAL_MIN_DEMAND && to + margin_at(p, speed_of(a)) <= from &&
                       q->age_ms >= 2 * cost) {
                why = BAL_LOAD;
                drop = (uint64_t)d * (from - to);
            } else {
                continue;
            }
            uint32_t rank = tie_rank(p->seed, b->node);
            bool better = !found || drop > best_drop ||
                          (drop == best_drop && (cost < best_cost ||
                                                 (cost == best_cost && rank < best_rank)));
            if (!better)
                continue;
            found = true;
            best_drop = drop;
            best_cost = cost;
            best_rank = rank;
            *proc_i = i;
            *node_j = j;
            *c = (struct bal_choice){
                .pid = q->pid, .node = b->node, .why = why, .from_score = from, .to_score = to,
                .rate_here = rate_here, .rate_there = rate_there, .cost_ms = cost,
            };
        }
    }
    return found;
}

int bal_plan(const struct bal_params *p, const struct bal_node *nodes, int nn,
             const struct bal_proc *procs, int np, struct bal_choice *out, int max)
{
    if (nn > BAL_MAX_NODES)
        nn = BAL_MAX_NODES;
    int self = -1;
    struct view v;
    for (int j = 0; j < nn; j++) {
        v.r[j] = (uint32_t)((uint64_t)nodes[j].load * speed_of(&nodes[j]) / LV_SPEED_REF);
        v.free_kb[j] = nodes[j].free_kb;
        if (nodes[j].node == p->self)
            self = j;
    }
    if (self < 0 || max <= 0)
        return 0;
    bool moved[BAL_MAX_PROCS] = { false };   // chosen already
    if (np > BAL_MAX_PROCS)
        np = BAL_MAX_PROCS;
    int n = plan_memory(p, nodes, nn, procs, np, &v, self, moved, out, 0, max);
    while (n < max) {
        int i, j;
        struct bal_choice c;
        if (!best_move(p, nodes, nn, procs, np, &v, self, moved, &i, &j, &c))
            break;
        uint32_t d = procs[i].demand > BAL_SCALE ? BAL_SCALE : procs[i].demand;
        moved[i] = true;
        v.r[self] = v.r[self] > d ? v.r[self] - d : 0;
        v.r[j] += d;
        v.free_kb[self] += procs[i].size_kb;
        v.free_kb[j] -= procs[i].size_kb;
        out[n++] = c;
    }
    return n;
}

uint32_t bal_place(const struct bal_params *p, const struct bal_node *nodes, int nn,
                   uint32_t size_kb)
{
    uint32_t best = p->self, best_score = 0, best_rank = 0;
    bool found = false;
    for (int j = 0; j < nn && j < BAL_MAX_NODES; j++) {
        const struct bal_node *b = &nodes[j];
        bool self = b->node == p->self;
        if (!self && !can_take(p, b, b->free_kb, size_kb, false))
            continue;
        uint32_t r = (uint32_t)((uint64_t)b->load * speed_of(b) / LV_SPEED_REF);
        uint32_t sc = score(r, LV_LOAD_SCALE, speed_of(b));
        uint32_t rank = self ? 0 : 1 + tie_rank(p->seed, b->node) / 2;
        if (!found || sc < best_score || (sc == best_score && rank < best_rank)) {
            found = true;
            best = b->node;
            best_score = sc;
            best_rank = rank;
        }
    }
    return best;
}

void bal_memory_init(struct bal_memory *m)
{
    *m = (struct bal_memory){ 0 };
}

void bal_note_sent(struct bal_memory *m, uint32_t node, uint32_t demand, uint64_t now,
                   uint32_t hold_ms)
{
    int slot = -1;
    for (int i = 0; i < BAL_MEMORY; i++) {
        if (m->sent[i].node == node && m->sent[i].until > now) {
            m->sent[i].demand += demand;   // one sum per node
            m->sent[i].until = now + hold_ms;
            return;
        }
        if (slot < 0 && (m->sent[i].node == 0 || m->sent[i].until <= now))
            slot = i;
    }
    if (slot < 0) {
        slot = 0;   // full: the note that ends first goes
        for (int i = 1; i < BAL_MEMORY; i++)
            if (m->sent[i].until < m->sent[slot].until)
                slot = i;
    }
    m->sent[slot].node = node;
    m->sent[slot].demand = demand;
    m->sent[slot].until = now + hold_ms;
}

void bal_note_refused(struct bal_memory *m, uint32_t node, uint64_t now, uint32_t hold_ms)
{
    int slot = 0;
    for (int i = 0; i < BAL_MEMORY; i++) {
        if (m->refused[i].node == node || m->refused[i].node == 0 ||
            m->refused[i].until <= now) {
            slot = i;
            break;
        }
        if (m->refused[i].until < m->refused[slot].until)
            slot = i;
    }
    m->refused[slot].node = node;
    m->refused[slot].until = now + hold_ms;
}

void bal_memory_apply(const struct bal_memory *m, struct bal_node *nodes, int nn, uint64_t now)
{
    for (int j = 0; j < nn; j++) {
        struct bal_node *b = &nodes[j];
        for (int i = 0; i < BAL_MEMORY; i++) {
            if (m->sent[i].node == b->node && m->sent[i].until > now)
                b->load += (uint32_t)((uint64_t)m->sent[i].demand * LV_SPEED_REF /
                                      speed_of(b));
            if (m->refused[i].node == b->node && m->refused[i].until > now)
                b->avoid = true;
        }
    }
}

bool bal_accept(const struct bal_params *p, uint32_t r, uint32_t speed, uint32_t demand,
                uint32_t from_score)
{
    uint32_t d = demand > BAL_SCALE ? BAL_SCALE : demand;
    uint32_t s = speed ? speed : 1;
    return score(r, (int32_t)d, s) + margin_at(p, s) <= from_score;
}
