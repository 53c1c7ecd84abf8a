// kill(2) routed to a pid's home node (see killhome.h).
#include "ssi/killhome.h"
#include "ssi/cluster_int.h"
#include "kernel/proc.h"
#include "kernel/api/errno.h"
#include "kernel/api/types.h"
#include <string.h>

#define KILL_TIMEOUT_MS 10000   // a home that does not answer in this long: -ETIMEDOUT

// The home node of process pid, or of group -pid (0: none).
static uint32_t home_of(int pid)
{
    if (pid > 0)
        return (uint32_t)pid / PID_NODE_SPAN;
    if (pid < -1)
        return (uint32_t)-(int64_t)pid / PID_NODE_SPAN;
    return 0;
}

// At home, in the cluster thread: post the signal as a local kill would.
// Only processes and groups of this home: one that is not here is not
// forwarded again (no loops).
static void kill_service(uint32_t node, uint32_t id, const uint8_t *buf, uint32_t len)
{
    struct kill_msg m;
    int32_t ret;
    if (len != sizeof(m)) {
        ret = -EINVAL;
    } else {
        memcpy(&m, buf, sizeof(m));
        if (home_of(m.pid) != cluster_self())
            ret = -ESRCH;
        else
            ret = proc_kill(m.pid, m.sig);
    }
    cluster_reply(node, id, CLUSTER_SVC_KILL, &ret, sizeof(ret));
}

void killhome_init(void)
{
    cluster_register_service(CLUSTER_SVC_KILL, kill_service);
}

int killhome(int pid, int sig)
{
    uint32_t home = home_of(pid);
    if (home == 0 || home == cluster_self() || !cluster_running())
        return -ESRCH;
    struct kill_msg m = { pid, sig };
    int32_t ret;
    int n = cluster_call(home, CLUSTER_SVC_KILL, &m, sizeof(m), &ret, sizeof(ret),
                         KILL_TIMEOUT_MS);
    if (n < 0)
        return n == -EHOSTDOWN ? -EHOSTUNREACH : n;
    return n == (int)sizeof(ret) ? ret : -EIO;
}
