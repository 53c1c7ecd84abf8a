// The cluster layer of this node: a kernel thread that speaks the cluster
// protocol (docs/protocol.md) on UDP port 5000: authenticated datagrams
// (ssi/wire.c), membership and the load vector by gossip (ssi/gossip.c),
// and the reliable message transport (ssi/transport.c) that migration and
// the deputy's calls use. Its state is shown in /proc/cluster/.
#ifndef SSI_CLUSTER_H
#define SSI_CLUSTER_H

#include "kernel/types.h"
#include "ssi/loadvec.h"

#define CLUSTER_MAX_NODES   64        // nodes this node keeps in its vector
#define CLUSTER_TICK_MS     50        // transport timers and load sampling
#define CLUSTER_KEY_MODULE  "cluster.key"

// Start the cluster thread when the node has an address and a cluster key
// (module cluster.key, or key= on the command line). Prints why not when
// it cannot.
void cluster_init(void);

// True when the cluster layer runs (and has not been excluded for a
// duplicate node id).
bool cluster_running(void);

// This node's id (0 when the layer does not run).
uint32_t cluster_self(void);

// A copy of the load vector: at most max entries into out; returns the
// count. now_ms gets this node's clock, for ages.
uint32_t cluster_snapshot(struct lv_entry *out, uint32_t max, uint64_t *now_ms);

#endif
