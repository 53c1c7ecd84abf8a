// Gossip simulator: runs the kernel's own ssi/gossip.c and ssi/loadvec.c (the
// same files, linked in) for clusters of 16, 256 and 4096 nodes over a lossy
// network, in synchronous rounds of GOSSIP_INTERVAL_MS, and prints per size:
//   - boot: rounds until every node knows every other (all boot at round 0
//     and broadcast a HELLO that each node receives with probability 1-loss);
//   - staleness: mean and max age of the entries every node holds of every
//     other, and the largest age seen over the steady-state rounds;
//   - join: rounds until every node knows a node that boots later;
//   - death: rounds until every node marks a dead node down, and the timeout;
//   - restart: rounds until every node marks it up again after a reboot;
//   - false downs: live nodes marked down anywhere during the run.
// The join, death and restart phases take a timeout's worth of rounds; they
// run for sizes up to LIFECYCLE_MAX unless -a asks for them at every size.
//
//   build/gossip-sim [-l LOSS_PERCENT] [-s SEED] [-a] [N ...]
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ssi/gossip.h"
#include "ssi/wire.h"

#define STEADY_ROUNDS 40     // rounds of steady state over which staleness is sampled
#define LIFECYCLE_MAX 1024   // largest size for which join/death/restart run by default

// A simulated node: its vector, its gossip state, its clock offset.
struct simnode {
    struct loadvec lv;
    struct gossip g;
    bool alive;
    uint32_t incarnation;
    uint64_t offset;         // its clock reads global time + offset
};

// A payload in transit.
struct msg {
    uint32_t to;             // receiving node index
    uint32_t from;           // sender index
    uint8_t type;
    uint16_t len;
    uint8_t body[GOSSIP_MAX_PAYLOAD];
};

static struct simnode *nodes;
static uint32_t nn;           // nodes in the cluster (the last one joins late)
static struct msg *q;         // messages of this round
static size_t nq, qcap;
static struct prng net;       // the network's losses
static uint32_t loss_pct = 10;
static uint64_t gnow;         // global time, ms
static bool lifecycle_all;    // -a: join/death/restart phases at every size

static uint32_t addr_of(uint32_t i) { return 0x0a000000u + i + 1; }
static uint32_t id_of(uint32_t i) { return i + 1; }
static uint64_t local(uint32_t i) { return gnow + nodes[i].offset; }

static int emit(void *ctx, uint32_t node, uint32_t addr, uint8_t type,
                const void *payload, size_t len)
{
    uint32_t from = (uint32_t)(uintptr_t)ctx;
    if (prng_below(&net, 100) < loss_pct)
        return 0;
    if (nq == qcap) {
        qcap = qcap ? 2 * qcap : 1024;
        q = realloc(q, qcap * sizeof(*q));
    }
    struct msg *m = &q[nq++];
    m->to = node - 1;
    m->from = from;
    m->type = type;
    m->len = (uint16_t)len;
    memcpy(m->body, payload, len);
    return 0;
}

static void conflict(void *ctx, uint32_t node, uint32_t kept, uint32_t other, bool lose)
{
    fprintf(stderr, "unexpected id conflict on node %u\n", node);
    exit(1);
}

// Boot node i (again): empty vector but itself, new incarnation.
static void boot(uint32_t i, const struct gossip_config *cfg, uint64_t seed)
{
    struct simnode *s = &nodes[i];
    loadvec_init(&s->lv, s->lv.e, s->lv.cap, s->lv.index, s->lv.index_slots);
    s->incarnation++;
    s->alive = true;
    struct gossip_ops ops = { (void *)(uintptr_t)i, emit, conflict };
    gossip_init(&s->g, cfg, &ops, &s->lv, id_of(i), addr_of(i), s->incarnation, seed + i);
    gossip_set_load(&s->g, LV_LOAD_SCALE * (i % 4), LV_SPEED_REF, 65536, 10 + i % 7);
}

// Deliver one payload; queue the reply it asks for (built by the receiver).
static void deliver(const struct msg *m)
{
    struct simnode *r = &nodes[m->to];
    if (!r->alive || m->to >= nn)
        return;
    bool reply = false;
    gossip_receive(&r->g, local(m->to), m->type, id_of(m->from), addr_of(m->from),
                   nodes[m->from].incarnation, m->body, m->len, &reply);
    if (reply) {
        uint8_t buf[GOSSIP_MAX_PAYLOAD];
        size_t len = gossip_build(&r->g, local(m->to), id_of(m->from), buf, sizeof(buf));
        emit((void *)(uintptr_t)m->to, id_of(m->from), addr_of(m->from), WIRE_GOSSIP, buf, len);
    }
}

// Deliver every queued payload (replies go out in the next round).
static void flush(void)
{
    size_t n = nq;
    struct msg *batch = malloc(n * sizeof(*batch) + 1);
    memcpy(batch, q, n * sizeof(*batch));
    nq = 0;
    for (size_t i = 0; i < n; i++)
        deliver(&batch[i]);
    free(batch);
}

// Node i broadcasts its HELLO: each other live node gets it with 1-loss,
// at once (one copy at a time: a boot of N nodes makes N^2 of them).
static void hello(uint32_t i)
{
    static struct msg m;
    m.from = i;
    m.type = WIRE_HELLO;
    m.len = (uint16_t)gossip_hello(&nodes[i].g, local(i), m.body, sizeof(m.body));
    for (uint32_t j = 0; j < nn; j++) {
        if (j == i || !nodes[j].alive || prng_below(&net, 100) < loss_pct)
            continue;
        m.to = j;
        deliver(&m);
    }
}

// One round: every live node gossips, then the network delivers.
static void round_all(void)
{
    gnow += GOSSIP_INTERVAL_MS;
    for (uint32_t i = 0; i < nn; i++)
        if (nodes[i].alive)
            gossip_round(&nodes[i].g, local(i));
    flush();
}

// Live nodes (other than `who`) whose entry of `who` has the given state;
// want_known counts those that know it at all (any state).
static uint32_t count_view(uint32_t who, int state)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < nn; i++) {
        if (i == who || !nodes[i].alive)
            continue;
        struct lv_entry *e = loadvec_find(&nodes[i].lv, id_of(who));
        if (state < 0 ? e != NULL : (e && e->state == state))
            n++;
    }
    return n;
}

static uint32_t live_others(uint32_t who)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < nn; i++)
        n += i != who && nodes[i].alive;
    return n;
}

// True when every node knows every other (at boot, when all are alive).
static bool all_know_all(void)
{
    for (uint32_t i = 0; i < nn; i++)
        if (nodes[i].lv.count < nn)
            return false;
    return true;
}

// Staleness of what live nodes hold of live others: mean and max age (ms);
// also counts live nodes held as down (false downs).
static void staleness(double *mean, uint64_t *max, uint64_t *false_down)
{
    double sum = 0;
    uint64_t n = 0;
    *max = 0;
    for (uint32_t i = 0; i < nn; i++) {
        if (!nodes[i].alive)
            continue;
        for (uint32_t k = 0; k < nodes[i].lv.count; k++) {
            struct lv_entry *e = &nodes[i].lv.e[k];
            if (e->node == id_of(i) || !nodes[e->node - 1].alive)
                continue;
            if (e->state != LV_UP)
                (*false_down)++;
            uint64_t age = loadvec_age(e, local(i));
            sum += (double)age;
            n++;
            if (age > *max)
                *max = age;
        }
    }
    *mean = n ? sum / (double)n : 0;
}

// Free the simulated nodes.
static void release(uint32_t total)
{
    for (uint32_t i = 0; i < total; i++) {
        free(nodes[i].lv.e);
        free(nodes[i].lv.index);
    }
    free(nodes);
}

static int log2i(uint32_t n)
{
    int l = 0;
    while (n > 1) {
        n >>= 1;
        l++;
    }
    return l;
}

// Simulate a cluster of n nodes (plus one that joins later).
static void simulate(uint32_t n, uint64_t seed)
{
    struct gossip_config cfg;
    gossip_default_config(&cfg);
    uint32_t total = n + 1;
    nodes = calloc(total, sizeof(*nodes));
    for (uint32_t i = 0; i < total; i++) {
        nodes[i].lv.cap = total;
        nodes[i].lv.e = malloc(total * sizeof(struct lv_entry));
        nodes[i].lv.index_slots = 2 * total;
        nodes[i].lv.index = malloc(2 * total * sizeof(struct lv_slot));
        nodes[i].offset = (uint64_t)(i * 7919u % 100000u);   // clocks disagree
    }
    prng_seed(&net, seed);
    gnow = 0;
    nn = n;                                   // the joiner is not there yet

    // Boot: everyone at once, each broadcasting a HELLO.
    for (uint32_t i = 0; i < n; i++)
        boot(i, &cfg, seed * 1000003u);
    for (uint32_t i = 0; i < n; i++)
        hello(i);
    flush();
    int boot_rounds = 0;
    while (!all_know_all() && boot_rounds < 100000) {
        round_all();
        boot_rounds++;
    }

    // Steady state for a while: measure staleness (and the worst seen).
    uint64_t false_down = 0, worst = 0, maxage = 0;
    double mean = 0;
    uint32_t timeout = gossip_timeout_ms(&nodes[0].g);
    uint32_t steady = STEADY_ROUNDS;
    for (uint32_t r = 1; r <= steady; r++) {
        round_all();
        if (r % 4 == 0 || r == steady) {      // sample (a pass over N^2 entries)
            staleness(&mean, &maxage, &false_down);
            if (maxage > worst)
                worst = maxage;
        }
    }

    printf("N=%-5u loss=%u%% fanout=%u entries/message=%u timeout=%u rounds (%u ms)\n", n,
           loss_pct, gossip_fanout(&nodes[1].g), cfg.entries + 1, timeout / GOSSIP_INTERVAL_MS,
           timeout);
    printf("  boot:      every node knows every other after %d rounds\n", boot_rounds);
    printf("  staleness: mean %.1f rounds, max %.1f rounds (worst sampled over %u steady rounds: %.1f)\n",
           mean / GOSSIP_INTERVAL_MS, (double)maxage / GOSSIP_INTERVAL_MS, steady,
           (double)worst / GOSSIP_INTERVAL_MS);
    fflush(stdout);
    if (n > LIFECYCLE_MAX && !lifecycle_all) {
        printf("  (join, death and restart phases: run with -a; they take timeout rounds)\n");
        printf("  false downs of live nodes: %llu during steady state\n",
               (unsigned long long)false_down);
        release(total);
        return;
    }

    // Join: node n boots and broadcasts its HELLO.
    nn = n + 1;
    boot(n, &cfg, seed * 1000003u);
    hello(n);
    flush();
    int join_rounds = 0;
    while (count_view(n, -1) < live_others(n) && join_rounds < 100000) {
        round_all();
        join_rounds++;
    }
    int join_self = 0;
    while (nodes[n].lv.count < nn && join_self < 100000) {
        round_all();
        join_self++;
    }

    // Death: node 0 stops.
    nodes[0].alive = false;
    int death_rounds = 0;
    while (count_view(0, LV_DOWN) < live_others(0) && death_rounds < 100000) {
        round_all();
        death_rounds++;
    }
    uint32_t timeout_now = gossip_timeout_ms(&nodes[1].g);

    // Restart: node 0 reboots (new incarnation) and announces itself.
    boot(0, &cfg, seed * 1000003u + 17);
    hello(0);
    flush();
    int restart_rounds = 0;
    while (count_view(0, LV_UP) < live_others(0) && restart_rounds < 100000) {
        round_all();
        restart_rounds++;
    }
    uint64_t fd_end = 0, maxend;
    double meanend;
    staleness(&meanend, &maxend, &fd_end);

    printf("  join:      all nodes know the newcomer after %d rounds (log2 N = %d), "
           "it knows all after %d more\n", join_rounds, log2i(n), join_self);
    printf("  death:     all nodes mark it down after %d rounds (timeout %u rounds)\n",
           death_rounds, timeout_now / GOSSIP_INTERVAL_MS);
    printf("  restart:   all nodes mark it up again after %d rounds\n", restart_rounds);
    printf("  false downs of live nodes: %llu during steady state, %llu at the end\n",
           (unsigned long long)false_down, (unsigned long long)fd_end);
    fflush(stdout);
    release(total);
}

int main(int argc, char **argv)
{
    uint64_t seed = 1;
    uint32_t sizes[16];
    int nsizes = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-l") == 0 && i + 1 < argc)
            loss_pct = (uint32_t)atoi(argv[++i]);
        else if (strcmp(argv[i], "-a") == 0)
            lifecycle_all = true;
        else if (strcmp(argv[i], "-s") == 0 && i + 1 < argc)
            seed = (uint64_t)atoll(argv[++i]);
        else if (nsizes < 16)
            sizes[nsizes++] = (uint32_t)atoi(argv[i]);
    }
    if (nsizes == 0) {
        sizes[0] = 16;
        sizes[1] = 256;
        sizes[2] = 4096;
        nsizes = 3;
    }
    for (int i = 0; i < nsizes; i++)
        simulate(sizes[i], seed);
    free(q);
    return 0;
}
