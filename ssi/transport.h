// The reliable message layer over cluster datagrams (WIRE_DATA, WIRE_ACK).
//
// A message (0 .. TRANSPORT_MSG_MAX bytes) is cut into chunks of
// TRANSPORT_CHUNK bytes, each sent as one DATA datagram. The receiver
// acknowledges every DATA with an ACK that carries the cumulative count of
// chunks received, the chunk it answers, a bitmap of the 64 chunks after the
// cumulative point, and its free window.
//
// Two windows limit a sender. The receiver's (flow control): what its
// memory and its share of the socket buffer hold, the buffer split among
// the peers sending to it at the time, so that no number of fast senders
// can swamp a slow node. The sender's own congestion window (AIMD, as
// TCP's): it starts at TRANSPORT_WINDOW_INIT, grows by one chunk per
// acknowledged chunk up to ssthresh (slow start) and by one chunk per
// window above it, and halves (not below TRANSPORT_CWND_MIN) at each
// round of retransmission timeouts in which nothing was acknowledged, so
// that a link or card that drops frames is not flooded. The floor keeps a
// lossy link usable: with 2 chunks in flight, 30% loss each way silences
// a quarter of all rounds, and each silence would halve the window again.
// The sender
// keeps at most min(both, TRANSPORT_WINDOW_MAX) chunks in flight per peer,
// retransmits a chunk whose retransmission timeout (RTO) expires, and
// computes the RTO from measured round trips (Jacobson/Karels, RFC 6298)
// with Karn's rule and exponential backoff.
//
// Failure is bounded in time. A peer that has data outstanding and is
// silent for dead_ms is declared unreachable: its messages fail and the
// caller is told. A peer that answers but makes no progress on a message
// (it keeps refusing it, or keeps its window shut) fails that message with
// TRANSPORT_STALLED after stall_ms.
// A message is delivered once, even when chunks or the whole message arrive
// again.
//
// A request and its answer cost three datagrams, not four: a receiver that
// answers a message while it is being delivered (ops.deliver calls
// transport_send with reply_to set to it) sends no ACK for it, and the
// answer, when complete, acknowledges the whole request at the sender. If
// the answer is lost, the request is sent again after its RTO and its
// duplicate is acknowledged as usual. The asker's ACK of the answer is
// delayed: it goes right after the asker's next DATA to that peer (its
// next request, usually at once), or TRANSPORT_ACK_DELAY_MS later. So it
// costs neither side time between an answer and the next request: the
// asker's caller runs before the ACK is sent, and the peer reads the
// request before the ACK. Message ids to a peer keep counting
// across sessions, so that a late answer to a message of an old session
// never matches a newer one. docs/protocol.md describes the payloads and
// the state machines.
//
// Everything lives in caller-owned structs; time is an argument; datagrams
// leave through ops.send; reassembly buffers come from ops.alloc, within a
// global cap. Not thread-safe: one kernel thread drives an instance.
#ifndef SSI_TRANSPORT_H
#define SSI_TRANSPORT_H

#include "kernel/types.h"
#include "ssi/wire.h"

#define TRANSPORT_CHUNK        1400          // data bytes per DATA datagram
#define TRANSPORT_MSG_MAX      (8u << 20)    // largest message: 8 MiB (5992 chunks)
#define TRANSPORT_DATA_HDR     28            // DATA payload header bytes
#define TRANSPORT_ACK_SIZE     28            // ACK payload bytes
#define TRANSPORT_WINDOW_MAX   64            // most chunks in flight to one peer
#define TRANSPORT_WINDOW_INIT  4             // window assumed before the peer's first ACK
#define TRANSPORT_CWND_MIN     8             // the congestion window is never cut below this
#define TRANSPORT_OUT_MAX      16            // messages being sent to one peer at once
#define TRANSPORT_RX_MAX       16            // messages being received from one peer at once
#define TRANSPORT_IDS          64            // delivered message ids remembered above the base
#define TRANSPORT_RTO_INIT_MS  500           // RTO before the first round-trip sample
#define TRANSPORT_RTO_MIN_MS   50
#define TRANSPORT_ACK_DELAY_MS 5             // an answer's ACK waits this long for our next DATA (well below the RTO)
#define TRANSPORT_RTO_MAX_MS   4000
#define TRANSPORT_DEAD_MS      15000         // default: silence before a peer is unreachable
#define TRANSPORT_STALL_MS     60000         // default: a message without progress fails
#define TRANSPORT_MEM_CAP      (32u << 20)   // default cap on reassembly memory
#define TRANSPORT_NO_CHUNK     0xFFFFFFFFu   // ACK.chunk when it answers no chunk
#define TRANSPORT_DUPACKS      3             // later chunks acknowledged before a missing
                                             // one is sent again (fast retransmit)

#define TRANSPORT_ACK_COMPLETE 0x0001        // ACK flag: the whole message was delivered
#define TRANSPORT_ACK_REFUSED  0x0002        // ACK flag: no room for this message now: retry later

// Results of transport calls and of sent messages.
enum transport_status {
    TRANSPORT_OK = 0,
    TRANSPORT_TOO_BIG = -1,          // message longer than TRANSPORT_MSG_MAX
    TRANSPORT_BUSY = -2,             // TRANSPORT_OUT_MAX messages already pending to the peer
    TRANSPORT_NO_PEER = -3,          // peer table full of active peers
    TRANSPORT_UNREACHABLE = -4,      // sent: the peer did not answer within dead_ms
    TRANSPORT_PEER_RESTARTED = -5,   // sent: the peer rebooted before it confirmed
    TRANSPORT_STALLED = -6,          // sent: no chunk of it acknowledged for stall_ms
};

// The caller's services. send returns 0 on success (a failed send is a loss).
struct transport_ops {
    void *ctx;   // passed to every callback
    int (*send)(void *ctx, uint32_t ip, uint16_t port, const void *buf, size_t len);
    void *(*alloc)(void *ctx, size_t n);          // NULL when out of memory
    void (*free)(void *ctx, void *p, size_t n);
    // A complete message from node. The caller owns buf from now on and must
    // give it back with transport_release(t, buf, len).
    void (*deliver)(void *ctx, uint32_t node, uint32_t id, uint32_t reply_to,
                    uint8_t *buf, uint32_t len);
    // Message id to node is finished: TRANSPORT_OK (every chunk acknowledged),
    // TRANSPORT_UNREACHABLE, TRANSPORT_PEER_RESTARTED or TRANSPORT_STALLED.
    // Its buffer is free again.
    void (*sent)(void *ctx, uint32_t node, uint32_t id, int status);
    // node was declared unreachable (after its messages' sent callbacks).
    void (*unreachable)(void *ctx, uint32_t node);
};

// Tunables (transport_default_config gives the defaults).
struct transport_config {
    uint16_t port;        // UDP port peers listen on (WIRE_PORT)
    size_t mem_cap;       // most bytes of reassembly buffers held at once
    uint32_t rx_window;   // chunks all peers together may have in flight to us,
                          // 1..TRANSPORT_WINDOW_MAX (what the socket buffer holds)
    uint32_t dead_ms;     // silence, with data outstanding, before a peer is unreachable
    uint32_t stall_ms;    // no progress on a message (peer answering) before it fails
};

// A chunk sent and not yet acknowledged.
struct tp_flight {
    bool used;          // entry in use
    uint8_t out;        // index of its message in tp_peer.out
    uint16_t tx;        // times sent (Karn: sample the RTT only when 1)
    uint32_t chunk;     // chunk index
    uint64_t sent_at;   // local time of its last transmission
    uint8_t passed;     // ACKs of chunks of its message sent after it
    uint32_t seq;       // tp_peer.tx_seq when it was last sent
};

// A message being sent. Its data stays the caller's until the sent callback.
struct tp_out {
    bool used;              // slot in use
    uint32_t id;            // message id (per session, from 1)
    uint32_t reply_to;      // id of the message this answers, 0 for none
    uint32_t len;           // bytes
    uint32_t nchunks;       // chunks (1 for an empty message)
    const uint8_t *data;    // the caller's bytes
    uint32_t next_new;      // chunks below this were sent at least once
    uint32_t inflight;      // of those, chunks not yet acknowledged
    uint64_t retry_at;      // refused by the receiver: send nothing of it before this time
    uint32_t refusals;      // refusals in a row (the wait doubles with each)
    uint64_t progress_at;   // when it was queued or a chunk of it was last acknowledged
};

// A message being received.
struct tp_in {
    bool used;              // slot in use
    uint32_t id;            // message id
    uint32_t reply_to;      // as the sender gave it
    uint32_t len;           // bytes
    uint32_t nchunks;       // chunks
    uint32_t got;           // chunks received
    uint32_t cum;           // chunks 0 .. cum-1 are all received
    uint8_t *buf;           // len bytes, then the bitmap of received chunks
    uint64_t last_ms;       // local time of its last new chunk
};

// Everything known about one peer, both directions.
struct tp_peer {
    bool used;                      // slot in use
    uint32_t node;                  // peer's node id
    uint32_t ip;                    // its IPv4 address (last seen or given)
    uint32_t incarnation;           // its incarnation, 0 until it speaks
    uint64_t alive_at;              // last proof of life, or when data became outstanding
    // sending side
    uint32_t tx_session;            // our session toward it (renewed after a failure)
    uint32_t next_id;               // id of our next message to it
    struct tp_out out[TRANSPORT_OUT_MAX];          // messages being sent
    struct tp_flight flight[TRANSPORT_WINDOW_MAX]; // chunks in flight
    uint32_t nflight;               // entries of flight in use
    uint32_t window;                // its last advertised window, in chunks
    uint32_t cwnd;                  // our congestion window toward it, in chunks
    uint32_t ssthresh;              // slow start (cwnd grows per ACK) below this
    uint32_t cwnd_acks;             // chunks acknowledged since cwnd last grew (above ssthresh)
    uint32_t rr;                    // round-robin cursor over out
    uint32_t srtt8;                 // smoothed RTT, ms * 8
    uint32_t rttvar4;               // RTT variation, ms * 4
    uint32_t rto;                   // retransmission timeout, ms
    bool have_rtt;                  // srtt8/rttvar4 hold a sample
    uint64_t backoff_at;            // time of the last backoff
    uint64_t acked_at;              // when an ACK last acknowledged a chunk in flight
    uint32_t tx_seq;                // DATA datagrams sent to it (orders transmissions)
    // receiving side
    uint32_t rx_session;            // its session toward us (0: none yet)
    uint32_t base;                  // its ids below base were all delivered
    uint64_t delivered;             // bit i: id base + i delivered
    struct tp_in in[TRANSPORT_RX_MAX];  // messages being reassembled
    // The ACK we owe for an answer delivered whole, sent after our next
    // DATA to the peer or at owed_at + TRANSPORT_ACK_DELAY_MS.
    bool ack_owed;
    uint32_t owed_id, owed_session, owed_nchunks, owed_chunk;
    uint64_t owed_at;
};

// Counters, for /proc.
struct transport_stats {
    uint32_t data_sent;        // DATA datagrams sent, retransmissions included
    uint32_t retransmits;      // of which retransmissions
    uint32_t fast_retransmits; // of which sent again before their RTO (later chunks got through)
    uint32_t acks_sent;
    uint32_t acks_received;    // ACKs of the current session
    uint32_t delivered;        // messages handed to ops.deliver
    uint32_t completed;        // messages sent and fully acknowledged
    uint32_t dup_chunks;       // DATA for a chunk already received
    uint32_t dup_msgs;         // DATA for a message already delivered
    uint32_t bad;              // malformed or inconsistent DATA/ACK payloads
    uint32_t stale;            // DATA/ACK of an old session or incarnation
    uint32_t nomem;            // first chunks refused for lack of memory
    uint32_t refused;          // our messages the receiver refused (and we parked)
    uint32_t rx_full;          // first chunks refused: too many messages in progress
    uint32_t rx_abandoned;     // partial messages dropped after dead_ms of silence
    uint32_t unreachable;      // peers declared unreachable
    uint32_t stalled;          // messages failed for want of progress
    uint32_t cwnd_cuts;        // congestion windows halved (timeout rounds)
    uint32_t restarts;         // peers seen rebooting
    uint32_t reply_acks;       // our messages acknowledged by their answer (no ACK came)
    uint32_t acks_saved;       // messages we answered during delivery: no ACK sent
    uint32_t acks_delayed;     // ACKs of answers sent after our next DATA or the delay
};

// One transport instance.
struct transport {
    struct transport_config cfg;     // tunables
    struct transport_ops ops;        // caller's services
    struct wire_endpoint *ep;        // stamps our datagrams (shared with gossip)
    struct tp_peer *peers;           // caller's peer table
    uint32_t npeers;                 // its length
    uint32_t next_session;           // next tx_session to hand out (never reused)
    size_t mem_used;                 // bytes of reassembly buffers held
    uint32_t delivering_node;        // the message being delivered now: its sender
    uint32_t delivering_id;          // and id (0: none)
    bool answered;                   // ops.deliver answered it (transport_send)
    struct transport_stats stats;    // counters
    uint8_t scratch[WIRE_MAX_DATAGRAM];  // datagram being built
};

// The default tunables.
void transport_default_config(struct transport_config *cfg);

// Set up t over the caller's table of npeers peers (cleared here).
void transport_init(struct transport *t, const struct transport_config *cfg,
                    const struct transport_ops *ops, struct wire_endpoint *ep,
                    struct tp_peer *peers, uint32_t npeers);

// Queue len bytes at data for node (at IPv4 address ip), as an answer to
// message reply_to of that node (0 if none), and start sending. data must
// stay valid and unchanged until ops.sent reports the message's end. Stores
// the message id in *id. Returns TRANSPORT_OK or a negative status.
int transport_send(struct transport *t, uint64_t now_ms, uint32_t node, uint32_t ip,
                   uint32_t reply_to, const void *data, uint32_t len, uint32_t *id);

// Handle a DATA or ACK datagram accepted by wire_decode. Malformed or stale
// payloads are counted and dropped; nothing a peer sends can make the
// transport write outside its buffers or hold more than cfg.mem_cap bytes.
void transport_input(struct transport *t, uint64_t now_ms, const struct wire_msg *m);

// Run the timers: retransmit chunks whose RTO expired, send what the windows
// allow, declare silent peers unreachable, drop abandoned partial messages.
// Call it often (every 10-50 ms); its precision is the RTO's. It also sends
// the owed ACKs that are due.
void transport_tick(struct transport *t, uint64_t now_ms);

// When the oldest owed ACK is due (0: none is owed), and sending those
// due by now_ms: the caller's loop wakes for them between its ticks.
uint64_t transport_acks_due(const struct transport *t);
void transport_send_due_acks(struct transport *t, uint64_t now_ms);

// node showed life outside the transport (an authenticated gossip
// datagram from its incarnation): the silence that makes it unreachable
// starts again. On a lossy link the transport's own traffic may go
// unanswered for longer than dead_ms while the node is plainly there. A
// newer incarnation is a reboot, learnt here before any new message goes
// to it: otherwise the first message after the reboot would fail when the
// peer's ACK of it told the news (a node seen up again must take it).
void transport_peer_alive(struct transport *t, uint32_t node, uint32_t incarnation,
                          uint64_t now_ms);

// Give back a buffer that ops.deliver handed over.
void transport_release(struct transport *t, uint8_t *buf, uint32_t len);

// The state kept for node, or NULL (for /proc and tests).
const struct tp_peer *transport_peer(const struct transport *t, uint32_t node);

// Chunks of a message of len bytes (1 for an empty message).
uint32_t transport_nchunks(uint32_t len);

#endif
