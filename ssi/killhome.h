// kill(2) of a process whose home is another node: the signal is posted
// at its home, which passes it on to wherever the process runs (signals
// are posted at home: ARCHITECTURE.md). A pid names its home (pid /
// PID_NODE_SPAN), so any node can route it. So does a process group: its
// id is its leader's pid, and every member has the leader's home (a child
// is made at its parent's home, wherever the parent runs), so the group's
// home holds a slot of every member, a deputy for those away, and posts
// the signal to each as a local kill(-pgid) would. Service CLUSTER_SVC_KILL:
//   request: kill_msg; answer: int32 result (0 or -errno, as kill's).
#ifndef SSI_KILLHOME_H
#define SSI_KILLHOME_H

#include "kernel/types.h"

struct kill_msg {
    int32_t pid;    // the process (> 0), or a process group (-pgid, < -1)
    int32_t sig;    // the signal (0: only ask whether it exists)
} __attribute__((packed));

_Static_assert(sizeof(struct kill_msg) == 8, "kill_msg is 8 bytes on the wire");

// Register the service.
void killhome_init(void);

// Post sig to pid (or to group -pid when pid < -1) at its home, another
// node. 0, or -ESRCH (no such process or group there, or its home is this
// node or no node), -EHOSTUNREACH (its home is not up), -EINVAL, -EPERM,
// -ETIMEDOUT.
int killhome(int pid, int sig);

#endif
