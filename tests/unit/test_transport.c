// Unit tests of the reliable message layer (ssi/transport.c). Two transport
// instances talk through the real wire format over a simulated link whose
// deterministic PRNG drops, duplicates and delays (so reorders) datagrams.
// Time is simulated: one step is one millisecond.
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "ssi/transport.h"
#include "ssi/prng.h"

#define NNODES   2
#define MAXQ     8192
#define MAXRECV  64

static const uint8_t key[16] = "cluster-key-0001";

// A datagram on the simulated link.
struct pkt {
    uint64_t at;       // delivery time
    int to;            // receiving node index
    uint32_t from_ip;  // sender's address
    size_t len;
    uint8_t data[WIRE_MAX_DATAGRAM];
};

// A message a node received.
struct recvd {
    uint32_t from, id, reply_to, len;
    uint8_t *buf;
};

// One simulated node.
struct node {
    int index;
    uint32_t id, ip;
    struct transport t;
    struct wire_endpoint ep;
    struct wire_receiver rx;
    struct replay_table rt;
    struct replay_window slots[8];
    struct tp_peer peers[4];
    struct recvd got[MAXRECV];
    int ngot;
    int sent_status[64];       // by message id: 1 + status once reported, 0 before
    int nsent_cb;
    int unreachable_cb;
    bool auto_reply;           // answer every request with "re:" + payload
    uint32_t max_inflight;     // most chunks seen in flight to the other node
    bool window_violated;      // a DATA left with more in flight than the window
};

static struct node nodes[NNODES];
static struct pkt *queue[MAXQ];
static int nq;
static struct prng rng;
static uint64_t now;
static int loss_pct, dup_pct, delay_ms, jitter_ms;
static int tick_ms = 1;   // transport_tick every tick_ms (the kernel: CLUSTER_TICK_MS)
static bool link_cut;
static long alloc_balance;     // bytes allocated and not freed
static bool (*drop_filter)(const uint8_t *d, size_t len);   // drop chosen datagrams

static void *t_alloc(void *ctx, size_t n)
{
    alloc_balance += (long)n;
    return malloc(n);
}

static void t_free(void *ctx, void *p, size_t n)
{
    alloc_balance -= (long)n;
    free(p);
}

// Queue one copy of a datagram toward node `to` after the link's delay.
static void enqueue(int to, uint32_t from_ip, const void *buf, size_t len)
{
    assert_true(nq < MAXQ);
    struct pkt *p = malloc(sizeof(*p));
    p->at = now + (uint64_t)delay_ms + (jitter_ms ? prng_below(&rng, (uint32_t)jitter_ms + 1) : 0);
    p->to = to;
    p->from_ip = from_ip;
    p->len = len;
    memcpy(p->data, buf, len);
    queue[nq++] = p;
}

static uint8_t sent0[64];   // the types of node 0's datagrams, in order (from nsent0 = 0)
static int nsent0;

static int t_send(void *ctx, uint32_t ip, uint16_t port, const void *buf, size_t len)
{
    struct node *n = ctx;
    if (n->index == 0 && nsent0 < (int)sizeof(sent0))
        sent0[nsent0++] = ((const uint8_t *)buf)[5];
    assert_int_equal(port, WIRE_PORT);
    assert_true(len <= WIRE_MAX_DATAGRAM);
    int to = -1;
    for (int i = 0; i < NNODES; i++)
        if (nodes[i].ip == ip)
            to = i;
    if (to < 0)
        return 0;      // an address nobody has: lost
    // Flow control: a DATA never leaves with more chunks in flight than the
    // window the receiver advertised (one probe when it is zero).
    const struct tp_peer *p = transport_peer(&n->t, nodes[to].id);
    if (p && ((const uint8_t *)buf)[5] == WIRE_DATA) {
        uint32_t win = p->window ? p->window : 1;
        if (p->nflight > win)
            n->window_violated = true;
        if (p->nflight > n->max_inflight)
            n->max_inflight = p->nflight;
    }
    if (link_cut || (int)prng_below(&rng, 100) < loss_pct)
        return 0;
    if (drop_filter && drop_filter(buf, len))
        return 0;
    enqueue(to, n->ip, buf, len);
    if ((int)prng_below(&rng, 100) < dup_pct)
        enqueue(to, n->ip, buf, len);
    return 0;
}

static void t_deliver(void *ctx, uint32_t from, uint32_t id, uint32_t reply_to,
                      uint8_t *buf, uint32_t len)
{
    struct node *n = ctx;
    assert_true(n->ngot < MAXRECV);
    n->got[n->ngot++] = (struct recvd){ from, id, reply_to, len, buf };
    if (n->auto_reply && reply_to == 0) {
        static uint8_t reply[64];
        memcpy(reply, "re:", 3);
        memcpy(reply + 3, buf, len < 60 ? len : 60);
        uint32_t rid;
        const struct tp_peer *p = transport_peer(&n->t, from);
        assert_int_equal(transport_send(&n->t, now, from, p->ip, id, reply,
                                        3 + (len < 60 ? len : 60), &rid), TRANSPORT_OK);
    }
}

static void t_sent(void *ctx, uint32_t node, uint32_t id, int status)
{
    struct node *n = ctx;
    n->nsent_cb++;
    if (node != nodes[1 - n->index].id)
        return;                                  // a fake peer of test_limits
    assert_true(id < 64);
    assert_int_equal(n->sent_status[id], 0);     // reported once
    n->sent_status[id] = 1 + status;
}

static void t_unreachable(void *ctx, uint32_t node)
{
    struct node *n = ctx;
    n->unreachable_cb++;
}

// (Re)create node i with incarnation inc and the given receive tunables.
static void make_node(int i, uint32_t inc, uint32_t rx_window, size_t mem_cap)
{
    struct node *n = &nodes[i];
    if (n->id) {
        // The old instance vanishes as a rebooted node's memory does; give
        // back what it held (its far-future tick drops partial messages).
        for (int k = 0; k < n->ngot; k++)
            transport_release(&n->t, n->got[k].buf, n->got[k].len);
        transport_tick(&n->t, now + 100 * TRANSPORT_DEAD_MS);
    }
    memset(n, 0, sizeof(*n));
    n->index = i;
    n->id = 100 + (uint32_t)i;
    n->ip = 0x0a4d0000u + 11 + (uint32_t)i;
    wire_endpoint_init(&n->ep, key, n->id, inc);
    replay_init(&n->rt, n->slots, 8);
    wire_receiver_init(&n->rx, key, n->id, &n->rt);
    struct transport_config cfg;
    transport_default_config(&cfg);
    cfg.rx_window = rx_window;
    cfg.mem_cap = mem_cap;
    struct transport_ops ops = { n, t_send, t_alloc, t_free, t_deliver, t_sent, t_unreachable };
    transport_init(&n->t, &cfg, &ops, &n->ep, n->peers, 4);
}

static int setup(void **state)
{
    memset(nodes, 0, sizeof(nodes));
    nq = 0;
    prng_seed(&rng, 12345);
    now = 1000;
    loss_pct = dup_pct = 0;
    delay_ms = 1;
    tick_ms = 1;
    jitter_ms = 0;
    link_cut = false;
    drop_filter = NULL;
    alloc_balance = 0;
    make_node(0, 1, TRANSPORT_WINDOW_MAX, TRANSPORT_MEM_CAP);
    make_node(1, 1, TRANSPORT_WINDOW_MAX, TRANSPORT_MEM_CAP);
    return 0;
}

// Release what the test kept and check nothing leaked.
static int teardown(void **state)
{
    for (int i = 0; i < NNODES; i++) {
        for (int k = 0; k < nodes[i].ngot; k++)
            transport_release(&nodes[i].t, nodes[i].got[k].buf, nodes[i].got[k].len);
        nodes[i].ngot = 0;
        // Partial messages still held are freed by a peer reset through the API:
        // run time forward so they are abandoned.
        transport_tick(&nodes[i].t, now + 10 * TRANSPORT_DEAD_MS);
        assert_int_equal(nodes[i].t.mem_used, 0);
    }
    for (int i = 0; i < nq; i++)
        free(queue[i]);
    nq = 0;
    assert_int_equal(alloc_balance, 0);
    return 0;
}

// Advance one millisecond: deliver due datagrams, then run both timers.
static void step(void)
{
    now++;
    for (int i = 0; i < nq;) {
        struct pkt *p = queue[i];
        if (p->at > now) {
            i++;
            continue;
        }
        memmove(&queue[i], &queue[i + 1], sizeof(queue[0]) * (size_t)(nq - i - 1));
        nq--;                      // FIFO among datagrams due at the same time
        struct node *n = &nodes[p->to];
        struct wire_msg m;
        if (wire_decode(&n->rx, p->data, p->len, p->from_ip, now, &m) == WIRE_OK)
            transport_input(&n->t, now, &m);
        free(p);
    }
    if (now % tick_ms == 0)
        for (int i = 0; i < NNODES; i++)
            transport_tick(&nodes[i].t, now);
}

// Send from node `from` to the other node; a new message id's status slot
// starts empty (ids restart with every session).
static int send_msg(int from, const void *data, uint32_t len, uint32_t *id)
{
    struct node *n = &nodes[from], *to = &nodes[1 - from];
    int r = transport_send(&n->t, now, to->id, to->ip, 0, data, len, id);
    if (r == TRANSPORT_OK)
        n->sent_status[*id] = 0;
    return r;
}

// Step until the sent callback for message id of node 0 came, at most max_ms.
static int run_until_sent(uint32_t id, uint64_t max_ms)
{
    uint64_t end = now + max_ms;
    while (nodes[0].sent_status[id] == 0 && now < end)
        step();
    return nodes[0].sent_status[id] - 1;
}

static uint8_t *pattern(uint32_t len, uint32_t seed)
{
    uint8_t *b = malloc(len ? len : 1);
    struct prng r;
    prng_seed(&r, seed);
    for (uint32_t i = 0; i < len; i++)
        b[i] = (uint8_t)prng_next(&r);
    return b;
}

static void test_request_reply(void **state)
{
    nodes[1].auto_reply = true;
    uint32_t id;
    assert_int_equal(send_msg(0, "ping", 4, &id), TRANSPORT_OK);
    assert_int_equal(id, 1);
    assert_int_equal(run_until_sent(id, 1000), TRANSPORT_OK);
    for (int i = 0; i < 100; i++)
        step();
    assert_int_equal(nodes[1].ngot, 1);
    assert_memory_equal(nodes[1].got[0].buf, "ping", 4);
    assert_int_equal(nodes[1].got[0].reply_to, 0);
    assert_int_equal(nodes[1].got[0].from, nodes[0].id);
    assert_int_equal(nodes[0].ngot, 1);
    assert_int_equal(nodes[0].got[0].reply_to, id);
    assert_int_equal(nodes[0].got[0].len, 7);
    assert_memory_equal(nodes[0].got[0].buf, "re:ping", 7);
    // Three datagrams: the request, its answer (which acknowledges the
    // request: node 1 sends no ACK), the ACK of the answer.
    assert_int_equal(nodes[0].t.stats.data_sent + nodes[0].t.stats.acks_sent, 2);
    assert_int_equal(nodes[1].t.stats.data_sent + nodes[1].t.stats.acks_sent, 1);
    assert_int_equal(nodes[1].t.stats.acks_saved, 1);
    assert_int_equal(nodes[0].t.stats.reply_acks, 1);
    assert_int_equal(nodes[0].t.stats.completed, 1);
    assert_int_equal(nodes[1].t.stats.completed, 1);
    assert_int_equal(transport_peer(&nodes[0].t, nodes[1].id)->nflight, 0);
}

// The asker's ACK of an answer waits: TRANSPORT_ACK_DELAY_MS when no
// other message follows, and when the next request goes at once, it goes
// right after that request's DATA (the peer reads the request first).
static void test_answer_ack_waits_for_next_request_or_delay(void **state)
{
    nodes[1].auto_reply = true;
    uint32_t id;
    assert_int_equal(send_msg(0, "one", 3, &id), TRANSPORT_OK);
    while (nodes[0].ngot == 0 && now < 2000)
        step();
    assert_int_equal(nodes[0].ngot, 1);
    uint64_t got_at = now;
    const struct tp_peer *p = transport_peer(&nodes[0].t, nodes[1].id);
    assert_true(p->ack_owed);
    assert_int_equal(transport_acks_due(&nodes[0].t), got_at + TRANSPORT_ACK_DELAY_MS);
    uint32_t acks = nodes[0].t.stats.acks_sent;
    while (now < got_at + TRANSPORT_ACK_DELAY_MS - 1)
        step();   // each step ticks: nothing is due yet
    transport_send_due_acks(&nodes[0].t, now);
    assert_int_equal(nodes[0].t.stats.acks_sent, acks);
    step();
    assert_int_equal(nodes[0].t.stats.acks_sent, acks + 1);
    assert_false(p->ack_owed);
    assert_int_equal(transport_acks_due(&nodes[0].t), 0);
    assert_int_equal(run_until_sent(id, 1000), TRANSPORT_OK);

    // A request, its answer, and at once the next request.
    assert_int_equal(send_msg(0, "two", 3, &id), TRANSPORT_OK);
    while (nodes[0].ngot == 1 && now < 3000)
        step();
    assert_int_equal(nodes[0].ngot, 2);
    assert_true(p->ack_owed);
    nsent0 = 0;
    uint32_t id3;
    assert_int_equal(send_msg(0, "three", 5, &id3), TRANSPORT_OK);
    assert_int_equal(nsent0, 2);
    assert_int_equal(sent0[0], WIRE_DATA);
    assert_int_equal(sent0[1], WIRE_ACK);
    assert_false(p->ack_owed);
    assert_int_equal(run_until_sent(id3, 1000), TRANSPORT_OK);
    assert_int_equal(nodes[1].ngot, 3);
    assert_int_equal(nodes[0].ngot, 3);
    assert_int_equal(nodes[0].t.stats.acks_delayed, 2);
    // The answers were acknowledged: node 1 holds nothing in flight, and
    // none was sent twice.
    for (int i = 0; i < 100; i++)
        step();
    assert_int_equal(transport_peer(&nodes[1].t, nodes[0].id)->nflight, 0);
    assert_int_equal(nodes[1].t.stats.retransmits, 0);
    assert_int_equal(nodes[1].t.stats.data_sent, 3);
}

// Drop the first DATA datagram node 1 sends (an answer).
static int answers_dropped;
static bool drop_first_answer(const uint8_t *d, size_t len)
{
    // The wire header: byte 5 is the type, bytes 8-11 the sender's node id.
    if (d[5] == WIRE_DATA && answers_dropped == 0 && len > 20) {
        uint32_t from = (uint32_t)d[8] << 24 | (uint32_t)d[9] << 16 | (uint32_t)d[10] << 8 | d[11];
        if (from == nodes[1].id) {
            answers_dropped++;
            return true;
        }
    }
    return false;
}

// The answer that would acknowledge the request is lost: the request goes
// again after its RTO, its duplicate is acknowledged, the answer is sent
// again after its own RTO; each side ends with exactly one delivery.
static void test_lost_answer_request_acknowledged_by_its_duplicate(void **state)
{
    nodes[1].auto_reply = true;
    answers_dropped = 0;
    drop_filter = drop_first_answer;
    uint32_t id;
    assert_int_equal(send_msg(0, "ping", 4, &id), TRANSPORT_OK);
    assert_int_equal(run_until_sent(id, 5000), TRANSPORT_OK);
    for (int i = 0; i < 3000 && nodes[0].ngot == 0; i++)
        step();
    for (int i = 0; i < 100; i++)
        step();
    assert_int_equal(answers_dropped, 1);
    assert_int_equal(nodes[1].ngot, 1);                  // delivered once
    assert_int_equal(nodes[1].t.stats.dup_msgs, 1);      // the request again: ACKed
    assert_int_equal(nodes[0].ngot, 1);
    assert_memory_equal(nodes[0].got[0].buf, "re:ping", 7);
    assert_int_equal(nodes[0].t.stats.reply_acks, 0);    // the ACK came first
    assert_int_equal(nodes[1].t.stats.completed, 1);
}

// A message that is not answered while it is delivered is acknowledged.
static void test_message_without_answer_is_acknowledged(void **state)
{
    uint32_t id;
    assert_int_equal(send_msg(0, "note", 4, &id), TRANSPORT_OK);
    assert_int_equal(run_until_sent(id, 1000), TRANSPORT_OK);
    assert_int_equal(nodes[1].t.stats.acks_sent, 1);
    assert_int_equal(nodes[1].t.stats.acks_saved, 0);
    // An answer sent later (a call that took time) is a message of its own.
    uint32_t rid;
    const struct tp_peer *p = transport_peer(&nodes[1].t, nodes[0].id);
    assert_int_equal(transport_send(&nodes[1].t, now, nodes[0].id, p->ip, id, "later", 5, &rid),
                     TRANSPORT_OK);
    for (int i = 0; i < 100; i++)
        step();
    assert_int_equal(nodes[0].ngot, 1);
    assert_int_equal(nodes[0].got[0].reply_to, id);
    assert_int_equal(nodes[0].t.stats.reply_acks, 0);    // acknowledged before
    assert_int_equal(nodes[1].t.stats.completed, 1);
}

// A late answer to a message of an old session (the peer came back after
// it was declared unreachable) completes nothing of the new session.
static void test_late_answer_matches_no_message_of_a_new_session(void **state)
{
    uint32_t id, id2;
    assert_int_equal(send_msg(0, "old", 3, &id), TRANSPORT_OK);
    assert_int_equal(run_until_sent(id, 1000), TRANSPORT_OK);
    link_cut = true;
    assert_int_equal(send_msg(0, "lost", 4, &id2), TRANSPORT_OK);
    assert_int_equal(run_until_sent(id2, 10 * TRANSPORT_DEAD_MS), TRANSPORT_UNREACHABLE);
    link_cut = false;
    uint32_t id3;
    uint8_t *big = pattern(200000, 3);   // in flight for a while
    assert_int_equal(send_msg(0, big, 200000, &id3), TRANSPORT_OK);
    assert_true(id3 != id && id3 != id2);
    // Node 1 answers the first message now, long after.
    uint32_t rid;
    const struct tp_peer *p = transport_peer(&nodes[1].t, nodes[0].id);
    assert_int_equal(transport_send(&nodes[1].t, now, nodes[0].id, p->ip, id, "late", 4, &rid),
                     TRANSPORT_OK);
    assert_int_equal(run_until_sent(id3, 10000), TRANSPORT_OK);
    for (int i = 0; i < 100; i++)
        step();
    assert_int_equal(nodes[0].t.stats.reply_acks, 0);
    bool whole = false;
    for (int k = 0; k < nodes[1].ngot; k++)
        if (nodes[1].got[k].len == 200000 && memcmp(nodes[1].got[k].buf, big, 200000) == 0)
            whole = true;
    assert_true(whole);   // delivered, not taken for done by the late answer
    free(big);
}

static void test_empty_and_chunk_edges(void **state)
{
    uint32_t sizes[] = { 0, 1, TRANSPORT_CHUNK - 1, TRANSPORT_CHUNK, TRANSPORT_CHUNK + 1,
                         3 * TRANSPORT_CHUNK };
    uint8_t *bufs[6];
    uint32_t ids[6];
    for (int i = 0; i < 6; i++) {
        bufs[i] = pattern(sizes[i], (uint32_t)i);
        assert_int_equal(send_msg(0, bufs[i], sizes[i], &ids[i]), TRANSPORT_OK);
    }
    for (int i = 0; i < 6; i++)
        assert_int_equal(run_until_sent(ids[i], 5000), TRANSPORT_OK);
    assert_int_equal(nodes[1].ngot, 6);
    for (int k = 0; k < 6; k++) {
        struct recvd *r = &nodes[1].got[k];
        int i = (int)r->id - 1;
        assert_int_equal(r->len, sizes[i]);
        assert_memory_equal(r->buf, bufs[i], sizes[i] ? sizes[i] : 0);
    }
    assert_int_equal(transport_nchunks(0), 1);
    assert_int_equal(transport_nchunks(TRANSPORT_CHUNK), 1);
    assert_int_equal(transport_nchunks(TRANSPORT_CHUNK + 1), 2);
    assert_int_equal(transport_nchunks(TRANSPORT_MSG_MAX), 5992);
    for (int i = 0; i < 6; i++)
        free(bufs[i]);
}

static void test_limits(void **state)
{
    uint32_t id;
    static uint8_t tiny[1];
    assert_int_equal(send_msg(0, tiny, TRANSPORT_MSG_MAX + 1, &id), TRANSPORT_TOO_BIG);
    for (int i = 0; i < TRANSPORT_OUT_MAX; i++)
        assert_int_equal(send_msg(0, tiny, 1, &id), TRANSPORT_OK);
    assert_int_equal(send_msg(0, tiny, 1, &id),
                     TRANSPORT_BUSY);
    // Four peer slots: four more nodes with pending data fill the table.
    for (uint32_t k = 0; k < 3; k++)
        assert_int_equal(transport_send(&nodes[0].t, now, 200 + k, 0x01020304, 0, tiny, 1, &id),
                         TRANSPORT_OK);
    assert_int_equal(transport_send(&nodes[0].t, now, 300, 0x01020304, 0, tiny, 1, &id),
                     TRANSPORT_NO_PEER);
    link_cut = true;  // the fake peers never answer: let them fail
    while (nodes[0].unreachable_cb < 3)
        step();
    link_cut = false;
}

// Send a large message over a lossy link and check it arrives intact, once.
static void bulk(uint32_t len, int loss, int dup, int jitter)
{
    loss_pct = loss;
    dup_pct = dup;
    jitter_ms = jitter;
    uint8_t *data = pattern(len, 77);
    uint32_t id;
    assert_int_equal(send_msg(0, data, len, &id),
                     TRANSPORT_OK);
    assert_int_equal(run_until_sent(id, 600000), TRANSPORT_OK);
    for (int i = 0; i < 2000; i++)      // let late duplicates arrive
        step();
    assert_int_equal(nodes[1].ngot, 1);
    assert_int_equal(nodes[1].got[0].len, len);
    assert_memory_equal(nodes[1].got[0].buf, data, len);
    assert_int_equal(nodes[1].t.stats.delivered, 1);
    assert_false(nodes[0].window_violated);
    assert_int_equal(nodes[0].unreachable_cb, 0);
    free(data);
}

static void test_4mib_at_10pct_loss(void **state)
{
    bulk(4u << 20, 10, 0, 3);
    assert_true(nodes[0].t.stats.retransmits > 0);
}

static void test_4mib_at_30pct_loss_with_duplicates(void **state)
{
    bulk(4u << 20, 30, 10, 5);
    assert_true(nodes[0].t.stats.retransmits > 0);
    assert_true(nodes[1].t.stats.dup_chunks > 0);   // duplicates reached the transport...
    assert_true(nodes[1].rx.stats.dropped[WIRE_REPLAYED] > 0);  // ...and the wire layer
}

// A migration's traffic: 32 messages of 256 KiB, 4 in flight at once,
// over a link that drops 30% of the datagrams each way, with the kernel's
// 50 ms timer tick. Each message must complete well within the target's
// patience (MIG_HOLD_MS, 120 s without a message): once, a lost chunk
// waited for its RTO while the ACKs of other messages' chunks kept
// coming, each RTO doubled the next and cut the window, and a message
// took minutes. Simulated time: no wall clock is involved.
static void test_messages_in_parallel_at_30pct_loss(void **state)
{
    enum { LEN = 256 * 1024, TOTAL = 32, INFLIGHT = 4, PATIENCE_MS = 10000 };
    loss_pct = 30;
    jitter_ms = 1;
    tick_ms = 50;
    uint8_t *data = pattern(LEN, 21);
    uint32_t ids[TOTAL];
    uint64_t started[TOTAL];
    uint32_t sent = 0, done = 0;
    uint32_t got = 0;
    while (done < TOTAL) {
        while (sent < TOTAL && sent - done < INFLIGHT) {
            assert_int_equal(send_msg(0, data, LEN, &ids[sent]), TRANSPORT_OK);
            started[sent++] = now;
        }
        step();
        assert_true(now - started[done] < PATIENCE_MS);
        while (done < sent && nodes[0].sent_status[ids[done]] != 0) {
            assert_int_equal(nodes[0].sent_status[ids[done]] - 1, TRANSPORT_OK);
            done++;
        }
        for (int i = 0; i < nodes[1].ngot; i++) {   // every byte, then give it back
            assert_int_equal(nodes[1].got[i].len, LEN);
            assert_memory_equal(nodes[1].got[i].buf, data, LEN);
            transport_release(&nodes[1].t, nodes[1].got[i].buf, nodes[1].got[i].len);
            got++;
        }
        nodes[1].ngot = 0;
    }
    assert_int_equal(got, TOTAL);
    assert_int_equal(nodes[0].unreachable_cb, 0);
    assert_false(nodes[0].window_violated);
    free(data);
}

static void test_largest_message(void **state)
{
    bulk(TRANSPORT_MSG_MAX, 5, 0, 2);
}

// Messages are delivered once, even when whole messages come again.
static void test_duplicates_suppressed(void **state)
{
    loss_pct = 20;
    dup_pct = 30;
    jitter_ms = 8;
    uint8_t *data[5];
    uint32_t ids[5];
    for (int i = 0; i < 5; i++) {
        data[i] = pattern(20000 + (uint32_t)i, (uint32_t)i);
        assert_int_equal(send_msg(0, data[i], 20000 + (uint32_t)i, &ids[i]), TRANSPORT_OK);
    }
    for (int i = 0; i < 5; i++)
        assert_int_equal(run_until_sent(ids[i], 100000), TRANSPORT_OK);
    for (int i = 0; i < 3000; i++)
        step();
    assert_int_equal(nodes[1].ngot, 5);
    for (int k = 0; k < 5; k++) {
        struct recvd *r = &nodes[1].got[k];
        assert_memory_equal(r->buf, data[r->id - 1], r->len);
    }
    // Replay the whole of message 1 at the transport, as a retransmitting
    // sender would after losing the last ACK: acknowledged, not delivered.
    loss_pct = dup_pct = 0;
    const struct tp_peer *b = transport_peer(&nodes[1].t, nodes[0].id);
    uint32_t dups = nodes[1].t.stats.dup_msgs;
    for (uint32_t c = 0; c < transport_nchunks(20000); c++) {
        uint8_t pl[TRANSPORT_DATA_HDR + TRANSPORT_CHUNK];
        uint32_t n = c + 1 < transport_nchunks(20000) ? TRANSPORT_CHUNK : 20000 - c * TRANSPORT_CHUNK;
        wire_put32(pl + 0, 1);
        wire_put32(pl + 4, nodes[0].t.peers[0].tx_session);
        wire_put32(pl + 8, 1);
        wire_put32(pl + 12, 0);
        wire_put32(pl + 16, 20000);
        wire_put32(pl + 20, c);
        wire_put16(pl + 24, (uint16_t)n);
        wire_put16(pl + 26, 0);
        memcpy(pl + TRANSPORT_DATA_HDR, data[0] + c * TRANSPORT_CHUNK, n);
        struct wire_msg m = { { WIRE_DATA, 0, nodes[0].id, nodes[1].id, 1, 0,
                                TRANSPORT_DATA_HDR + n }, pl, nodes[0].ip };
        transport_input(&nodes[1].t, now, &m);
    }
    assert_int_equal(nodes[1].t.stats.dup_msgs, dups + transport_nchunks(20000));
    assert_int_equal(nodes[1].ngot, 5);
    assert_non_null(b);
    for (int i = 0; i < 5; i++)
        free(data[i]);
}

// The sender never has more chunks in flight than the receiver's window.
static void test_window_respected(void **state)
{
    make_node(1, 1, 8, TRANSPORT_MEM_CAP);
    delay_ms = 20;
    uint8_t *data = pattern(300000, 3);
    uint32_t id;
    assert_int_equal(send_msg(0, data, 300000, &id), TRANSPORT_OK);
    // Before any ACK, only the initial window goes out.
    assert_int_equal(transport_peer(&nodes[0].t, nodes[1].id)->nflight, TRANSPORT_WINDOW_INIT);
    assert_int_equal(run_until_sent(id, 100000), TRANSPORT_OK);
    assert_false(nodes[0].window_violated);
    assert_int_equal(nodes[0].max_inflight, 8);
    assert_int_equal(nodes[1].ngot, 1);
    assert_memory_equal(nodes[1].got[0].buf, data, 300000);
    free(data);
}

static uint32_t data_payload(uint8_t *pl, uint32_t id, uint32_t session, uint32_t low,
                             uint32_t total, uint32_t chunk, uint32_t n);
static void inject(struct node *to, const uint8_t *pl, uint32_t len, uint8_t type);

// The congestion window: slow start doubles it every round trip from
// TRANSPORT_WINDOW_INIT; a round of timeouts halves it (down to
// TRANSPORT_CWND_MIN); the transfer still completes.
static void test_congestion_window(void **state)
{
    delay_ms = 20;
    uint8_t *data = pattern(400000, 9);
    uint32_t id;
    assert_int_equal(send_msg(0, data, 400000, &id), TRANSPORT_OK);
    const struct tp_peer *p = transport_peer(&nodes[0].t, nodes[1].id);
    assert_int_equal(p->cwnd, TRANSPORT_WINDOW_INIT);
    for (int i = 0; i < 45; i++)      // one round trip: the first window acknowledged
        step();
    assert_int_equal(p->cwnd, 2 * TRANSPORT_WINDOW_INIT);
    assert_true(p->nflight <= p->cwnd);
    for (int i = 0; i < 40; i++)
        step();
    assert_int_equal(p->cwnd, 4 * TRANSPORT_WINDOW_INIT);
    link_cut = true;                  // everything in flight is lost
    for (int i = 0; i < 3000; i++)
        step();
    assert_true(nodes[0].t.stats.cwnd_cuts >= 3);
    assert_int_equal(p->cwnd, TRANSPORT_CWND_MIN);
    link_cut = false;
    assert_int_equal(run_until_sent(id, 100000), TRANSPORT_OK);
    assert_true(p->cwnd > TRANSPORT_CWND_MIN);   // it opened again
    assert_memory_equal(nodes[1].got[0].buf, data, 400000);
    // Above ssthresh (TRANSPORT_CWND_MIN now) the window grows by one chunk per window of
    // acknowledgements, about one a round trip: it no longer doubles.
    uint32_t before = p->cwnd;
    assert_true(before > p->ssthresh && before < TRANSPORT_WINDOW_MAX / 2);
    uint32_t id2;
    assert_int_equal(send_msg(0, data, 400000, &id2), TRANSPORT_OK);
    for (int i = 0; i < 2 * 42; i++)  // two round trips
        step();
    assert_true(p->cwnd >= before + 1 && p->cwnd <= before + 3);
    assert_int_equal(run_until_sent(id2, 100000), TRANSPORT_OK);
    assert_memory_equal(nodes[1].got[1].buf, data, 400000);
    free(data);
}

// The receive window is shared: while another peer is sending to node 1,
// node 0 gets half of node 1's rx_window.
static void test_window_shared_among_senders(void **state)
{
    make_node(1, 1, 16, TRANSPORT_MEM_CAP);
    static uint8_t pl[TRANSPORT_DATA_HDR + TRANSPORT_CHUNK];
    inject(&nodes[1], pl, data_payload(pl, 1, 1, 1, 3000, 0, TRANSPORT_CHUNK), WIRE_DATA);
    uint8_t *data = pattern(200000, 4);
    uint32_t id;
    assert_int_equal(send_msg(0, data, 200000, &id), TRANSPORT_OK);
    assert_int_equal(run_until_sent(id, 10000), TRANSPORT_OK);
    assert_int_equal(nodes[0].max_inflight, 8);
    assert_false(nodes[0].window_violated);
    // Alone again (the other sender's partial message is abandoned), node 0
    // gets the whole window.
    transport_tick(&nodes[1].t, now + TRANSPORT_DEAD_MS);
    now += TRANSPORT_DEAD_MS;
    nodes[0].max_inflight = 0;
    assert_int_equal(send_msg(0, data, 200000, &id), TRANSPORT_OK);
    assert_int_equal(run_until_sent(id, 10000), TRANSPORT_OK);
    assert_int_equal(nodes[0].max_inflight, 16);
    free(data);
}

// A receiver that answers but never has room: the messages it refuses fail
// with TRANSPORT_STALLED after stall_ms, and the peer is not declared
// unreachable.
static void test_stalled_message_fails(void **state)
{
    make_node(1, 1, 16, 70000);
    uint8_t *data = pattern(30000, 6);
    uint32_t ids[4];
    for (int i = 0; i < 4; i++)
        assert_int_equal(send_msg(0, data, 30000, &ids[i]), TRANSPORT_OK);
    for (int i = 0; i < 2; i++)
        assert_int_equal(run_until_sent(ids[i], 10000), TRANSPORT_OK);
    uint64_t t0 = now;
    for (int i = 2; i < 4; i++)
        assert_int_equal(run_until_sent(ids[i], 2 * TRANSPORT_STALL_MS), TRANSPORT_STALLED);
    assert_true(now - t0 <= TRANSPORT_STALL_MS + 1000);
    assert_true(now - t0 >= TRANSPORT_STALL_MS - 1000);
    assert_int_equal(nodes[0].t.stats.stalled, 2);
    assert_int_equal(nodes[0].unreachable_cb, 0);
    assert_int_equal(transport_peer(&nodes[0].t, nodes[1].id)->nflight, 0);
    free(data);
}

// A receiver short of memory closes its window; the sender waits (probing)
// and finishes once the reader frees its buffers. The cap is never passed.
static void test_memory_cap_and_zero_window(void **state)
{
    size_t cap = 70000;
    make_node(1, 1, 16, cap);
    uint8_t *data = pattern(30000, 5);
    uint32_t ids[4];
    for (int i = 0; i < 4; i++)
        assert_int_equal(send_msg(0, data, 30000, &ids[i]), TRANSPORT_OK);
    for (int i = 0; i < 20000; i++) {
        step();
        assert_true(nodes[1].t.mem_used <= cap);
    }
    assert_int_equal(nodes[1].ngot, 2);          // two fit under the cap
    assert_true(nodes[1].t.stats.nomem > 0);
    assert_true(transport_peer(&nodes[0].t, nodes[1].id)->window < 16);  // memory is short
    assert_true(nodes[0].t.stats.refused > 0);
    assert_int_equal(nodes[0].unreachable_cb, 0); // waiting, not dead: it answers
    // The reader catches up.
    for (int k = 0; k < nodes[1].ngot; k++)
        transport_release(&nodes[1].t, nodes[1].got[k].buf, nodes[1].got[k].len);
    nodes[1].ngot = 0;
    for (int i = 0; i < 4; i++)
        assert_int_equal(run_until_sent(ids[i], 100000), TRANSPORT_OK);
    assert_int_equal(nodes[1].ngot, 2);
    assert_int_equal(nodes[1].t.stats.delivered, 4);
    free(data);
}

// Cutting the link ends in a clear failure within the bound; afterwards a
// new message goes through on a fresh session.
static void test_unreachable_when_cut(void **state)
{
    uint8_t *data = pattern(1u << 20, 9);
    uint32_t id, id2;
    delay_ms = 10;
    assert_int_equal(send_msg(0, data, 1u << 20, &id), TRANSPORT_OK);
    for (int i = 0; i < 50; i++)
        step();
    link_cut = true;
    uint64_t cut_at = now;
    assert_int_equal(run_until_sent(id, 10 * TRANSPORT_DEAD_MS), TRANSPORT_UNREACHABLE);
    assert_true(now - cut_at <= TRANSPORT_DEAD_MS + 10);
    assert_true(now - cut_at >= TRANSPORT_DEAD_MS - 100);
    assert_int_equal(nodes[0].unreachable_cb, 1);
    assert_int_equal(nodes[0].t.stats.unreachable, 1);
    // Backoff took the RTO to its ceiling while the link was cut.
    assert_int_equal(transport_peer(&nodes[0].t, nodes[1].id)->nflight, 0);
    link_cut = false;
    assert_int_equal(send_msg(0, "after", 5, &id2), TRANSPORT_OK);
    assert_int_equal(id2, id + 1);   // ids go on in the new session: an old answer matches none
    assert_int_equal(run_until_sent(id2, 5000), TRANSPORT_OK);
    for (int i = 0; i < 100; i++)
        step();
    assert_int_equal(nodes[1].ngot, 1);
    assert_memory_equal(nodes[1].got[0].buf, "after", 5);
    free(data);
}

// While the link is cut, the RTO doubles at each expiry up to the ceiling.
static void test_backoff(void **state)
{
    uint32_t id;
    assert_int_equal(send_msg(0, "x", 1, &id),
                     TRANSPORT_OK);
    assert_int_equal(run_until_sent(id, 1000), TRANSPORT_OK);
    uint32_t rto0 = transport_peer(&nodes[0].t, nodes[1].id)->rto;
    link_cut = true;
    assert_int_equal(send_msg(0, "y", 1, &id),
                     TRANSPORT_OK);
    uint32_t seen[16];
    int nseen = 0;
    uint32_t last = rto0;
    for (int i = 0; i < 12000; i++) {
        step();
        uint32_t r = transport_peer(&nodes[0].t, nodes[1].id)->rto;
        if (r != last && nseen < 16)
            seen[nseen++] = r;
        last = r;
    }
    assert_true(nseen >= 3);
    uint32_t prev = rto0;
    for (int i = 0; i < nseen; i++) {
        uint32_t want = prev * 2 < TRANSPORT_RTO_MAX_MS ? prev * 2 : TRANSPORT_RTO_MAX_MS;
        assert_int_equal(seen[i], want);
        prev = seen[i];
    }
    assert_int_equal(prev, TRANSPORT_RTO_MAX_MS);
    // One transmission per RTO: few retransmissions over 12 s.
    assert_true(nodes[0].t.stats.retransmits <= 8);
    link_cut = false;
    assert_int_equal(run_until_sent(id, 20000), TRANSPORT_OK);
}

// The RTO follows the measured round trip: it grows when the link slows
// down and shrinks again when it speeds up.
static void test_rto_adapts(void **state)
{
    uint8_t *data = pattern(200000, 11);
    uint32_t id;
    delay_ms = 5;                                   // RTT about 10 ms
    assert_int_equal(send_msg(0, data, 200000, &id), TRANSPORT_OK);
    assert_int_equal(run_until_sent(id, 60000), TRANSPORT_OK);
    const struct tp_peer *p = transport_peer(&nodes[0].t, nodes[1].id);
    uint32_t fast_srtt = p->srtt8 >> 3;
    uint32_t fast_rto = p->rto;
    assert_true(fast_srtt >= 9 && fast_srtt <= 14);
    assert_int_equal(fast_rto, TRANSPORT_RTO_MIN_MS);

    delay_ms = 300;                                 // RTT about 600 ms
    uint8_t *big = pattern(2u << 20, 12);
    assert_int_equal(send_msg(0, big, 2u << 20, &id), TRANSPORT_OK);
    assert_int_equal(run_until_sent(id, 600000), TRANSPORT_OK);
    uint32_t slow_srtt = p->srtt8 >> 3;
    assert_true(slow_srtt >= 550 && slow_srtt <= 650);
    assert_true(p->rto > 600);
    assert_true(p->rto <= TRANSPORT_RTO_MAX_MS);

    delay_ms = 5;
    assert_int_equal(send_msg(0, data, 200000, &id), TRANSPORT_OK);
    assert_int_equal(run_until_sent(id, 600000), TRANSPORT_OK);
    assert_true((p->srtt8 >> 3) < 100);
    assert_true(p->rto < 300);
    free(data);
    free(big);
}

// A peer that reboots mid-transfer: its pending messages fail, new ones work.
static void test_peer_restart(void **state)
{
    uint8_t *data = pattern(500000, 13);
    uint32_t id, id2;
    delay_ms = 10;
    assert_int_equal(send_msg(0, data, 500000, &id), TRANSPORT_OK);
    for (int i = 0; i < 20; i++)
        step();
    for (int i = 0; i < nq; i++)
        free(queue[i]);
    nq = 0;
    make_node(1, 2, TRANSPORT_WINDOW_MAX, TRANSPORT_MEM_CAP);   // incarnation 2
    assert_int_equal(transport_send(&nodes[1].t, now, nodes[0].id, nodes[0].ip, 0, "hi", 2,
                                    &id2), TRANSPORT_OK);
    assert_int_equal(run_until_sent(id, 20000), TRANSPORT_PEER_RESTARTED);
    assert_int_equal(nodes[0].t.stats.restarts, 1);
    for (int i = 0; i < 200; i++)
        step();
    assert_int_equal(nodes[0].ngot, 1);
    assert_memory_equal(nodes[0].got[0].buf, "hi", 2);
    assert_int_equal(send_msg(0, data, 500000, &id), TRANSPORT_OK);
    assert_int_equal(run_until_sent(id, 20000), TRANSPORT_OK);
    assert_int_equal(nodes[1].ngot, 1);
    assert_memory_equal(nodes[1].got[0].buf, data, 500000);
    free(data);
}

// A peer rebooted while idle, and gossip told us (transport_peer_alive
// with its new incarnation) before we sent it anything: the first message
// to the new incarnation is delivered, not failed when its ACK shows the
// new incarnation. An older incarnation's word changes nothing.
static void test_restart_learnt_from_gossip(void **state)
{
    uint8_t *data = pattern(20000, 14);
    uint32_t id;
    delay_ms = 10;
    assert_int_equal(send_msg(0, data, 20000, &id), TRANSPORT_OK);
    assert_int_equal(run_until_sent(id, 20000), TRANSPORT_OK);
    make_node(1, 2, TRANSPORT_WINDOW_MAX, TRANSPORT_MEM_CAP);   // incarnation 2
    transport_peer_alive(&nodes[0].t, nodes[1].id, 1, now);      // a late datagram of 1
    assert_int_equal(nodes[0].t.stats.restarts, 0);
    transport_peer_alive(&nodes[0].t, nodes[1].id, 2, now);
    assert_int_equal(nodes[0].t.stats.restarts, 1);
    assert_int_equal(send_msg(0, data, 20000, &id), TRANSPORT_OK);
    assert_int_equal(run_until_sent(id, 20000), TRANSPORT_OK);
    assert_int_equal(nodes[0].t.stats.restarts, 1);
    assert_int_equal(nodes[1].ngot, 1);
    assert_memory_equal(nodes[1].got[0].buf, data, 20000);
    free(data);
}

// Build a DATA payload into pl; returns its length.
static uint32_t data_payload(uint8_t *pl, uint32_t id, uint32_t session, uint32_t low,
                             uint32_t total, uint32_t chunk, uint32_t n)
{
    wire_put32(pl + 0, id);
    wire_put32(pl + 4, session);
    wire_put32(pl + 8, low);
    wire_put32(pl + 12, 0);
    wire_put32(pl + 16, total);
    wire_put32(pl + 20, chunk);
    wire_put16(pl + 24, (uint16_t)n);
    wire_put16(pl + 26, 0);
    memset(pl + TRANSPORT_DATA_HDR, 0xab, n);
    return TRANSPORT_DATA_HDR + n;
}

static void inject(struct node *to, const uint8_t *pl, uint32_t len, uint8_t type)
{
    struct wire_msg m = { { type, 0, 555, to->id, 1, 0, len }, pl, 0x0a0a0a0a };
    transport_input(&to->t, now, &m);
}

// A lying peer: bad sizes and offsets are refused without allocation, and
// it cannot hold more than the cap or more than TRANSPORT_RX_MAX messages.
static void test_lying_peer(void **state)
{
    struct node *b = &nodes[1];
    static uint8_t pl[TRANSPORT_DATA_HDR + TRANSPORT_CHUNK + 8];
    uint32_t bad0 = b->t.stats.bad;
    inject(b, pl, data_payload(pl, 1, 1, 1, TRANSPORT_MSG_MAX + 1, 0, TRANSPORT_CHUNK), WIRE_DATA);
    inject(b, pl, data_payload(pl, 1, 1, 1, 3000, 3, 200), WIRE_DATA);       // chunk past the end
    inject(b, pl, data_payload(pl, 1, 1, 1, 3000, 2, 201), WIRE_DATA);       // wrong chunk length
    inject(b, pl, data_payload(pl, 1, 1, 1, 3000, 0, TRANSPORT_CHUNK) - 1, WIRE_DATA); // short
    inject(b, pl, data_payload(pl, 0, 1, 0, 3000, 0, TRANSPORT_CHUNK), WIRE_DATA);     // id 0
    inject(b, pl, data_payload(pl, 2, 1, 3, 3000, 0, TRANSPORT_CHUNK), WIRE_DATA);     // low > id
    inject(b, pl, 7, WIRE_DATA);
    inject(b, pl, 27, WIRE_ACK);
    // A full-size chunk far past the end (its length would look right if
    // the index were not checked).
    inject(b, pl, data_payload(pl, 1, 1, 1, 3000, 5, TRANSPORT_CHUNK), WIRE_DATA);
    assert_int_equal(b->t.stats.bad, bad0 + 9);
    bad0++;
    assert_int_equal(b->t.mem_used, 0);
    // A message then a chunk that disagrees with it about the total.
    inject(b, pl, data_payload(pl, 1, 1, 1, 3000, 0, TRANSPORT_CHUNK), WIRE_DATA);
    size_t used = b->t.mem_used;
    assert_true(used >= 3000);
    inject(b, pl, data_payload(pl, 1, 1, 1, 4000, 1, TRANSPORT_CHUNK), WIRE_DATA);
    assert_int_equal(b->t.stats.bad, bad0 + 9);
    // Far ids (beyond the dedupe window) are refused.
    inject(b, pl, data_payload(pl, 1 + TRANSPORT_IDS, 1, 1, 10, 0, 10), WIRE_DATA);
    assert_int_equal(b->t.stats.bad, bad0 + 10);
    // Big claims: the cap stops them; then the table of partial messages.
    for (uint32_t id = 2; id < 2 + 40; id++)
        inject(b, pl, data_payload(pl, id, 1, 1, TRANSPORT_MSG_MAX, 0, TRANSPORT_CHUNK), WIRE_DATA);
    assert_true(b->t.mem_used <= TRANSPORT_MEM_CAP);
    assert_true(b->t.stats.nomem > 0);
    for (uint32_t id = 42; id < 64; id++)
        inject(b, pl, data_payload(pl, id, 1, 1, 3000, 0, TRANSPORT_CHUNK), WIRE_DATA);
    assert_true(b->t.stats.rx_full > 0);
    // Silence frees them all.
    uint32_t abandoned = b->t.stats.rx_abandoned;
    transport_tick(&b->t, now + TRANSPORT_DEAD_MS);
    assert_int_equal(b->t.mem_used, 0);
    assert_int_equal(b->t.stats.rx_abandoned, abandoned + TRANSPORT_RX_MAX);
    // An older session is stale; a newer one resets the peer's state.
    inject(b, pl, data_payload(pl, 1, 5, 1, 3000, 0, TRANSPORT_CHUNK), WIRE_DATA);
    uint32_t stale = b->t.stats.stale;
    inject(b, pl, data_payload(pl, 1, 4, 1, 3000, 0, TRANSPORT_CHUNK), WIRE_DATA);
    assert_int_equal(b->t.stats.stale, stale + 1);
    inject(b, pl, data_payload(pl, 1, 6, 1, 3000, 0, TRANSPORT_CHUNK), WIRE_DATA);
    assert_int_equal(transport_peer(&b->t, 555)->rx_session, 6);
    // ACKs for sessions we never used are stale.
    memset(pl, 0, TRANSPORT_ACK_SIZE);
    wire_put32(pl + 4, 99);
    inject(b, pl, TRANSPORT_ACK_SIZE, WIRE_ACK);
    assert_int_equal(b->t.stats.stale, stale + 2);
}

// Messages completed out of order are each delivered once: a duplicate of
// a later message that finished first is recognised (the delivered-id
// window above the base), and the base moves past both once the earlier one
// completes.
static void test_out_of_order_completion(void **state)
{
    struct node *b = &nodes[1];
    static uint8_t pl[TRANSPORT_DATA_HDR + TRANSPORT_CHUNK];
    inject(b, pl, data_payload(pl, 1, 1, 1, 3000, 0, TRANSPORT_CHUNK), WIRE_DATA);
    inject(b, pl, data_payload(pl, 2, 1, 1, 10, 0, 10), WIRE_DATA);      // id 2 completes first
    assert_int_equal(b->ngot, 1);
    inject(b, pl, data_payload(pl, 2, 1, 1, 10, 0, 10), WIRE_DATA);      // again
    assert_int_equal(b->ngot, 1);
    assert_int_equal(b->t.stats.dup_msgs, 1);
    inject(b, pl, data_payload(pl, 1, 1, 1, 3000, 1, TRANSPORT_CHUNK), WIRE_DATA);
    inject(b, pl, data_payload(pl, 1, 1, 1, 3000, 2, 200), WIRE_DATA);
    assert_int_equal(b->ngot, 2);
    assert_int_equal(transport_peer(&b->t, 555)->base, 3);
    inject(b, pl, data_payload(pl, 1, 1, 1, 3000, 2, 200), WIRE_DATA);
    inject(b, pl, data_payload(pl, 2, 1, 1, 10, 0, 10), WIRE_DATA);
    assert_int_equal(b->ngot, 2);
    assert_int_equal(b->t.stats.dup_msgs, 3);
}

// Karn's rule: the ACK of a chunk sent twice says nothing about the round
// trip. With an RTT (600 ms) above the initial RTO (500 ms), the first
// chunk is retransmitted before its ACK comes back; that ACK must not be
// taken as a 100 ms sample.
static void test_karn(void **state)
{
    delay_ms = 300;
    uint32_t id;
    assert_int_equal(send_msg(0, "k", 1, &id), TRANSPORT_OK);
    assert_int_equal(run_until_sent(id, 20000), TRANSPORT_OK);
    const struct tp_peer *p = transport_peer(&nodes[0].t, nodes[1].id);
    assert_true(nodes[0].t.stats.retransmits >= 1);
    assert_true(!p->have_rtt || (p->srtt8 >> 3) >= 550);
    assert_true(p->rto >= 600);        // backed off, not collapsed
}

// A node that shows life outside the transport (gossip) is not declared
// unreachable while it does, whatever its transport traffic; once it falls
// silent, the dead time runs from its last sign of life.
static void test_alive_from_outside_postpones_unreachable(void **state)
{
    uint8_t *data = pattern(1u << 20, 9);
    uint32_t id;
    delay_ms = 10;
    assert_int_equal(send_msg(0, data, 1u << 20, &id), TRANSPORT_OK);
    for (int i = 0; i < 50; i++)
        step();
    link_cut = true;
    uint64_t cut_at = now;
    while (now < cut_at + 3 * TRANSPORT_DEAD_MS) {
        transport_peer_alive(&nodes[0].t, nodes[1].id, nodes[1].ep.incarnation, now);
        step();
    }
    assert_int_equal(nodes[0].sent_status[id], 0);   // still pending
    assert_int_equal(nodes[0].unreachable_cb, 0);
    uint64_t last = now;
    assert_int_equal(run_until_sent(id, 10 * TRANSPORT_DEAD_MS), TRANSPORT_UNREACHABLE);
    assert_true(now - last <= TRANSPORT_DEAD_MS + 10);
    free(data);
}

// For message 2: drop the first two transmissions of chunk 0 (a hole that
// outlasts the others' timers), and the ACKs answering chunks 1-5.
static bool hole_and_lost_acks(const uint8_t *d, size_t len)
{
    static int chunk0_dropped;
    const uint8_t *pl = d + WIRE_HEADER_SIZE;
    if (wire_get32(pl) != 2)
        return false;
    if (d[5] == WIRE_DATA && wire_get32(pl + 20) == 0 && chunk0_dropped < 2) {
        chunk0_dropped++;
        return true;
    }
    uint32_t c = wire_get32(pl + 12);
    return d[5] == WIRE_ACK && c >= 1 && c <= 5;
}

// Selective acknowledgement: chunks whose own ACKs were lost while a hole
// held the cumulative point back are known received from the bitmap of
// later ACKs; only the missing chunk is sent again.
static void test_selective_ack(void **state)
{
    uint8_t *data = pattern(12 * TRANSPORT_CHUNK, 21);
    uint32_t id;
    assert_int_equal(send_msg(0, data, 12 * TRANSPORT_CHUNK, &id), TRANSPORT_OK);
    assert_int_equal(run_until_sent(id, 20000), TRANSPORT_OK);    // opens the window
    assert_int_equal(nodes[0].t.stats.retransmits, 0);
    drop_filter = hole_and_lost_acks;
    assert_int_equal(send_msg(0, data, 12 * TRANSPORT_CHUNK, &id), TRANSPORT_OK);
    assert_int_equal(id, 2);
    assert_int_equal(run_until_sent(id, 20000), TRANSPORT_OK);
    assert_int_equal(nodes[0].t.stats.retransmits, 2);          // chunk 0, twice
    assert_int_equal(nodes[1].t.stats.dup_chunks, 0);
    assert_int_equal(nodes[1].ngot, 2);
    assert_memory_equal(nodes[1].got[1].buf, data, 12 * TRANSPORT_CHUNK);
    free(data);
}

// For message 2: drop the first transmission of chunk 3 only.
static bool lose_chunk3_once(const uint8_t *d, size_t len)
{
    static int dropped;
    const uint8_t *pl = d + WIRE_HEADER_SIZE;
    if (d[5] == WIRE_DATA && wire_get32(pl) == 2 && wire_get32(pl + 20) == 3 && !dropped) {
        dropped++;
        return true;
    }
    return false;
}

// Fast retransmit: a chunk lost while later ones get through is sent again
// as soon as TRANSPORT_DUPACKS of them are acknowledged, long before its
// RTO, and the congestion window stays open (the loss was one frame, not
// a full queue).
static void test_fast_retransmit(void **state)
{
    uint8_t *data = pattern(20 * TRANSPORT_CHUNK, 5);
    uint32_t id;
    assert_int_equal(send_msg(0, data, 20 * TRANSPORT_CHUNK, &id), TRANSPORT_OK);
    assert_int_equal(run_until_sent(id, 20000), TRANSPORT_OK);    // opens the window
    const struct tp_peer *p = transport_peer(&nodes[0].t, nodes[1].id);
    uint32_t cwnd = p->cwnd, rto = p->rto;
    assert_true(cwnd > 8);
    drop_filter = lose_chunk3_once;
    uint64_t t0 = now;
    assert_int_equal(send_msg(0, data, 20 * TRANSPORT_CHUNK, &id), TRANSPORT_OK);
    assert_int_equal(id, 2);
    assert_int_equal(run_until_sent(id, 20000), TRANSPORT_OK);
    assert_true(now - t0 < rto);
    assert_int_equal(nodes[0].t.stats.retransmits, 1);
    assert_int_equal(nodes[0].t.stats.fast_retransmits, 1);
    assert_true(p->cwnd >= cwnd);
    assert_int_equal(nodes[1].ngot, 2);
    assert_memory_equal(nodes[1].got[1].buf, data, 20 * TRANSPORT_CHUNK);
    free(data);
}

// For message 3: drop the first transmission of chunk 0 only.
static bool lose_msg3_once(const uint8_t *d, size_t len)
{
    static int dropped;
    const uint8_t *pl = d + WIRE_HEADER_SIZE;
    if (d[5] == WIRE_DATA && wire_get32(pl) == 3 && wire_get32(pl + 20) == 0 && !dropped) {
        dropped++;
        return true;
    }
    return false;
}

// A chunk whose RTO expires while the peer acknowledged other chunks sent
// before it (nothing after it could pass it) is a drop on a working link:
// it is sent again without backing off, the RTO and window stay. Backing
// off there, for every such loss, once slowed a 30% lossy link to a crawl.
static void test_rto_while_acks_come_does_not_back_off(void **state)
{
    uint8_t *data = pattern(20 * TRANSPORT_CHUNK, 6);
    uint32_t id;
    assert_int_equal(send_msg(0, data, 20 * TRANSPORT_CHUNK, &id), TRANSPORT_OK);
    assert_int_equal(run_until_sent(id, 20000), TRANSPORT_OK);    // opens the window
    const struct tp_peer *p = transport_peer(&nodes[0].t, nodes[1].id);
    assert_true(p->cwnd > 11);
    drop_filter = lose_msg3_once;
    uint32_t id2, id3;
    assert_int_equal(send_msg(0, data, 10 * TRANSPORT_CHUNK, &id2), TRANSPORT_OK);
    assert_int_equal(send_msg(0, data, 100, &id3), TRANSPORT_OK);   // its one chunk goes last
    assert_int_equal(id3, 3);
    uint32_t rto = p->rto, cwnd_before = p->cwnd;
    assert_int_equal(run_until_sent(id2, 20000), TRANSPORT_OK);
    assert_int_equal(run_until_sent(id3, 20000), TRANSPORT_OK);
    assert_int_equal(nodes[0].t.stats.retransmits, 1);
    assert_int_equal(nodes[0].t.stats.cwnd_cuts, 0);
    assert_true(p->cwnd >= cwnd_before);
    assert_true(p->rto <= rto);
    assert_int_equal(nodes[1].ngot, 3);
    free(data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_request_reply, setup, teardown),
        cmocka_unit_test_setup_teardown(test_answer_ack_waits_for_next_request_or_delay, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_lost_answer_request_acknowledged_by_its_duplicate, setup, teardown),
        cmocka_unit_test_setup_teardown(test_message_without_answer_is_acknowledged, setup, teardown),
        cmocka_unit_test_setup_teardown(test_late_answer_matches_no_message_of_a_new_session, setup, teardown),
        cmocka_unit_test_setup_teardown(test_empty_and_chunk_edges, setup, teardown),
        cmocka_unit_test_setup_teardown(test_limits, setup, teardown),
        cmocka_unit_test_setup_teardown(test_4mib_at_10pct_loss, setup, teardown),
        cmocka_unit_test_setup_teardown(test_4mib_at_30pct_loss_with_duplicates, setup, teardown),
        cmocka_unit_test_setup_teardown(test_messages_in_parallel_at_30pct_loss, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rto_while_acks_come_does_not_back_off, setup, teardown),
        cmocka_unit_test_setup_teardown(test_largest_message, setup, teardown),
        cmocka_unit_test_setup_teardown(test_duplicates_suppressed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_window_respected, setup, teardown),
        cmocka_unit_test_setup_teardown(test_memory_cap_and_zero_window, setup, teardown),
        cmocka_unit_test_setup_teardown(test_congestion_window, setup, teardown),
        cmocka_unit_test_setup_teardown(test_window_shared_among_senders, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stalled_message_fails, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unreachable_when_cut, setup, teardown),
        cmocka_unit_test_setup_teardown(test_alive_from_outside_postpones_unreachable, setup, teardown),
        cmocka_unit_test_setup_teardown(test_backoff, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rto_adapts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_peer_restart, setup, teardown),
        cmocka_unit_test_setup_teardown(test_restart_learnt_from_gossip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lying_peer, setup, teardown),
        cmocka_unit_test_setup_teardown(test_out_of_order_completion, setup, teardown),
        cmocka_unit_test_setup_teardown(test_karn, setup, teardown),
        cmocka_unit_test_setup_teardown(test_selective_ack, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fast_retransmit, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
