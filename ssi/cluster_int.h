// The cluster thread's state, shared by the files of ssi/ that make up the
// kernel side of the cluster layer (cluster.c, cluster_ctl.c,
// cluster_proc.c). Nothing outside ssi/ includes this.
#ifndef SSI_CLUSTER_INT_H
#define SSI_CLUSTER_INT_H

#include "ssi/cluster.h"
#include "ssi/gossip.h"
#include "ssi/loadvec.h"
#include "ssi/replay.h"
#include "ssi/speed.h"
#include "ssi/transport.h"
#include "ssi/wire.h"
#include "net/udp_sock.h"

#define CLUSTER_REPLAY_SLOTS  128           // senders tracked (slots are never freed)
#define CLUSTER_TRANSPORT_MEM (24u << 20)   // reassembly memory the transport may hold
// Chunks all peers together may have in flight to us: half the socket's
// buffer, the other half left for gossip and bursts.
#define CLUSTER_RX_WINDOW     (UDP_RCVBUF / 2 / WIRE_MAX_DATAGRAM)
#define CLUSTER_OUT_MAX       32            // messages of our own in flight

struct udp_sock;

// The result line of one process's last /proc/cluster/ctl command.
#define CLUSTER_RESULTS 8
struct cluster_result {
    int pid;                // whose (0: free)
    uint64_t stamp;         // when written, to reuse the oldest slot
    char text[160];         // the line
};

// One message of our own that the transport is sending (its buffer must
// live until the sent callback).
struct cluster_out {
    bool used;
    uint32_t node, id;
    uint8_t *buf;
    uint32_t len;
};

struct cluster {
    bool running;                     // the thread was started
    uint32_t self;                    // node id
    uint32_t addr;                    // IPv4 address
    uint32_t incarnation;             // boot number
    uint32_t speed;                   // LV_SPEED_REF units: speed_est's value, or as set
    bool speed_set;                   // by speed= or mosctl setspeed: not measured again
    struct speed_est speed_est;       // the timed runs (ssi/speed.h)
    uint32_t load_avg;                // run-queue average, LV_LOAD_SCALE units
    struct udp_sock *sock;            // UDP port WIRE_PORT
    struct wire_endpoint ep;          // stamps and MACs our datagrams
    struct wire_receiver rx;          // checks theirs (drop counters by reason)
    struct replay_table replay;
    struct replay_window replay_slots[CLUSTER_REPLAY_SLOTS];
    struct loadvec lv;                // the load vector
    struct lv_entry entries[CLUSTER_MAX_NODES];
    struct lv_slot index[2 * CLUSTER_MAX_NODES];
    struct gossip g;                  // membership and load dissemination
    struct transport tp;              // reliable messages
    struct tp_peer peers[CLUSTER_MAX_NODES];
    struct cluster_out out[CLUSTER_OUT_MAX];
    struct cluster_call *calls;       // calls of other threads, oldest first (cluster_msg.c)
    struct cluster_result results[CLUSTER_RESULTS];   // /proc/cluster/result, per process
    uint32_t datagrams;               // datagrams received on the port
    uint32_t oversize;                // of which longer than any cluster datagram
    uint32_t hellos;                  // announcements broadcast (at boot, and while alone)
    uint32_t bulk_ok, bulk_bad;       // test messages received intact / damaged
    uint32_t msg_bad;                 // messages without a service byte
    uint32_t msg_unknown;             // messages for a service nobody registered
    uint32_t msg_late;                // replies no call waits for (late or duplicate)
    uint32_t calls_down;              // calls ended because their peer went down
    uint32_t replies_deferred;        // replies queued: no room to send them at once
    uint32_t replies_lost;            // replies dropped: no memory even to queue them
    uint8_t rxbuf[WIRE_MAX_DATAGRAM + 64];
    uint8_t txbuf[WIRE_MAX_DATAGRAM];
    uint8_t gbuf[GOSSIP_MAX_PAYLOAD];
};

extern struct cluster cl;

// cluster_msg.c: the calls, and the transport's callbacks.
void cluster_run_calls(uint64_t now);
bool cluster_calls_waiting(void);
void cluster_deliver(void *ctx, uint32_t node, uint32_t id, uint32_t reply_to,
                     uint8_t *buf, uint32_t len);
void cluster_sent(void *ctx, uint32_t node, uint32_t id, int status);
void cluster_unreachable(void *ctx, uint32_t node);

// cluster_ctl.c: the test services behind mosctl send and ping.
void cluster_ctl_init(void);

// The result line of pid's last command ("" if none).
const char *cluster_result_of(int pid);

// cluster_proc.c: /proc/cluster/*.
void cluster_proc_init(void);

// A /proc file's text as it is built: buf of size bytes, len written so
// far (it may pass size: the reader then learns the length it needs).
struct text {
    char *buf;
    size_t size, len;
};
// Append to t as snformat would.
void text_add(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
