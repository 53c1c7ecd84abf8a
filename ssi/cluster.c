// The cluster thread (see cluster.h). One kernel thread owns all cluster
// state: it receives datagrams, runs gossip rounds and the transport's
// timers, and measures this node's load. Other contexts read the state
// through cluster_snapshot and ask for work through cluster_command
// (ssi/cluster_ctl.c), which the thread runs between datagrams.
#include "ssi/cluster.h"
#include "ssi/cluster_int.h"
#include "ssi/key.h"
#include "ssi/speed.h"
#include "kernel/boot.h"
#include "kernel/clock.h"
#include "kernel/console.h"
#include "kernel/panic.h"
#include "kernel/proc.h"
#include "ssi/migrate.h"
#include "ssi/balancer.h"
#include "kernel/sched.h"
#include "kernel/x86.h"
#include "drivers/pit.h"
#include "mm/kmalloc.h"
#include "mm/phys.h"
#include "net/ipaddr.h"
#include "net/net.h"
#include "net/udp_sock.h"
#include <string.h>

struct cluster cl;

bool cluster_running(void)
{
    return cl.running && !cl.g.excluded;
}

uint32_t cluster_self(void)
{
    return cl.running ? cl.self : 0;
}

// --- sending -------------------------------------------------------------

// Wrap payload in an authenticated datagram for node dst and send it.
static int send_wire(uint8_t type, uint32_t dst, uint32_t ip, const void *payload, size_t len)
{
    size_t n = wire_encode(&cl.ep, type, dst, payload, len, cl.txbuf, sizeof(cl.txbuf));
    if (n == 0)
        return -1;
    return udp_sock_sendto(cl.sock, ip, WIRE_PORT, cl.txbuf, n) < 0 ? -1 : 0;
}

static int gossip_emit(void *ctx, uint32_t node, uint32_t addr, uint8_t type,
                       const void *payload, size_t len)
{
    return send_wire(type, node, addr, payload, len);
}

static void gossip_conflict(void *ctx, uint32_t node, uint32_t addr_kept, uint32_t addr_other,
                            bool we_lose)
{
    char a[IP_STR_MAX], b[IP_STR_MAX];
    ip_format(a, addr_kept);
    ip_format(b, addr_other);
    kprintf("cluster: node id %u is claimed by %s and by %s\n", node, a, b);
    if (we_lose)
        kprintf("cluster: this node started later and stays out of the cluster "
                "(set node= to a free id)\n");
}

// The transport hands us finished datagrams (already wrapped by the wire
// layer through its endpoint).
static int tp_send(void *ctx, uint32_t ip, uint16_t port, const void *buf, size_t len)
{
    return udp_sock_sendto(cl.sock, ip, port, buf, len) < 0 ? -1 : 0;
}

static void *tp_alloc(void *ctx, size_t n)
{
    return kmalloc(n);
}

static void tp_free(void *ctx, void *p, size_t n)
{
    kfree(p);
}

// --- load -----------------------------------------------------------------

// Fold one run-queue sample into the average (LV_LOAD_SCALE units).
static void sample_load(void)
{
    cl.load_avg = loadvec_ema(cl.load_avg, proc_runnable_count() * LV_LOAD_SCALE, LV_EMA_SHIFT);
    balancer_sample();
}

// The node's speed: a fixed integer loop timed with the PIT, relative to
// a reference machine (LV_SPEED_REF) that runs CALIBRATE_REF_ITERS of it
// per millisecond. One run is short; the estimate is the fastest of the
// recent runs (ssi/speed.h): CALIBRATE_BOOT_RUNS at boot, then more
// while the node has nothing to run (calibrate_when_idle).
#define CALIBRATE_US        5000    // short: a run fits in one slice of a busy host's CPU
#define CALIBRATE_REF_ITERS 20000
#define CALIBRATE_BOOT_RUNS 8
#define CALIBRATE_SOON_MS   500
#define CALIBRATE_EVERY_MS  5000

static uint32_t calibrate_run(void)
{
    uint64_t start = uptime_us(), now;
    uint32_t iters = 0;
    volatile uint32_t x = 1;
    while ((now = uptime_us()) - start < CALIBRATE_US) {
        for (int i = 0; i < 1000; i++)
            x = x * 1103515245u + 12345u;
        iters++;
    }
    uint64_t per_ms = (uint64_t)iters * 1000000 / (now - start);
    return (uint32_t)(per_ms * LV_SPEED_REF / CALIBRATE_REF_ITERS);
}

// One more run when the node is idle and the speed is measured (not set):
// every CALIBRATE_SOON_MS until SPEED_RUNS runs are in (a node booted on a
// busy host learns its speed soon), then every CALIBRATE_EVERY_MS.
static void calibrate_when_idle(uint64_t now)
{
    static uint64_t next;
    if (cl.speed_set || now < next || proc_runnable_count() > 0 || cluster_calls_waiting())
        return;
    next = now + (cl.speed_est.count < SPEED_RUNS ? CALIBRATE_SOON_MS : CALIBRATE_EVERY_MS);
    speed_add(&cl.speed_est, calibrate_run());
    cl.speed = speed_value(&cl.speed_est);
}

// --- receiving --------------------------------------------------------------

static void handle(const uint8_t *buf, size_t len, uint32_t ip, uint64_t now)
{
    struct wire_msg m;
    enum wire_reason why = wire_decode(&cl.rx, buf, len, ip, now, &m);
    if (why == WIRE_ID_CONFLICT_ADDR) {
        if (gossip_wire_conflict(&cl.g, now, m.h.src, ip)) {
            size_t n = gossip_build(&cl.g, now, m.h.src, cl.gbuf, sizeof(cl.gbuf));
            if (n)
                send_wire(WIRE_GOSSIP, m.h.src, ip, cl.gbuf, n);
        }
        return;
    }
    if (why != WIRE_OK)
        return;   // counted by reason in cl.rx.stats
    switch (m.h.type) {
    case WIRE_HELLO:
    case WIRE_GOSSIP: {
        bool reply = false;
        transport_peer_alive(&cl.tp, m.h.src, m.h.incarnation, now);
        gossip_receive(&cl.g, now, m.h.type, m.h.src, ip, m.h.incarnation,
                       m.payload, m.h.length, &reply);
        if (reply) {
            size_t n = gossip_build(&cl.g, now, m.h.src, cl.gbuf, sizeof(cl.gbuf));
            if (n)
                send_wire(WIRE_GOSSIP, m.h.src, ip, cl.gbuf, n);
        }
        break;
    }
    case WIRE_DATA:
    case WIRE_ACK:
        if (!cl.g.excluded)
            transport_input(&cl.tp, now, &m);
        break;
    default:
        break;
    }
}

// Handle the datagram in rxbuf. When that sent data (an answer, usually)
// and more datagrams wait (often the ACK that came right after the
// request), let the network thread send it first: it is the first kernel
// thread the scheduler picks. Only ACKs sent (a bulk transfer coming in)
// wait for the rest, and leave together.
static void handle_and_send(uint64_t now, uint32_t ip, int got)
{
    uint32_t data_sent = cl.tp.stats.data_sent;
    handle(cl.rxbuf, (size_t)got, ip, now);
    if (cl.tp.stats.data_sent != data_sent && udp_sock_readable(cl.sock) && net_pending())
        yield();
}

// --- the thread -------------------------------------------------------------

// Announce this node to every node on the LAN (a HELLO to the broadcast
// address): at boot, and at every round while it knows no other node up,
// so that a lost announcement or a partition does not leave it alone.
static void announce(uint64_t now)
{
    size_t n = gossip_hello(&cl.g, now, cl.gbuf, sizeof(cl.gbuf));
    send_wire(WIRE_HELLO, WIRE_NODE_BROADCAST, 0xFFFFFFFFu, cl.gbuf, n);
    cl.hellos++;
}

static bool cluster_start(uint32_t addr);

// The cluster thread's reasons to wake before its next timer.
static bool datagram_or_call(void *arg)
{
    return udp_sock_readable(cl.sock) || cluster_calls_waiting();
}

static void cluster_thread(void *arg)
{
    // A node configured by DHCP gets its address some time after boot.
    uint32_t addr;
    bool said = false;
    while ((addr = net_local_ip()) == 0) {
        if (!said)
            kprintf("cluster: waiting for the node's address\n");
        said = true;
        uint32_t f = intr_save();
        sleep_timeout(&cl, 100);
        intr_restore(f);
    }
    if (!cluster_start(addr))
        return;
    uint64_t now = uptime_ms();
    announce(now);
    uint64_t next_round = now + cl.g.cfg.interval_ms;
    uint64_t next_tick = now + CLUSTER_TICK_MS;

    for (;;) {
        now = uptime_ms();
        uint64_t due = next_tick < next_round ? next_tick : next_round;
        uint64_t acks = transport_acks_due(&cl.tp);   // an answer's delayed ACK
        if (acks && acks < due)
            due = acks;
        int wait = due > now ? (int)(due - now) : 0;
        uint32_t ip;
        uint16_t port;
        // Wake for a datagram, a call from another thread, or the next timer.
        net_wait(datagram_or_call, NULL, now + (uint64_t)wait);
        int got = udp_sock_recvfrom(cl.sock, cl.rxbuf, sizeof(cl.rxbuf), &ip, &port, 0);
        now = uptime_ms();
        cluster_run_calls(now);
        if (got > 0) {
            cl.datagrams++;
            if ((size_t)got > WIRE_MAX_DATAGRAM)
                cl.oversize++;   // the socket cut it at rxbuf: never a valid datagram
            else
                handle_and_send(now, ip, got);
        }
        transport_send_due_acks(&cl.tp, now);
        if (now >= next_tick) {
            sample_load();
            calibrate_when_idle(now);
            transport_tick(&cl.tp, now);
            migrate_tick(now);
            next_tick = now + CLUSTER_TICK_MS;
        }
        if (now >= next_round) {
            gossip_set_load(&cl.g, loadvec_scale_load(cl.load_avg, cl.speed), cl.speed,
                            (uint32_t)(phys_free_bytes() >> 10), proc_user_count());
            gossip_round(&cl.g, now);
            balancer_round(now);
            if (cl.g.up <= 1 && !cl.g.excluded)
                announce(now);
            next_round = now + cl.g.cfg.interval_ms;
        }
    }
}

// The key: key= on the command line when given (it overrides), else the
// module cluster.key.
static bool load_key(uint8_t key[CLUSTER_KEY_SIZE])
{
    const char *k = cmdline_get(&bootinfo.cmdline, "key");
    if (k) {
        if (clusterkey_parse(k, strlen(k), key) == 0)
            return true;
        kprintf("cluster: key= is not a key (32 hex digits)\n");
        return false;
    }
    const struct boot_module *m = boot_find_module(CLUSTER_KEY_MODULE);
    if (m) {
        if (clusterkey_parse(P2V(m->start), m->end - m->start, key) == 0)
            return true;
        kprintf("cluster: module %s is not a key (32 hex digits)\n", m->name);
        return false;
    }
    kprintf("cluster: no cluster key (module %s or key=): the cluster layer is off\n",
            CLUSTER_KEY_MODULE);
    return false;
}

// The node id the command line gives for address addr (0: take any
// address, the one of ip=): node= when given, else the host part of ip=
// when it is addr; 0 when neither says.
static uint32_t cmdline_node_id(uint32_t addr)
{
    long n = cmdline_get_int(&bootinfo.cmdline, "node", 0);
    if (n > 0)
        return (uint32_t)n;
    uint32_t ip;
    int prefix = 24;
    const char *s = cmdline_get(&bootinfo.cmdline, "ip");
    if (s && ip_parse_cidr(s, &ip, &prefix) && (addr == 0 || ip == addr))
        return ip & ~ip_prefix_mask(prefix);
    return 0;
}

// The node id: node= when given, else the host part of the address.
static uint32_t node_id(uint32_t addr)
{
    uint32_t n = cmdline_node_id(addr);
    return n ? n : addr & 0xFF;
}

uint32_t cluster_boot_node_id(void)
{
    return cmdline_node_id(0);
}

// What the cluster layer needs before the node has an address: the key
// and the speed (the calibration loop wants the CPU to itself).
static uint8_t boot_key[CLUSTER_KEY_SIZE];

void cluster_init(void)
{
    if (!load_key(boot_key))
        return;
    if (!net_has_card()) {
        kprintf("cluster: no network: the cluster layer is off\n");
        return;
    }
    long speed = cmdline_get_int(&bootinfo.cmdline, "speed", 0);
    speed_init(&cl.speed_est);
    cl.speed_set = speed > 0;
    for (int i = 0; i < CALIBRATE_BOOT_RUNS && !cl.speed_set; i++)
        speed_add(&cl.speed_est, calibrate_run());
    cl.speed = cl.speed_set ? (uint32_t)speed : speed_value(&cl.speed_est);
    if (cl.speed == 0)
        cl.speed = 1;
    if (!kthread_create("clusterd", cluster_thread, NULL))
        kprintf("cluster: no process slot for the cluster thread: the cluster layer is off\n");
}

// Set up the cluster state for this node at addr: its id, the socket, the
// wire endpoint, gossip and the transport. Runs in the cluster thread.
// False (the layer stays off) when the port is taken.
static bool cluster_start(uint32_t addr)
{
    cl.self = node_id(addr);
    proc_set_node(cl.self);   // a DHCP node learns its id only now
    cl.addr = addr;
    // The boot number must grow from boot to boot: the wall clock does.
    cl.incarnation = (uint32_t)clock_now();

    cl.sock = udp_sock_open_unchecksummed(WIRE_PORT);   // every datagram carries a MAC
    if (!cl.sock) {
        kprintf("cluster: UDP port %u is taken: the cluster layer is off\n", WIRE_PORT);
        return false;
    }
    wire_endpoint_init(&cl.ep, boot_key, cl.self, cl.incarnation);
    replay_init(&cl.replay, cl.replay_slots, CLUSTER_REPLAY_SLOTS);
    wire_receiver_init(&cl.rx, boot_key, cl.self, &cl.replay);
    memset(boot_key, 0, sizeof(boot_key));   // the endpoints keep their own copies
    loadvec_init(&cl.lv, cl.entries, CLUSTER_MAX_NODES, cl.index, 2 * CLUSTER_MAX_NODES);

    struct gossip_config gcfg;
    gossip_default_config(&gcfg);
    long interval = cmdline_get_int(&bootinfo.cmdline, "gossip_ms", 0);
    if (interval > 0)
        gcfg.interval_ms = (uint32_t)interval;
    long timeout = cmdline_get_int(&bootinfo.cmdline, "down_ms", 0);
    if (timeout > 0)
        gcfg.timeout_ms = (uint32_t)timeout;
    struct gossip_ops gops = { NULL, gossip_emit, gossip_conflict };
    gossip_init(&cl.g, &gcfg, &gops, &cl.lv, cl.self, addr, cl.incarnation,
                rdtsc() ^ ((uint64_t)addr << 32));

    struct transport_config tcfg;
    transport_default_config(&tcfg);
    tcfg.mem_cap = CLUSTER_TRANSPORT_MEM;
    tcfg.rx_window = CLUSTER_RX_WINDOW;
    struct transport_ops tops = { NULL, tp_send, tp_alloc, tp_free,
                                  cluster_deliver, cluster_sent, cluster_unreachable };
    transport_init(&cl.tp, &tcfg, &tops, &cl.ep, cl.peers, CLUSTER_MAX_NODES);

    cluster_proc_init();
    cluster_ctl_init();
    migrate_init();
    balancer_init(gcfg.interval_ms);
    cl.running = true;
    char a[IP_STR_MAX];
    ip_format(a, addr);
    kprintf("cluster: node %u at %s, incarnation %u, speed %u, gossip every %u ms\n",
            cl.self, a, cl.incarnation, cl.speed, gcfg.interval_ms);
    return true;
}

uint32_t cluster_snapshot(struct lv_entry *out, uint32_t max, uint64_t *now_ms)
{
    uint32_t f = intr_save();   // the thread only changes the vector between sleeps: a copy is consistent
    uint32_t n = cl.lv.count < max ? cl.lv.count : max;
    memcpy(out, cl.lv.e, n * sizeof(*out));
    *now_ms = uptime_ms();
    intr_restore(f);
    return n;
}
