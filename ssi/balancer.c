// The balancer (see balancer.h): the kernel's side of ssi/balance.c. It
// runs in the cluster thread, so the load vector and the transport are
// read without copies; what it measures of each process comes from fields
// the scheduler tick (rq_samples, through balancer_sample) and the syscall
// layer (home_calls) keep in struct proc.
#include "ssi/balancer.h"
#include "ssi/balance.h"
#include "ssi/cluster_int.h"
#include "ssi/migrate.h"
#include "ssi/image.h"
#include "kernel/boot.h"
#include "kernel/clock.h"
#include "kernel/console.h"
#include "kernel/format.h"
#include "kernel/param.h"
#include "kernel/proc.h"
#include "kernel/x86.h"
#include "drivers/pit.h"
#include "mm/phys.h"
#include "mm/uvm.h"
#include <string.h>

#define BALANCER_LOG      16   // decisions kept for /proc/cluster/balancer
#define BALANCER_MOVES     4   // moves asked per round at most
#define REFUSED_ROUNDS     5   // a node that refused is left alone this many rounds

// What the last round measured of the process in one slot of proctab.
struct slot_use {
    int pid;                // whose (a new pid in the slot starts afresh)
    uint32_t rq_samples;    // its counters at the last round
    uint32_t home_calls;
    uint32_t demand;        // share of the last interval it was runnable (BAL_SCALE)
    uint32_t calls_ps;      // home calls per second over the last interval
};

// One decision, for /proc/cluster/balancer.
struct decision {
    uint64_t at;            // uptime, ms
    struct bal_choice c;
    char name[16];
    char outcome[64];       // "asked", "ok", "refused: why", "not asked: why"
};

static struct {
    bool on;                        // balancing (mosctl balance on|off)
    bool blocks;                    // this node takes no guests (mosctl block)
    uint32_t interval_ms;           // the gossip interval: one round each
    struct bal_params p;
    struct bal_memory mem;          // our recent moves and the nodes that refused
    struct slot_use use[NPROC];
    uint32_t samples;               // ticks sampled since the last round
    uint64_t last_round;            // ms
    uint32_t demand_sum;            // runnable processes here over the last interval (R units)
    uint32_t taken;                 // arrivals for load taken since the last round (R units)
    uint32_t rounds, asked, moved, refused_out, refused_in;
    struct decision log[BALANCER_LOG];
    uint32_t log_next;
} bal;

void balancer_init(uint32_t interval_ms)
{
    bal.on = cmdline_get_int(&bootinfo.cmdline, "balance", 1) != 0;
    bal.interval_ms = interval_ms;
    bal_defaults(&bal.p, cl.self, interval_ms);
    bal_memory_init(&bal.mem);
    bal.last_round = uptime_ms();
}

void balancer_set(bool on)
{
    bal.on = on;
}

bool balancer_on(void)
{
    return bal.on;
}

void balancer_block(bool block)
{
    uint32_t f = intr_save();   // a process asks; the cluster thread reads both
    bal.blocks = block;
    gossip_set_flags(&cl.g, block ? LV_F_BLOCKS : 0);
    intr_restore(f);
}

bool balancer_blocks(void)
{
    return bal.blocks;
}

// A user process that runs here (not a deputy, not a kernel thread).
static bool runs_here(const struct proc *p)
{
    return p->state != P_UNUSED && p->state != P_ZOMBIE && p->state != P_DEAD && !p->kthread &&
           (p->role == ROLE_LOCAL || p->role == ROLE_GUEST);
}

void balancer_sample(void)
{
    uint32_t f = intr_save();
    for (int i = 0; i < NPROC; i++) {
        struct proc *p = &proctab[i];
        if (runs_here(p) && !p->stopped && (p->state == P_RUNNABLE || p->state == P_RUNNING))
            p->rq_samples++;
    }
    bal.samples++;
    intr_restore(f);
}

// Fold the counters of the interval that ended into use[].
static void measure(uint64_t now)
{
    uint32_t ms = (uint32_t)(now - bal.last_round);
    uint32_t samples = bal.samples ? bal.samples : 1;
    bal.demand_sum = 0;
    for (int i = 0; i < NPROC; i++) {
        struct proc *p = &proctab[i];
        struct slot_use *u = &bal.use[i];
        if (!runs_here(p)) {
            u->pid = 0;
            continue;
        }
        if (u->pid != p->pid || p->rq_samples < u->rq_samples ||
            p->home_calls < u->home_calls) {
            // New here (or its counters started again on arrival).
            *u = (struct slot_use){ .pid = p->pid };
        }
        uint32_t rq = p->rq_samples - u->rq_samples;
        uint32_t calls = p->home_calls - u->home_calls;
        uint32_t demand = rq >= samples ? BAL_SCALE : rq * BAL_SCALE / samples;
        uint32_t calls_ps = ms ? (uint32_t)((uint64_t)calls * 1000 / ms) : 0;
        // Averaged over rounds (a quarter of the way each), so that a burst
        // (a shell starting a pipeline) does not make a process look busy;
        // a process seen for the first time takes its first measure.
        bool first = u->rq_samples == 0 && u->home_calls == 0;
        u->demand = first ? demand : (3 * u->demand + demand) / 4;
        u->calls_ps = first ? calls_ps : (3 * u->calls_ps + calls_ps) / 4;
        u->rq_samples = p->rq_samples;
        u->home_calls = p->home_calls;
        bal.demand_sum += u->demand;
    }
    bal.samples = 0;
    bal.last_round = now;
    bal.taken = 0;
}

// The throughput to node the transport's state suggests, KiB/s (0: none).
static uint32_t rate_to(uint32_t node)
{
    const struct tp_peer *t = transport_peer(&cl.tp, node);
    if (!t || !t->have_rtt)
        return 0;
    uint32_t srtt = t->srtt8 >> 3;
    if (srtt == 0)
        srtt = 1;
    return (uint32_t)((uint64_t)t->cwnd * TRANSPORT_CHUNK * 1000 / srtt / 1024);
}

// The view: every node of the vector, this node's entry as measured now.
static int view(struct bal_node *v, uint64_t now)
{
    int n = 0;
    for (uint32_t i = 0; i < cl.lv.count && n < BAL_MAX_NODES; i++) {
        const struct lv_entry *e = &cl.lv.e[i];
        bool me = e->node == cl.self;
        v[n++] = (struct bal_node){
            .node = e->node,
            .load = me ? loadvec_scale_load(bal.demand_sum, cl.speed) : e->load,
            .speed = me ? cl.speed : e->speed,
            .free_kb = me ? (uint32_t)(phys_free_bytes() >> 10) : e->free_kb,
            .age_ms = me ? 0 : (uint32_t)loadvec_age(e, now),
            .rate_kbs = me ? 0 : rate_to(e->node),
            .up = e->state == LV_UP,
            .blocks = (e->flags & LV_F_BLOCKS) != 0,
        };
    }
    bal_memory_apply(&bal.mem, v, n, now);
    return n;
}

static struct decision *log_add(uint64_t now, const struct bal_choice *c, const char *name)
{
    struct decision *d = &bal.log[bal.log_next++ % BALANCER_LOG];
    d->at = now;
    d->c = *c;
    strlcpy(d->name, name, sizeof(d->name));
    d->outcome[0] = '\0';
    return d;
}

void balancer_round(uint64_t now)
{
    measure(now);
    bal.p.self = cl.self;
    bal.p.seed = cl.self * 7919u + cl.incarnation;
    if (!bal.on || !cluster_running())
        return;
    bal.rounds++;
    static struct bal_node v[BAL_MAX_NODES];
    static struct bal_proc procs[BAL_MAX_PROCS];
    int nn = view(v, now), np = 0;
    uint64_t t = ticks();
    for (int i = 0; i < NPROC && np < BAL_MAX_PROCS; i++) {
        struct proc *p = &proctab[i];
        if (!runs_here(p) || bal.use[i].pid != p->pid || p->pid < PID_NODE_SPAN)
            continue;   // (a local pid never leaves its node)
        procs[np++] = (struct bal_proc){
            .pid = p->pid,
            .home = p->home,
            .demand = bal.use[i].demand,
            .home_calls = bal.use[i].calls_ps,
            .age_ms = (uint32_t)((t - p->start_tick) * (1000 / HZ)),
            .resident_ms = p->arrived_tick ? (uint32_t)((t - p->arrived_tick) * (1000 / HZ)) : 0,
            .arrived = p->arrived_tick != 0,
            .size_kb = p->vm ? p->vm->pages * (PAGE_SIZE / 1024) : 0,
            .movable = migrate_cantmove(p)[0] == '\0' && p->move_to == MOVE_NONE,
        };
    }
    struct bal_choice out[BALANCER_MOVES];
    int k = bal_plan(&bal.p, v, nn, procs, np, out, BALANCER_MOVES);
    for (int i = 0; i < k; i++) {
        struct proc *p = proc_find(out[i].pid);
        if (!p)
            continue;
        struct decision *d = log_add(now, &out[i], p->name);
        p->move_score = out[i].why == BAL_LOAD && out[i].from_score ? out[i].from_score
                                                                     : IMAGE_BALANCE_ANY;
        const char *why;
        int node = out[i].node == p->home ? MOVE_HOME : (int)out[i].node;
        if (migrate_request(p, node, &why) < 0) {
            p->move_score = 0;
            snformat(d->outcome, sizeof(d->outcome), "not asked: %s", why);
            continue;
        }
        p->bal_asked = true;
        bal.asked++;
        strlcpy(d->outcome, "asked", sizeof(d->outcome));
        uint32_t demand = 0;
        for (int j = 0; j < np; j++)
            if (procs[j].pid == out[i].pid)
                demand = procs[j].demand;
        bal_note_sent(&bal.mem, out[i].node, demand, now, 2 * bal.interval_ms);
    }
}

void balancer_outcome(struct proc *p, bool ok, uint32_t node, const char *why)
{
    if (!p->bal_asked)
        return;
    p->bal_asked = false;
    p->move_score = 0;
    uint64_t now = uptime_ms();
    if (ok)
        bal.moved++;
    else {
        bal.refused_out++;
        bal_note_refused(&bal.mem, node, now, REFUSED_ROUNDS * bal.interval_ms);
    }
    // The latest decision about this process says how it ended.
    for (uint32_t i = 0; i < BALANCER_LOG; i++) {
        struct decision *d = &bal.log[(bal.log_next - 1 - i) % BALANCER_LOG];
        if (d->c.pid != p->pid)
            continue;
        if (ok)
            strlcpy(d->outcome, "ok", sizeof(d->outcome));
        else
            snformat(d->outcome, sizeof(d->outcome), "refused: %s", why);
        break;
    }
}

const char *balancer_refuses(uint32_t score, bool coming_home)
{
    if (coming_home)
        return "";   // a node always takes its own processes back
    if (bal.blocks)
        return "arrivals blocked here";
    if (score == 0 || score == IMAGE_BALANCE_ANY || !bal.on)
        return "";   // a person asked (obeyed), or the balancer not for load
    uint32_t r = bal.demand_sum + bal.taken;
    if (!bal_accept(&bal.p, r, cl.speed, BAL_SCALE, score)) {
        bal.refused_in++;
        return "busy: it would be no better off here";
    }
    bal.taken += BAL_SCALE;   // counted until the next round measures it
    return "";
}

uint32_t balancer_best_node(uint32_t size_kb)
{
    if (!cluster_running())
        return cl.self;
    static struct bal_node v[BAL_MAX_NODES];
    uint32_t f = intr_save();   // a process asks, not the cluster thread: a consistent view
    int nn = view(v, uptime_ms());
    // This node with one more runnable process than it has now.
    uint32_t node = bal_place(&bal.p, v, nn, size_kb);
    if (node != cl.self)
        bal_note_sent(&bal.mem, node, BAL_SCALE, uptime_ms(), 2 * bal.interval_ms);
    intr_restore(f);
    return node;
}

int balancer_gen(char *buf, size_t size)
{
    struct text t = { buf, size, 0 };
    text_add(&t, "balancer %s, arrivals %s, interval %u ms, rounds %u, asked %u, moved %u, "
             "refused there %u, refused here %u\n",
             bal.on ? "on" : "off", bal.blocks ? "blocked" : "taken", bal.interval_ms,
             bal.rounds, bal.asked, bal.moved, bal.refused_out, bal.refused_in);
    text_add(&t, "%-8s %-8s %-10s %4s %-10s %-13s %-11s %7s  %s\n", "TIME_MS", "PID", "NAME",
             "TO", "WHY", "SCORE", "RATE", "COST_MS", "OUTCOME");
    for (uint32_t i = 0; i < BALANCER_LOG; i++) {
        const struct decision *d = &bal.log[(bal.log_next + i) % BALANCER_LOG];
        if (d->c.pid == 0)
            continue;
        char score[24], rate[24];
        snformat(score, sizeof(score), "%u.%02u>%u.%02u", d->c.from_score / 1000,
                 d->c.from_score % 1000 / 10, d->c.to_score / 1000, d->c.to_score % 1000 / 10);
        snformat(rate, sizeof(rate), "%u>%u", d->c.rate_here, d->c.rate_there);
        text_add(&t, "%-8u %-8d %-10s %4u %-10s %-13s %-11s %7u  %s\n", (unsigned)d->at,
                 d->c.pid, d->name, d->c.node, bal_why_name(d->c.why), score, rate,
                 d->c.cost_ms, d->outcome);
    }
    return (int)t.len;
}
