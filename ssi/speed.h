// The node's speed estimate, from short timed runs of a fixed loop (pure:
// ssi/speed.c, tests/unit/test_speed.c; the runs are ssi/cluster.c's).
//
// A run can only be slowed down, never sped up, by whatever else the
// machine does (on a host, the other virtual machines; at boot, the other
// nodes booting), so the estimate is the fastest recent run, not the mean:
// three identical QEMU nodes booted together on two host cores measured
// 14916, 15425 and 8585 from one run each. The node takes several runs at
// boot and one more now and then while it is idle; the spread between the
// fastest and the median run says how sure the estimate is.
#ifndef SSI_SPEED_H
#define SSI_SPEED_H

#include "kernel/types.h"

#define SPEED_RUNS 16   // recent runs kept

struct speed_est {
    uint32_t run[SPEED_RUNS];   // speeds measured, oldest overwritten first
    uint32_t count;             // runs taken in all
};

void speed_init(struct speed_est *e);

// Add one run's speed (0 is ignored: a run too short to count).
void speed_add(struct speed_est *e, uint32_t speed);

// The estimate: the fastest recent run (0 before any).
uint32_t speed_value(const struct speed_est *e);

// How far the median recent run is below the fastest, per mille (0: all
// agree; large: the runs were disturbed, the estimate less sure).
uint32_t speed_spread_pm(const struct speed_est *e);

// Runs kept now (at most SPEED_RUNS).
uint32_t speed_runs(const struct speed_est *e);

#endif
