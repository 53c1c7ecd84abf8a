// The cluster layer of this node: a kernel thread that speaks the cluster
// protocol (docs/protocol.md) on UDP port 5000: authenticated datagrams
// (ssi/wire.c), membership and the load vector by gossip (ssi/gossip.c),
// and the reliable message transport (ssi/transport.c) that migration and
// the deputy's calls use. Its state is shown in /proc/cluster/.
#ifndef SSI_CLUSTER_H
#define SSI_CLUSTER_H

#include "kernel/types.h"
#include "ssi/loadvec.h"
#include "ssi/transport.h"

#define CLUSTER_MAX_NODES   64        // nodes this node keeps in its vector
#define CLUSTER_TICK_MS     50        // transport timers and load sampling
#define CLUSTER_KEY_MODULE  "cluster.key"

// Start the cluster thread when the node has an address and a cluster key
// (module cluster.key, or key= on the command line). Prints why not when
// it cannot.
void cluster_init(void);

// This node's id as the command line gives it (node=, or the host part of
// a static ip=), before the network is up; 0 when it comes from DHCP.
uint32_t cluster_boot_node_id(void);

// True when the cluster layer runs (and has not been excluded for a
// duplicate node id).
bool cluster_running(void);

// This node's id (0 when the layer does not run).
uint32_t cluster_self(void);

// --- messages to other nodes, for the rest of the kernel ---------------
//
// Every message starts with a service byte that says which handler on the
// receiving node takes it. The calls below may be made from any thread or
// process context (they sleep); handlers run in the cluster thread.

#define CLUSTER_MSG_MAX   (TRANSPORT_MSG_MAX - 1)   // largest message, service byte apart

// Services (the first byte of a message).
#define CLUSTER_SVC_BULK  'B'   // test data: checked byte by byte, no answer (mosctl send)
#define CLUSTER_SVC_ECHO  'E'   // test request: answered with its own bytes (mosctl ping)
#define CLUSTER_SVC_MIGRATE 'M' // a process moving in (ssi/arrive.c, ssi/mig_proto.h)
#define CLUSTER_SVC_DEPUTY  'D' // to a process's home: forwarded calls (ssi/deputy.c)
#define CLUSTER_SVC_REMOTE  'R' // to where a process runs: signals, moves (ssi/remote.c)
#define CLUSTER_SVC_KILL    'K' // to a pid's home: kill(2) from another node (ssi/killhome.c)

// The handler of one service: a message of len bytes (service byte
// removed) from node, with transport id id (to answer it with
// cluster_reply). buf is valid only during the call.
typedef void (*cluster_service_fn)(uint32_t node, uint32_t id, const uint8_t *buf, uint32_t len);

// Make fn the handler of service (replacing any before).
void cluster_register_service(uint8_t service, cluster_service_fn fn);

// One message on its way: a request that waits for its reply, a one-way
// message that waits until the peer has all of it, or a reply. The caller
// owns the record (on its stack, or in its process), fills the first part
// and hands it to cluster_call_start; the cluster thread links it into
// its queue, sends it, and ends it with a result. Any number of threads
// may have calls in progress; nothing is shared between them.
struct cluster_call {
    // --- filled by the caller ---
    uint32_t node;          // the peer
    uint8_t service;        // the message's first byte (CLUSTER_SVC_*)
    const void *data;       // the message (copied when it is sent)
    uint32_t len;           // its bytes, at most CLUSTER_MSG_MAX
    void *reply;            // where the reply's bytes go; NULL: a one-way message
    uint32_t reply_max;     // room there
    uint32_t reply_to;      // the transport id this message answers (0: none)
    uint32_t timeout_ms;    // 0: no deadline: the call ends when the peer goes down
    bool detached;          // nobody waits for it: freed (with data) when it ends
    // --- the cluster thread's ---
    int state;              // CALL_* (cluster_msg.c)
    struct cluster_call *next;   // the queue
    uint64_t deadline;      // local ms, or 0
    uint32_t msg_id;        // transport id of the message sent
    int result;             // reply bytes, 0, or -errno
};

// Queue c (see struct cluster_call). 0, or -ENETDOWN (no cluster layer),
// -EINVAL (the node is this one), -EMSGSIZE.
int cluster_call_start(struct cluster_call *c);

// True when c has ended (its result is in c->result).
bool cluster_call_done(const struct cluster_call *c);

// Sleep until c ends or the current thread is woken for a signal (check
// with cluster_call_done). Interrupts must be off (see kernel/sched.h).
void cluster_call_sleep(struct cluster_call *c);

// Take c back before it ended (its caller leaves): a message already sent
// may still arrive, and its reply is dropped (counted as late).
void cluster_call_abandon(struct cluster_call *c);

// Send a request and wait for its reply: at most reply_max bytes of it
// into reply. Returns the reply's length (which may be more than
// reply_max), or -ENETDOWN (no cluster layer), -EINVAL (node is this one),
// -EMSGSIZE, -EHOSTUNREACH (node not up, or it stopped answering),
// -EHOSTDOWN (membership marked it down while the call waited),
// -ETIMEDOUT (no reply within timeout_ms; 0: no deadline), -EINTR (a
// signal came; the message may still arrive), -ENOMEM.
int cluster_call(uint32_t node, uint8_t service, const void *req, uint32_t len, void *reply,
                 uint32_t reply_max, uint32_t timeout_ms);

// Send a message and wait until the peer has all of it (bulk transfer).
// 0, or the errors of cluster_call.
int cluster_send(uint32_t node, uint8_t service, const void *data, uint32_t len,
                 uint32_t timeout_ms);

// Answer message id of node: the reply reaches the cluster_call that sent
// it. From a service handler (in the cluster thread) the reply is handed
// to the transport at once; from any other thread it is queued and the
// caller waits until the peer has it. 0 or -errno.
int cluster_reply(uint32_t node, uint32_t id, uint8_t service, const void *data, uint32_t len);

// A copy of the load vector: at most max entries into out; returns the
// count. now_ms gets this node's clock, for ages.
uint32_t cluster_snapshot(struct lv_entry *out, uint32_t max, uint64_t *now_ms);

#endif
