// The balancer: a step of the cluster thread that, at every gossip round,
// runs the policy (ssi/balance.h) on the live load vector and this node's
// processes, and asks for the moves it chooses through the same path as
// `migrate` (migrate_request). The target may refuse (it checks the
// source's score against its own load, or blocks arrivals); a node that
// refused is left alone for a while. /proc/cluster/balancer shows the
// last decisions and why.
#ifndef SSI_BALANCER_H
#define SSI_BALANCER_H

#include "kernel/types.h"

struct proc;

// Start (from cluster_start): on unless the command line says balance=0.
void balancer_init(uint32_t interval_ms);

// Each cluster tick: count which processes are runnable.
void balancer_sample(void);

// Each gossip round: measure, decide, ask.
void balancer_round(uint64_t now);

// The outcome of a move the balancer asked (from migrate_record).
void balancer_outcome(struct proc *p, bool ok, uint32_t node, const char *why);

// A process arriving with score (the source's (2r - d)/s; 0: a person
// asked the move, always taken): may it come? "" if so, else why not.
const char *balancer_refuses(uint32_t score, bool coming_home);

// Where a new process of this node should start now (mosrun -b): a node id
// (this node's own when it is best).
uint32_t balancer_best_node(uint32_t size_kb);

// mosctl balance on|off, block|allow.
void balancer_set(bool on);
void balancer_block(bool block);
bool balancer_on(void);
bool balancer_blocks(void);

// /proc/cluster/balancer.
int balancer_gen(char *buf, size_t size);

#endif
