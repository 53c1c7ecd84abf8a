// The balancing simulator (see balance_sim.h). Time moves in steps of
// SIM_STEP_MS; each node shares its speed equally among the jobs it runs
// (processor sharing, as a round-robin scheduler does over a second); the
// vector each node sees is the state of every node at the last gossip
// round; each node's balancer runs once per interval, the nodes' rounds
// spread over the interval as unsynchronised clocks spread them.
#include "tools/balance_sim.h"
#include "ssi/loadvec.h"
#include <stdlib.h>
#include <string.h>

#define SIM_STEP_MS 10
#define SIM_NONE    0xFFFFFFFFu

enum job_state { J_WAITING, J_RUNNING, J_MOVING, J_DONE };

struct job {
    enum job_state state;
    uint32_t node;          // where it runs (or goes, while moving)
    uint64_t done_work_us;  // reference-CPU microseconds done
    uint64_t moving_until;  // J_MOVING: when it arrives
    uint64_t resident_since;
    uint64_t end_ms;
    uint32_t moves;
};

struct sim {
    const struct sim_config *c;
    const struct sim_job *jobs;
    int nj;
    struct job j[SIM_MAX_JOBS];
    uint32_t vec_load[BAL_MAX_NODES];    // the vector as of the last round (load, free)
    uint32_t vec_free[BAL_MAX_NODES];
    uint64_t vec_at;                     // when the last round was
    struct bal_memory mem[BAL_MAX_NODES];
    uint32_t rng;
    uint32_t rr_next;
};

static uint32_t next_rand(struct sim *s)
{
    uint32_t x = s->rng;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    s->rng = x;
    return x;
}

void sim_defaults(struct sim_config *c, int n)
{
    memset(c, 0, sizeof(*c));
    c->nodes = n;
    for (int i = 0; i < BAL_MAX_NODES; i++)
        c->speed[i] = LV_SPEED_REF;
    c->interval_ms = 1000;
    c->rate_kbs = 8192;
    c->call_us = 1000;
    c->place_kb = 64;
    c->place = true;
    c->moves_per_round = 4;
    c->seed = 1;
}

// Jobs running on node (not moving) and their memory.
static uint32_t running_on(const struct sim *s, uint32_t node, uint32_t *mem_kb)
{
    uint32_t n = 0, kb = 0;
    for (int i = 0; i < s->nj; i++) {
        if (s->j[i].node != node || (s->j[i].state != J_RUNNING && s->j[i].state != J_MOVING))
            continue;
        kb += s->jobs[i].size_kb;   // a job on its way holds memory at its target already
        if (s->j[i].state == J_RUNNING)
            n++;
    }
    if (mem_kb)
        *mem_kb = kb;
    return n;
}

static uint32_t free_of(const struct sim *s, uint32_t node)
{
    uint32_t used;
    running_on(s, node, &used);
    uint32_t total = s->c->free_kb[node] ? s->c->free_kb[node] : 1u << 30;
    return total > used ? total - used : 0;
}

// A gossip round: every node's vector becomes the cluster as it is now.
static void gossip(struct sim *s, uint64_t now)
{
    for (int n = 0; n < s->c->nodes; n++) {
        uint32_t r = running_on(s, (uint32_t)n, NULL) * LV_LOAD_SCALE;
        s->vec_load[n] = loadvec_scale_load(r, s->c->speed[n]);
        s->vec_free[n] = free_of(s, (uint32_t)n);
    }
    s->vec_at = now;
}

// Node self's view: the vector, its own entry as it is now, its memory.
static void view_of(struct sim *s, uint32_t self, uint64_t now, struct bal_node *v)
{
    for (int n = 0; n < s->c->nodes; n++) {
        bool me = (uint32_t)n == self;
        uint32_t load = s->vec_load[n], free = s->vec_free[n];
        if (me) {
            load = loadvec_scale_load(running_on(s, self, NULL) * LV_LOAD_SCALE,
                                      s->c->speed[n]);
            free = free_of(s, self);
        }
        v[n] = (struct bal_node){
            .node = (uint32_t)n + 1, .load = load, .speed = s->c->speed[n], .free_kb = free,
            .age_ms = me ? 0 : (uint32_t)(now - s->vec_at), .rate_kbs = s->c->rate_kbs,
            .up = true,
        };
    }
    bal_memory_apply(&s->mem[self], v, s->c->nodes, now);
}

static void params_of(const struct sim *s, uint32_t self, struct bal_params *p)
{
    bal_defaults(p, self + 1, s->c->interval_ms);
    p->call_us = s->c->call_us;
    p->default_kbs = s->c->rate_kbs;
    p->seed = (self + 1) * 7919u + s->c->seed;
    p->usher_kb = s->c->free_kb[self] ? p->usher_kb : 0;
}

// Start job i (it arrives now) under policy.
static void start(struct sim *s, int i, enum sim_policy policy, uint64_t now)
{
    const struct sim_job *jb = &s->jobs[i];
    struct job *j = &s->j[i];
    uint32_t node = jb->origin;
    if (policy == SIM_ROUND_ROBIN)
        node = s->rr_next++ % (uint32_t)s->c->nodes;
    else if (policy == SIM_RANDOM)
        node = next_rand(s) % (uint32_t)s->c->nodes;
    j->state = J_RUNNING;
    j->resident_since = now;
    if (policy == SIM_BALANCER && s->c->place) {
        struct bal_node v[BAL_MAX_NODES];
        struct bal_params p;
        view_of(s, jb->origin, now, v);
        params_of(s, jb->origin, &p);
        node = bal_place(&p, v, s->c->nodes, jb->size_kb) - 1;
        if (node != jb->origin) {
            bal_note_sent(&s->mem[jb->origin], node + 1, BAL_SCALE, now,
                          2 * s->c->interval_ms);
            j->state = J_MOVING;   // it starts there after its (small) move
            j->moving_until = now + (uint64_t)s->c->place_kb * 1000 / s->c->rate_kbs;
        }
    }
    j->node = node;
}

// Node self's balancer round.
static void balance(struct sim *s, uint32_t self, uint64_t now, struct sim_result *r)
{
    struct bal_node v[BAL_MAX_NODES];
    struct bal_proc procs[BAL_MAX_PROCS];
    int np = 0, index[BAL_MAX_PROCS];
    view_of(s, self, now, v);
    for (int i = 0; i < s->nj && np < BAL_MAX_PROCS; i++) {
        struct job *j = &s->j[i];
        if (j->state != J_RUNNING || j->node != self)
            continue;
        const struct sim_job *jb = &s->jobs[i];
        index[np] = i;
        procs[np++] = (struct bal_proc){
            .pid = i + 1, .home = jb->origin + 1, .demand = BAL_SCALE,
            .home_calls = jb->home_calls, .age_ms = (uint32_t)(now - jb->arrive_ms),
            .resident_ms = (uint32_t)(now - j->resident_since), .arrived = j->moves > 0,
            .size_kb = jb->size_kb, .movable = true,
        };
    }
    struct bal_params p;
    params_of(s, self, &p);
    struct bal_choice out[8];
    int max = s->c->moves_per_round < 8 ? s->c->moves_per_round : 8;
    int n = bal_plan(&p, v, s->c->nodes, procs, np, out, max);
    for (int k = 0; k < n; k++) {
        int i = -1;
        for (int q = 0; q < np; q++)
            if (procs[q].pid == out[k].pid)
                i = index[q];
        struct job *j = &s->j[i];
        if (out[k].why == BAL_LOAD) {
            // The target's own check, on what it runs and takes in now.
            uint32_t t = out[k].node - 1, taking = 0;
            for (int q = 0; q < s->nj; q++)
                taking += s->j[q].node == t && (s->j[q].state == J_RUNNING ||
                                                s->j[q].state == J_MOVING);
            struct bal_params tp;
            params_of(s, t, &tp);
            if (!bal_accept(&tp, taking * LV_LOAD_SCALE, s->c->speed[t], BAL_SCALE,
                            out[k].from_score)) {
                r->refused++;
                bal_note_refused(&s->mem[self], out[k].node, now, 2 * s->c->interval_ms);
                continue;
            }
        }
        j->state = J_MOVING;
        j->node = out[k].node - 1;
        j->moving_until = now + bal_cost_ms(&p, s->jobs[i].size_kb, s->c->rate_kbs);
        j->moves++;
        r->moves++;
        if (j->moves > r->max_job_moves)
            r->max_job_moves = j->moves;
        if (r->first_move_ms == UINT32_MAX)
            r->first_move_ms = (uint32_t)now;
        r->last_move_ms = (uint32_t)now;
        bal_note_sent(&s->mem[self], out[k].node, BAL_SCALE, now, 2 * s->c->interval_ms);
    }
}

int sim_run(const struct sim_config *c, enum sim_policy policy, const struct sim_job *jobs,
            int nj, struct sim_result *r)
{
    if (c->nodes < 1 || c->nodes > BAL_MAX_NODES || nj < 0 || nj > SIM_MAX_JOBS ||
        c->interval_ms < SIM_STEP_MS || c->rate_kbs == 0)
        return -1;
    for (int i = 0; i < nj; i++)
        if (jobs[i].origin >= (uint32_t)c->nodes)
            return -1;
    struct sim *s = calloc(1, sizeof(*s));
    if (!s)
        return -1;
    s->c = c;
    s->jobs = jobs;
    s->nj = nj;
    s->rng = c->seed * 2654435761u | 1;
    for (int n = 0; n < c->nodes; n++)
        bal_memory_init(&s->mem[n]);
    memset(r, 0, sizeof(*r));
    r->first_move_ms = UINT32_MAX;
    uint64_t limit = c->limit_ms ? c->limit_ms : 36000000ull;
    uint64_t first_start = UINT64_MAX, flow = 0;
    uint32_t left = (uint32_t)nj;
    gossip(s, 0);
    for (uint64_t now = 0; left > 0 && now < limit; now += SIM_STEP_MS) {
        for (int i = 0; i < nj; i++) {
            struct job *j = &s->j[i];
            if (j->state == J_WAITING && jobs[i].arrive_ms <= now) {
                start(s, i, policy, now);
                if (now < first_start)
                    first_start = now;
            }
            if (j->state == J_MOVING && j->moving_until <= now) {
                j->state = J_RUNNING;
                j->resident_since = now;
            }
        }
        // Each node shares its speed among the jobs it runs.
        uint32_t counts[BAL_MAX_NODES] = { 0 };
        for (int i = 0; i < nj; i++)
            if (s->j[i].state == J_RUNNING)
                counts[s->j[i].node]++;
        for (int n = 0; n < c->nodes; n++)
            if (counts[n] > r->peak_jobs[n])
                r->peak_jobs[n] = counts[n];
        for (int i = 0; i < nj; i++) {
            struct job *j = &s->j[i];
            if (j->state != J_RUNNING)
                continue;
            uint64_t us = (uint64_t)SIM_STEP_MS * 1000 * c->speed[j->node] / LV_SPEED_REF /
                          counts[j->node];
            if (j->node != jobs[i].origin) {
                uint64_t lost = (uint64_t)jobs[i].home_calls * c->call_us;   // per second
                us = lost >= 1000000 ? 0 : us * (1000000 - lost) / 1000000;
            }
            j->done_work_us += us;
            if (j->done_work_us >= (uint64_t)jobs[i].work_ms * 1000) {
                j->state = J_DONE;
                j->end_ms = now + SIM_STEP_MS;
                flow += j->end_ms - jobs[i].arrive_ms;
                if (j->end_ms - first_start > r->makespan_ms)
                    r->makespan_ms = j->end_ms - first_start;
                r->finished++;
                left--;
            }
        }
        uint64_t t = now + SIM_STEP_MS;
        if (t % c->interval_ms == 0)
            gossip(s, t);
        if (policy == SIM_BALANCER)
            for (int n = 0; n < c->nodes; n++) {
                uint64_t phase = (uint64_t)c->interval_ms * (uint32_t)n / (uint32_t)c->nodes;
                phase -= phase % SIM_STEP_MS;
                if (t % c->interval_ms == phase)
                    balance(s, (uint32_t)n, t, r);
            }
    }
    r->mean_flow_ms = r->finished ? flow / r->finished : 0;
    if (left > 0)
        r->makespan_ms = limit;
    free(s);
    return 0;
}
