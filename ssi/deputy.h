// The deputy (openMosix's name): what stays of a process on its home node
// while it runs elsewhere. Its slot in the home's process table keeps the
// pid, the family, the open files, the current directory, the process
// group and the console; its thread (the slot's own: no slot of its own)
// serves the calls the remote sends home, one at a time, by running the
// same handlers a local call runs, with the slot as the process (decision
// 4). A call that blocks (a read of the console, wait) blocks only the
// deputy. Signals posted at home go to the remote, with the answer to a
// call or on their own.
#ifndef SSI_DEPUTY_H
#define SSI_DEPUTY_H

#include "kernel/types.h"

struct proc;

// Register the deputy's service (CLUSTER_SVC_DEPUTY).
void deputy_init(void);

// Make p's deputy (before the commit of a move away: the remote's first
// calls may come before deputy_serve runs, and wait in its queue). False
// when there is no memory for it.
bool deputy_prepare(struct proc *p);

// The commit of p's move failed after deputy_prepare: answer what waits
// in the queue with "no such process here" when answer_them (the remote,
// if it runs, ends), and free the deputy.
void deputy_discard(struct proc *p, bool answer_them);

// The current process p has moved away (its role is ROLE_DEPUTY): serve
// its forwarded calls until it comes home (then return: it goes on in
// user mode with the state that came back) or ends there (then exit here:
// never returns).
void deputy_serve(struct proc *p);

// p came home (its image is installed in the slot): let its deputy loop
// end. From the cluster thread.
void deputy_return(struct proc *p);

// From the cluster thread, every tick: a deputy whose process runs on a
// node membership has marked down, or that has booted again (a new
// incarnation), ends its process at home as killed by SIGKILL.
void deputy_check_nodes(void);

// /proc/cluster/deputies: one line per process of this node away from
// home. Returns the length of the whole text (as snformat).
int deputy_list(char *buf, size_t size);

#endif
