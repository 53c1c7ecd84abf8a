// The reliable message layer (see transport.h). Pure: tested in tests/unit
// against a simulated lossy link, fuzzed in tests/fuzz.
#include "ssi/transport.h"
#include <string.h>

void transport_default_config(struct transport_config *cfg)
{
    cfg->port = WIRE_PORT;
    cfg->mem_cap = TRANSPORT_MEM_CAP;
    cfg->rx_window = TRANSPORT_WINDOW_MAX;
    cfg->dead_ms = TRANSPORT_DEAD_MS;
    cfg->stall_ms = TRANSPORT_STALL_MS;
}

void transport_init(struct transport *t, const struct transport_config *cfg,
                    const struct transport_ops *ops, struct wire_endpoint *ep,
                    struct tp_peer *peers, uint32_t npeers)
{
    memset(t, 0, sizeof(*t));
    t->cfg = *cfg;
    if (t->cfg.rx_window == 0 || t->cfg.rx_window > TRANSPORT_WINDOW_MAX)
        t->cfg.rx_window = TRANSPORT_WINDOW_MAX;
    t->ops = *ops;
    t->ep = ep;
    t->peers = peers;
    t->npeers = npeers;
    t->next_session = 1;
    memset(peers, 0, sizeof(*peers) * npeers);
}

uint32_t transport_nchunks(uint32_t len)
{
    return len == 0 ? 1 : (len - 1) / TRANSPORT_CHUNK + 1;
}

// Bytes of chunk c of a message of len bytes.
static uint32_t chunk_len(uint32_t len, uint32_t c)
{
    uint32_t off = c * TRANSPORT_CHUNK;
    uint32_t left = len - off;
    return left < TRANSPORT_CHUNK ? left : TRANSPORT_CHUNK;
}

// Bytes allocated to reassemble a message of len bytes: data plus bitmap.
static size_t rx_alloc_size(uint32_t len)
{
    return (size_t)len + (transport_nchunks(len) + 7) / 8;
}

// --- peers ---------------------------------------------------------------

static bool peer_idle(const struct tp_peer *p)
{
    if (p->nflight)
        return false;
    for (int i = 0; i < TRANSPORT_OUT_MAX; i++)
        if (p->out[i].used)
            return false;
    for (int i = 0; i < TRANSPORT_RX_MAX; i++)
        if (p->in[i].used)
            return false;
    return true;
}

// Fresh sending state: a new session never used before. Ids go on from
// where they were (from 1 for a new peer): an answer to a message of the
// old session, arriving late, must not match a message of the new one.
static void reset_tx(struct transport *t, struct tp_peer *p)
{
    memset(p->out, 0, sizeof(p->out));
    memset(p->flight, 0, sizeof(p->flight));
    p->nflight = 0;
    p->tx_session = t->next_session++;
    if (p->next_id == 0)
        p->next_id = 1;
    p->window = TRANSPORT_WINDOW_INIT;
    p->cwnd = TRANSPORT_WINDOW_INIT;
    p->ssthresh = TRANSPORT_WINDOW_MAX;
    p->cwnd_acks = 0;
    p->rr = 0;
    p->srtt8 = 0;
    p->rttvar4 = 0;
    p->rto = TRANSPORT_RTO_INIT_MS;
    p->have_rtt = false;
    p->backoff_at = 0;
    p->acked_at = 0;
}

// Drop every partial message from p and forget its session.
static void reset_rx(struct transport *t, struct tp_peer *p)
{
    for (int i = 0; i < TRANSPORT_RX_MAX; i++) {
        struct tp_in *in = &p->in[i];
        if (in->used) {
            size_t n = rx_alloc_size(in->len);
            t->ops.free(t->ops.ctx, in->buf, n);
            t->mem_used -= n;
        }
    }
    memset(p->in, 0, sizeof(p->in));
    p->ack_owed = false;
    p->rx_session = 0;
    p->base = 0;
    p->delivered = 0;
}

static struct tp_peer *find_peer(const struct transport *t, uint32_t node)
{
    for (uint32_t i = 0; i < t->npeers; i++)
        if (t->peers[i].used && t->peers[i].node == node)
            return &t->peers[i];
    return NULL;
}

const struct tp_peer *transport_peer(const struct transport *t, uint32_t node)
{
    return find_peer(t, node);
}

// The peer slot of node, made if needed (a free slot, else the idle peer
// quiet the longest). NULL when every slot holds an active peer.
static struct tp_peer *get_peer(struct transport *t, uint32_t node, uint32_t ip, uint64_t now)
{
    struct tp_peer *p = find_peer(t, node);
    if (p)
        return p;
    struct tp_peer *victim = NULL;
    for (uint32_t i = 0; i < t->npeers; i++) {
        struct tp_peer *q = &t->peers[i];
        if (!q->used) {
            victim = q;
            break;
        }
        if (peer_idle(q) && (!victim || q->alive_at < victim->alive_at))
            victim = q;
    }
    if (!victim)
        return NULL;
    memset(victim, 0, sizeof(*victim));
    victim->used = true;
    victim->node = node;
    victim->ip = ip;
    victim->alive_at = now;
    reset_tx(t, victim);
    return victim;
}

// --- sending -------------------------------------------------------------

// Send chunk c of message o to p (first time or again).
static void send_chunk(struct transport *t, struct tp_peer *p, const struct tp_out *o,
                       uint32_t c)
{
    uint8_t *pl = t->scratch + WIRE_HEADER_SIZE;
    uint32_t n = chunk_len(o->len, c);
    uint32_t low = p->next_id;
    for (int i = 0; i < TRANSPORT_OUT_MAX; i++)
        if (p->out[i].used && p->out[i].id < low)
            low = p->out[i].id;
    wire_put32(pl + 0, o->id);
    wire_put32(pl + 4, p->tx_session);
    wire_put32(pl + 8, low);
    wire_put32(pl + 12, o->reply_to);
    wire_put32(pl + 16, o->len);
    wire_put32(pl + 20, c);
    wire_put16(pl + 24, (uint16_t)n);
    wire_put16(pl + 26, 0);
    if (n)
        memcpy(pl + TRANSPORT_DATA_HDR, o->data + (size_t)c * TRANSPORT_CHUNK, n);
    size_t len = wire_encode(t->ep, WIRE_DATA, p->node, pl, TRANSPORT_DATA_HDR + n,
                             t->scratch, sizeof(t->scratch));
    t->ops.send(t->ops.ctx, p->ip, t->cfg.port, t->scratch, len);
    t->stats.data_sent++;
}

// The next message with a chunk never sent and not parked by a refusal,
// taking messages in turn so that a short request is not stuck behind a bulk
// transfer.
static struct tp_out *next_unsent(struct tp_peer *p, uint64_t now, int *index)
{
    for (int k = 0; k < TRANSPORT_OUT_MAX; k++) {
        int i = (int)((p->rr + (uint32_t)k) % TRANSPORT_OUT_MAX);
        struct tp_out *o = &p->out[i];
        if (o->used && o->next_new < o->nchunks && now >= o->retry_at) {
            p->rr = (uint32_t)(i + 1) % TRANSPORT_OUT_MAX;
            *index = i;
            return o;
        }
    }
    return NULL;
}

// Send new chunks while both windows allow. A zero window still allows one
// chunk when nothing is in flight: the probe that learns when it reopens.
static void send_owed_ack(struct transport *t, struct tp_peer *p);

static void pump(struct transport *t, struct tp_peer *p, uint64_t now)
{
    uint32_t win = p->window < TRANSPORT_WINDOW_MAX ? p->window : TRANSPORT_WINDOW_MAX;
    if (p->cwnd < win)
        win = p->cwnd;
    if (win == 0)
        win = 1;
    bool sent = false;
    while (p->nflight < win) {
        int i;
        struct tp_out *o = next_unsent(p, now, &i);
        if (!o)
            break;
        struct tp_flight *f = NULL;
        for (int k = 0; k < TRANSPORT_WINDOW_MAX; k++) {
            if (!p->flight[k].used) {
                f = &p->flight[k];
                break;
            }
        }
        f->used = true;
        f->out = (uint8_t)i;
        f->chunk = o->next_new++;
        f->tx = 1;
        f->sent_at = now;
        f->passed = 0;
        f->seq = p->tx_seq++;
        o->inflight++;
        p->nflight++;
        send_chunk(t, p, o, f->chunk);
        sent = true;
    }
    if (sent)
        send_owed_ack(t, p);   // after the DATA: the peer reads that first
}

// True when some message to p is not finished.
static bool has_outstanding(const struct tp_peer *p)
{
    for (int i = 0; i < TRANSPORT_OUT_MAX; i++)
        if (p->out[i].used)
            return true;
    return false;
}

int transport_send(struct transport *t, uint64_t now_ms, uint32_t node, uint32_t ip,
                   uint32_t reply_to, const void *data, uint32_t len, uint32_t *id)
{
    if (len > TRANSPORT_MSG_MAX)
        return TRANSPORT_TOO_BIG;
    struct tp_peer *p = get_peer(t, node, ip, now_ms);
    if (!p)
        return TRANSPORT_NO_PEER;
    struct tp_out *o = NULL;
    for (int i = 0; i < TRANSPORT_OUT_MAX; i++) {
        if (!p->out[i].used) {
            o = &p->out[i];
            break;
        }
    }
    if (!o)
        return TRANSPORT_BUSY;
    if (!has_outstanding(p))
        p->alive_at = now_ms;    // the silence that counts starts now
    p->ip = ip;
    o->used = true;
    o->id = p->next_id++;
    o->reply_to = reply_to;
    o->len = len;
    o->nchunks = transport_nchunks(len);
    o->data = data;
    o->next_new = 0;
    o->inflight = 0;
    o->retry_at = 0;
    o->refusals = 0;
    o->progress_at = now_ms;
    if (id)
        *id = o->id;
    if (reply_to && reply_to == t->delivering_id && node == t->delivering_node)
        t->answered = true;   // this answer will acknowledge the request
    pump(t, p, now_ms);
    return TRANSPORT_OK;
}

// Fold a round-trip sample of r ms into p's estimates (RFC 6298, with
// Jacobson's scaled integers) and recompute the RTO; this also ends any backoff.
static void rtt_sample(struct tp_peer *p, uint32_t r)
{
    if (r > 60000)
        r = 60000;
    if (!p->have_rtt) {
        p->srtt8 = r << 3;        // SRTT = R
        p->rttvar4 = r << 1;      // RTTVAR = R/2
        p->have_rtt = true;
    } else {
        int32_t delta = (int32_t)r - (int32_t)(p->srtt8 >> 3);
        p->srtt8 = (uint32_t)((int32_t)p->srtt8 + delta);          // += (R - SRTT)/8, scaled
        if (delta < 0)
            delta = -delta;
        p->rttvar4 = (uint32_t)((int32_t)p->rttvar4 + delta - (int32_t)(p->rttvar4 >> 2));
    }
    uint32_t var = p->rttvar4 ? p->rttvar4 : 1;  // K * RTTVAR with K = 4, at least G = 1 ms
    uint32_t rto = (p->srtt8 >> 3) + var;
    if (rto < TRANSPORT_RTO_MIN_MS)
        rto = TRANSPORT_RTO_MIN_MS;
    if (rto > TRANSPORT_RTO_MAX_MS)
        rto = TRANSPORT_RTO_MAX_MS;
    p->rto = rto;
}

// Finish every message to p: fail them with status, renew the session, and
// tell the caller (after the state is consistent, so callbacks may send).
static void fail_all(struct transport *t, struct tp_peer *p, int status)
{
    uint32_t ids[TRANSPORT_OUT_MAX];
    int n = 0;
    for (int i = 0; i < TRANSPORT_OUT_MAX; i++)
        if (p->out[i].used)
            ids[n++] = p->out[i].id;
    reset_tx(t, p);
    uint32_t node = p->node;
    for (int i = 0; i < n; i++)
        t->ops.sent(t->ops.ctx, node, ids[i], status);
}

// A chunk to p was acknowledged: open the congestion window, by one chunk
// per chunk in slow start, by one chunk per window's worth above ssthresh.
static void cwnd_grow(struct tp_peer *p)
{
    if (p->cwnd >= TRANSPORT_WINDOW_MAX)
        return;
    if (p->cwnd < p->ssthresh) {
        p->cwnd++;
    } else if (++p->cwnd_acks >= p->cwnd) {
        p->cwnd++;
        p->cwnd_acks = 0;
    }
}

// Chunks to p were lost (a retransmission timeout): halve the window, not
// below TRANSPORT_CWND_MIN (nor above what it was: a young window stays).
static void cwnd_cut(struct transport *t, struct tp_peer *p)
{
    p->ssthresh = p->cwnd / 2 > TRANSPORT_CWND_MIN ? p->cwnd / 2 : TRANSPORT_CWND_MIN;
    if (p->cwnd > p->ssthresh)
        p->cwnd = p->ssthresh;
    p->cwnd_acks = 0;
    t->stats.cwnd_cuts++;
}

// Report and free the messages to p whose chunks are all acknowledged.
static void complete_finished(struct transport *t, struct tp_peer *p)
{
    for (int i = 0; i < TRANSPORT_OUT_MAX; i++) {
        struct tp_out *o = &p->out[i];
        if (o->used && o->next_new == o->nchunks && o->inflight == 0) {
            uint32_t id = o->id;
            memset(o, 0, sizeof(*o));
            t->stats.completed++;
            t->ops.sent(t->ops.ctx, p->node, id, TRANSPORT_OK);
        }
    }
}

// The receiver has no room for message o (index oi) and kept none of it:
// take its chunks out of flight, so they do not fill the window, and send
// it again from the start after a wait that doubles with every refusal.
static void park(struct transport *t, struct tp_peer *p, struct tp_out *o, int oi,
                 uint64_t now)
{
    for (int k = 0; k < TRANSPORT_WINDOW_MAX; k++) {
        if (p->flight[k].used && p->flight[k].out == oi) {
            p->flight[k].used = false;
            p->nflight--;
        }
    }
    o->inflight = 0;
    o->next_new = 0;
    uint32_t wait = p->rto;
    for (uint32_t i = 0; i < o->refusals && wait < TRANSPORT_RTO_MAX_MS; i++)
        wait *= 2;
    if (wait > TRANSPORT_RTO_MAX_MS)
        wait = TRANSPORT_RTO_MAX_MS;
    if (o->refusals < 32)
        o->refusals++;
    o->retry_at = now + wait;
    t->stats.refused++;
}

// An ACK answered a chunk that was sent (transmission seq) after some
// chunks still unacknowledged, of its message or of another to the same
// peer (the sequence counts every transmission to it): those were
// probably lost. Once TRANSPORT_DUPACKS chunks sent after one got through,
// send it again at once rather than wait for its RTO (TCP's fast
// retransmit, with the ACK's bitmap as SACK). Across messages matters: a
// migration keeps several in flight, each with a few chunks of the window,
// too few of its own to pass a lost one. The congestion window is not cut: on a LAN a
// frame lost among frames that got through is a drop, not a full queue
// (the receiver's window already paces a slow receiver), and a sender
// that halved its window for each would crawl on a lossy link; when
// retransmissions themselves go unanswered, the RTO path cuts it.
static void resend_passed(struct transport *t, struct tp_peer *p, struct tp_flight *f,
                          uint64_t now)
{
    f->passed = 0;
    f->seq = p->tx_seq++;
    f->sent_at = now;
    if (f->tx < 0xFFFF)
        f->tx++;
    t->stats.retransmits++;
    t->stats.fast_retransmits++;
    send_chunk(t, p, &p->out[f->out], f->chunk);
}

// Is chunk f lost by the order of things: passed often enough, and out
// longer than a round trip and a quarter? A chunk merely overtaken on the
// way arrives within that (RACK's reordering window, RFC 8985).
static bool lost_by_order(const struct tp_peer *p, const struct tp_flight *f, uint64_t now)
{
    uint32_t srtt = p->have_rtt ? p->srtt8 >> 3 : TRANSPORT_RTO_MIN_MS;
    return f->passed >= TRANSPORT_DUPACKS && now >= f->sent_at + srtt + srtt / 4 + 1;
}

static void fast_retransmit(struct transport *t, struct tp_peer *p, uint32_t seq, uint64_t now)
{
    for (int k = 0; k < TRANSPORT_WINDOW_MAX; k++) {
        struct tp_flight *f = &p->flight[k];
        if (!f->used || (int32_t)(f->seq - seq) >= 0)
            continue;
        if (f->passed < TRANSPORT_DUPACKS)
            f->passed++;
        if (lost_by_order(p, f, now))
            resend_passed(t, p, f, now);
    }
}

// An ACK payload from p.
static void handle_ack(struct transport *t, struct tp_peer *p, const uint8_t *pl,
                       uint32_t len, uint64_t now)
{
    if (len != TRANSPORT_ACK_SIZE) {
        t->stats.bad++;
        return;
    }
    uint32_t id = wire_get32(pl + 0);
    uint32_t session = wire_get32(pl + 4);
    uint32_t cum = wire_get32(pl + 8);
    uint32_t chunk = wire_get32(pl + 12);
    uint32_t window = wire_get16(pl + 16);
    uint16_t flags = wire_get16(pl + 18);
    uint64_t bits = wire_get64(pl + 20);
    if (session != p->tx_session) {
        t->stats.stale++;
        return;
    }
    t->stats.acks_received++;
    p->alive_at = now;
    p->window = window < TRANSPORT_WINDOW_MAX ? window : TRANSPORT_WINDOW_MAX;
    int oi = -1;
    for (int i = 0; i < TRANSPORT_OUT_MAX; i++)
        if (p->out[i].used && p->out[i].id == id)
            oi = i;
    if (oi >= 0) {
        struct tp_out *o = &p->out[oi];
        bool answered = false;      // the chunk this ACK answers was in flight
        uint32_t answered_seq = 0;  // and this was its transmission
        for (int k = 0; k < TRANSPORT_WINDOW_MAX; k++) {
            struct tp_flight *f = &p->flight[k];
            if (!f->used || f->out != oi)
                continue;
            uint32_t c = f->chunk;
            bool acked = (flags & TRANSPORT_ACK_COMPLETE) || c < cum || c == chunk ||
                         (c > cum && c - cum - 1 < 64 && ((bits >> (c - cum - 1)) & 1));
            if (!acked)
                continue;
            o->refusals = 0;
            o->progress_at = now;
            p->acked_at = now;
            cwnd_grow(p);
            if (c == chunk && f->tx == 1 && now >= f->sent_at)
                rtt_sample(p, (uint32_t)(now - f->sent_at));   // Karn: first transmissions only
            if (c == chunk) {
                answered = true;
                answered_seq = f->seq;
            }
            f->used = false;
            p->nflight--;
            o->inflight--;
        }
        if (flags & TRANSPORT_ACK_COMPLETE)
            o->next_new = o->nchunks;   // the receiver has it all: nothing left to send
        else if (flags & TRANSPORT_ACK_REFUSED)
            park(t, p, o, oi, now);
        else if (answered)
            fast_retransmit(t, p, answered_seq, now);
        complete_finished(t, p);
    }
    pump(t, p, now);
}

// The answer to our message id came whole: the peer has all of id, as
// if a complete ACK had come (the peer sends none when it answers at once).
static void answered_by_reply(struct transport *t, struct tp_peer *p, uint32_t id, uint64_t now)
{
    int oi = -1;
    for (int i = 0; i < TRANSPORT_OUT_MAX; i++)
        if (p->out[i].used && p->out[i].id == id)
            oi = i;
    if (oi < 0)
        return;   // acknowledged already
    struct tp_out *o = &p->out[oi];
    for (int k = 0; k < TRANSPORT_WINDOW_MAX; k++) {
        struct tp_flight *f = &p->flight[k];
        if (f->used && f->out == oi) {
            f->used = false;
            p->nflight--;
            o->inflight--;
            cwnd_grow(p);
        }
    }
    o->next_new = o->nchunks;
    o->refusals = 0;
    o->progress_at = now;
    p->acked_at = now;
    t->stats.reply_acks++;
    complete_finished(t, p);
}

// --- receiving -----------------------------------------------------------

// True when q is sending us a message now.
static bool receiving_from(const struct tp_peer *q)
{
    for (int i = 0; i < TRANSPORT_RX_MAX; i++)
        if (q->in[i].used)
            return true;
    return false;
}

// The window we advertise to p: its share of rx_window (split evenly among
// the peers sending to us now, p among them), less when memory is short.
// Bytes still missing from p's partial messages are already reserved, so
// they count as free for it.
static uint32_t adv_window(const struct transport *t, const struct tp_peer *p)
{
    uint32_t senders = 1;
    for (uint32_t i = 0; i < t->npeers; i++)
        if (t->peers[i].used && &t->peers[i] != p && receiving_from(&t->peers[i]))
            senders++;
    uint32_t share = t->cfg.rx_window / senders;
    if (share == 0)
        share = 1;
    size_t avail = t->cfg.mem_cap > t->mem_used ? t->cfg.mem_cap - t->mem_used : 0;
    for (int i = 0; i < TRANSPORT_RX_MAX; i++) {
        const struct tp_in *in = &p->in[i];
        if (in->used)
            avail += (size_t)(in->nchunks - in->got) * TRANSPORT_CHUNK;
    }
    size_t w = avail / TRANSPORT_CHUNK;
    return w < share ? (uint32_t)w : share;
}

// Send an ACK for message id of p's session: cumulative point cum, the chunk
// answered, the bitmap of the 64 chunks after cum, and flags.
static void send_ack(struct transport *t, struct tp_peer *p, uint32_t id, uint32_t session,
                     uint32_t cum, uint32_t chunk, uint64_t bits, uint16_t flags)
{
    uint8_t *pl = t->scratch + WIRE_HEADER_SIZE;
    wire_put32(pl + 0, id);
    wire_put32(pl + 4, session);
    wire_put32(pl + 8, cum);
    wire_put32(pl + 12, chunk);
    wire_put16(pl + 16, (uint16_t)adv_window(t, p));
    wire_put16(pl + 18, flags);
    wire_put64(pl + 20, bits);
    size_t len = wire_encode(t->ep, WIRE_ACK, p->node, pl, TRANSPORT_ACK_SIZE,
                             t->scratch, sizeof(t->scratch));
    t->ops.send(t->ops.ctx, p->ip, t->cfg.port, t->scratch, len);
    t->stats.acks_sent++;
}

// Send the ACK p is owed for an answer (see transport.h), if any.
static void send_owed_ack(struct transport *t, struct tp_peer *p)
{
    if (!p->ack_owed)
        return;
    p->ack_owed = false;
    t->stats.acks_delayed++;
    send_ack(t, p, p->owed_id, p->owed_session, p->owed_nchunks, p->owed_chunk, 0,
             TRANSPORT_ACK_COMPLETE);
}

// Owe p the complete ACK of answer id instead of sending it now. One is
// owed at most: an older one goes first.
static void owe_ack(struct transport *t, struct tp_peer *p, uint32_t id, uint32_t session,
                    uint32_t nchunks, uint32_t chunk, uint64_t now)
{
    send_owed_ack(t, p);
    p->ack_owed = true;
    p->owed_id = id;
    p->owed_session = session;
    p->owed_nchunks = nchunks;
    p->owed_chunk = chunk;
    p->owed_at = now;
}

uint64_t transport_acks_due(const struct transport *t)
{
    uint64_t due = 0;
    for (uint32_t i = 0; i < t->npeers; i++) {
        const struct tp_peer *p = &t->peers[i];
        if (p->used && p->ack_owed) {
            uint64_t at = p->owed_at + TRANSPORT_ACK_DELAY_MS;
            if (!due || at < due)
                due = at;
        }
    }
    return due;
}

void transport_send_due_acks(struct transport *t, uint64_t now_ms)
{
    for (uint32_t i = 0; i < t->npeers; i++) {
        struct tp_peer *p = &t->peers[i];
        if (p->used && p->ack_owed && now_ms >= p->owed_at + TRANSPORT_ACK_DELAY_MS)
            send_owed_ack(t, p);
    }
}

static bool have_chunk(const struct tp_in *in, uint32_t c)
{
    const uint8_t *map = in->buf + in->len;
    return (map[c >> 3] >> (c & 7)) & 1;
}

// The bitmap of chunks cum+1 .. cum+64 of in.
static uint64_t sack_bits(const struct tp_in *in)
{
    uint64_t bits = 0;
    for (uint32_t i = 0; i < 64; i++) {
        uint32_t c = in->cum + 1 + i;
        if (c >= in->nchunks)
            break;
        if (have_chunk(in, c))
            bits |= (uint64_t)1 << i;
    }
    return bits;
}

// Move p's delivered-id window up so that it starts at base (ids below were
// delivered, or the sender says it no longer sends them).
static void advance_base(struct tp_peer *p, uint32_t base)
{
    if (base < p->base)
        return;
    if (base - p->base >= TRANSPORT_IDS) {
        p->delivered = 0;
        p->base = base;
    }
    while (p->base < base) {
        p->delivered >>= 1;
        p->base++;
    }
    while (p->delivered & 1) {
        p->delivered >>= 1;
        p->base++;
    }
}

// The slot of message id from p, or NULL.
static struct tp_in *find_in(struct tp_peer *p, uint32_t id)
{
    for (int i = 0; i < TRANSPORT_RX_MAX; i++)
        if (p->in[i].used && p->in[i].id == id)
            return &p->in[i];
    return NULL;
}

// Free partial message in (its sender has moved past it or went silent).
static void drop_in(struct transport *t, struct tp_in *in)
{
    size_t n = rx_alloc_size(in->len);
    t->ops.free(t->ops.ctx, in->buf, n);
    t->mem_used -= n;
    memset(in, 0, sizeof(*in));
}

// A new message id from p: a slot and a buffer for it, or NULL (counted).
static struct tp_in *start_in(struct transport *t, struct tp_peer *p, uint32_t id,
                              uint32_t reply_to, uint32_t len, uint64_t now)
{
    struct tp_in *in = NULL;
    for (int i = 0; i < TRANSPORT_RX_MAX; i++) {
        if (!p->in[i].used) {
            in = &p->in[i];
            break;
        }
    }
    if (!in) {
        t->stats.rx_full++;
        return NULL;
    }
    size_t n = rx_alloc_size(len);
    if (n > t->cfg.mem_cap - (t->mem_used < t->cfg.mem_cap ? t->mem_used : t->cfg.mem_cap)) {
        t->stats.nomem++;
        return NULL;
    }
    uint8_t *buf = t->ops.alloc(t->ops.ctx, n);
    if (!buf) {
        t->stats.nomem++;
        return NULL;
    }
    t->mem_used += n;
    memset(buf + len, 0, n - len);
    in->used = true;
    in->id = id;
    in->reply_to = reply_to;
    in->len = len;
    in->nchunks = transport_nchunks(len);
    in->got = 0;
    in->cum = 0;
    in->buf = buf;
    in->last_ms = now;
    return in;
}

// A DATA payload from p. Validates everything before it touches any state.
static void handle_data(struct transport *t, struct tp_peer *p, const uint8_t *pl,
                        uint32_t len, uint64_t now)
{
    if (len < TRANSPORT_DATA_HDR) {
        t->stats.bad++;
        return;
    }
    uint32_t id = wire_get32(pl + 0);
    uint32_t session = wire_get32(pl + 4);
    uint32_t low = wire_get32(pl + 8);
    uint32_t reply_to = wire_get32(pl + 12);
    uint32_t total = wire_get32(pl + 16);
    uint32_t c = wire_get32(pl + 20);
    uint32_t n = wire_get16(pl + 24);
    if (total > TRANSPORT_MSG_MAX || id == 0 || session == 0 || low > id ||
        c >= transport_nchunks(total) || n != chunk_len(total, c) ||
        len != TRANSPORT_DATA_HDR + n) {
        t->stats.bad++;
        return;
    }
    if (session < p->rx_session) {
        t->stats.stale++;
        return;
    }
    if (session > p->rx_session) {     // the sender started afresh
        reset_rx(t, p);
        p->rx_session = session;
        p->base = low;
    }
    p->alive_at = now;
    // Ids below low are finished at the sender: forget their partials.
    if (low > p->base) {
        for (int i = 0; i < TRANSPORT_RX_MAX; i++)
            if (p->in[i].used && p->in[i].id < low)
                drop_in(t, &p->in[i]);
        advance_base(p, low);
    }
    uint32_t nchunks = transport_nchunks(total);
    if (id < p->base || ((id - p->base) < TRANSPORT_IDS &&
                         ((p->delivered >> (id - p->base)) & 1))) {
        t->stats.dup_msgs++;
        send_ack(t, p, id, session, nchunks, c, 0, TRANSPORT_ACK_COMPLETE);
        return;
    }
    if (id - p->base >= TRANSPORT_IDS) {
        t->stats.bad++;       // beyond what a sender may have pending
        return;
    }
    struct tp_in *in = find_in(p, id);
    if (in && (in->len != total || in->reply_to != reply_to)) {
        t->stats.bad++;       // chunks of one message disagree
        return;
    }
    if (!in) {
        in = start_in(t, p, id, reply_to, total, now);
        if (!in) {
            send_ack(t, p, id, session, 0, TRANSPORT_NO_CHUNK, 0, TRANSPORT_ACK_REFUSED);
            return;
        }
    }
    if (have_chunk(in, c)) {
        t->stats.dup_chunks++;
    } else {
        if (n)
            memcpy(in->buf + (size_t)c * TRANSPORT_CHUNK, pl + TRANSPORT_DATA_HDR, n);
        in->buf[in->len + (c >> 3)] |= (uint8_t)(1u << (c & 7));
        in->got++;
        in->last_ms = now;
        while (in->cum < in->nchunks && have_chunk(in, in->cum))
            in->cum++;
    }
    if (in->got < in->nchunks) {
        send_ack(t, p, id, session, in->cum, c, sack_bits(in), 0);
        return;
    }
    // Complete: record it as delivered and hand it over. An answer first
    // acknowledges the request it answers. Our ACK goes after the delivery,
    // and only when the delivery did not answer the message at once (that
    // answer acknowledges it, and leaves sooner without an ACK before it).
    struct tp_in done = *in;
    memset(in, 0, sizeof(*in));
    p->delivered |= (uint64_t)1 << (id - p->base);
    advance_base(p, p->base);
    t->stats.delivered++;
    if (done.reply_to)
        answered_by_reply(t, p, done.reply_to, now);
    uint32_t node = p->node;
    t->delivering_node = node;
    t->delivering_id = done.id;
    t->answered = false;
    t->ops.deliver(t->ops.ctx, node, done.id, done.reply_to, done.buf, done.len);
    t->delivering_id = 0;
    if (t->answered) {
        t->stats.acks_saved++;
        return;
    }
    // (The delivery may have reset the peer: then no ACK of an old session.)
    // An answer's ACK waits for our next DATA to the peer (transport.h).
    if (p->used && p->node == node && p->rx_session == session) {
        if (done.reply_to)
            owe_ack(t, p, id, session, done.nchunks, c, now);
        else
            send_ack(t, p, id, session, done.nchunks, c, 0, TRANSPORT_ACK_COMPLETE);
    }
}

// p speaks as incarnation inc, not older than the one we know. A newer one
// rebooted: it lost everything, so must we, both ways; what it had not
// confirmed fails (TRANSPORT_PEER_RESTARTED).
static void new_incarnation(struct transport *t, struct tp_peer *p, uint32_t inc)
{
    if (inc <= p->incarnation)
        return;
    bool rebooted = p->incarnation != 0;
    p->incarnation = inc;
    if (rebooted) {
        t->stats.restarts++;
        reset_rx(t, p);
        fail_all(t, p, TRANSPORT_PEER_RESTARTED);
    }
}

void transport_peer_alive(struct transport *t, uint32_t node, uint32_t incarnation,
                          uint64_t now_ms)
{
    struct tp_peer *p = find_peer(t, node);
    if (!p || incarnation < p->incarnation)
        return;   // unknown, or an old datagram of a node that rebooted since
    new_incarnation(t, p, incarnation);
    if (now_ms > p->alive_at)
        p->alive_at = now_ms;
}

void transport_release(struct transport *t, uint8_t *buf, uint32_t len)
{
    size_t n = rx_alloc_size(len);
    t->ops.free(t->ops.ctx, buf, n);
    t->mem_used -= n;
}

void transport_input(struct transport *t, uint64_t now_ms, const struct wire_msg *m)
{
    if (m->h.type != WIRE_DATA && m->h.type != WIRE_ACK)
        return;
    struct tp_peer *p = find_peer(t, m->h.src);
    if (!p && m->h.type == WIRE_DATA)
        p = get_peer(t, m->h.src, m->src_addr, now_ms);
    if (!p) {
        t->stats.stale++;     // an ACK for nothing we sent, or no room
        return;
    }
    if (m->h.incarnation < p->incarnation) {
        t->stats.stale++;
        return;
    }
    new_incarnation(t, p, m->h.incarnation);
    p->ip = m->src_addr;
    if (m->h.type == WIRE_DATA)
        handle_data(t, p, m->payload, m->h.length, now_ms);
    else
        handle_ack(t, p, m->payload, m->h.length, now_ms);
}

// --- timers --------------------------------------------------------------

// Retransmit p's chunks whose RTO expired. Back off (double the RTO, cut
// the window) once per expiry round, and only when nothing at all was
// acknowledged since the chunk went out: a silent peer or a jammed link.
// A chunk lost while the ACKs of others keep coming is a drop on the way
// (a lossy link), not congestion: backing off for each would slow a 30%
// lossy link to a few chunks a second.
static void retransmit(struct transport *t, struct tp_peer *p, uint64_t now)
{
    for (int k = 0; k < TRANSPORT_WINDOW_MAX; k++) {
        struct tp_flight *f = &p->flight[k];
        if (f->used && now < f->sent_at + p->rto && lost_by_order(p, f, now)) {
            resend_passed(t, p, f, now);   // passed when its window was not yet over
            continue;
        }
        if (!f->used || now < f->sent_at + p->rto)
            continue;
        if (f->sent_at >= p->backoff_at && p->acked_at <= f->sent_at) {
            p->rto = p->rto * 2 < TRANSPORT_RTO_MAX_MS ? p->rto * 2 : TRANSPORT_RTO_MAX_MS;
            p->backoff_at = now;
            cwnd_cut(t, p);
        }
        f->sent_at = now;
        f->passed = 0;
        f->seq = p->tx_seq++;
        if (f->tx < 0xFFFF)
            f->tx++;
        t->stats.retransmits++;
        send_chunk(t, p, &p->out[f->out], f->chunk);
    }
}

// Fail p's messages that made no progress for stall_ms although p answers.
static void fail_stalled(struct transport *t, struct tp_peer *p, uint64_t now)
{
    for (int i = 0; i < TRANSPORT_OUT_MAX; i++) {
        struct tp_out *o = &p->out[i];
        if (!o->used || now < o->progress_at || now - o->progress_at < t->cfg.stall_ms)
            continue;
        for (int k = 0; k < TRANSPORT_WINDOW_MAX; k++) {
            if (p->flight[k].used && p->flight[k].out == i) {
                p->flight[k].used = false;
                p->nflight--;
            }
        }
        uint32_t id = o->id;
        memset(o, 0, sizeof(*o));
        t->stats.stalled++;
        t->ops.sent(t->ops.ctx, p->node, id, TRANSPORT_STALLED);
    }
}

void transport_tick(struct transport *t, uint64_t now_ms)
{
    transport_send_due_acks(t, now_ms);
    for (uint32_t i = 0; i < t->npeers; i++) {
        struct tp_peer *p = &t->peers[i];
        if (!p->used)
            continue;
        for (int k = 0; k < TRANSPORT_RX_MAX; k++) {
            struct tp_in *in = &p->in[k];
            if (in->used && now_ms - in->last_ms >= t->cfg.dead_ms) {
                drop_in(t, in);
                t->stats.rx_abandoned++;
            }
        }
        if (!has_outstanding(p))
            continue;
        if (now_ms >= p->alive_at && now_ms - p->alive_at >= t->cfg.dead_ms) {
            t->stats.unreachable++;
            fail_all(t, p, TRANSPORT_UNREACHABLE);
            t->ops.unreachable(t->ops.ctx, p->node);
            continue;
        }
        fail_stalled(t, p, now_ms);
        retransmit(t, p, now_ms);
        pump(t, p, now_ms);
    }
}
