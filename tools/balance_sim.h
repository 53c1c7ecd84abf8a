// A simulator of the balancing policy (ssi/balance.c, the kernel's own
// code, not a copy) on a simulated cluster: nodes of given speeds sharing
// their CPU between the processes they run, a load vector refreshed once
// per gossip interval (so every node decides on news up to an interval
// old, as in the kernel), moves that take the process's memory over the
// link's throughput, and processes that pay a round trip for every call
// that runs at home while they are away. The same jobs run under the
// policy and under naive placements, for tests/unit/test_balance.c and
// for `make balance-sim`.
#ifndef TOOLS_BALANCE_SIM_H
#define TOOLS_BALANCE_SIM_H

#include "ssi/balance.h"

#define SIM_MAX_JOBS 512

enum sim_policy {
    SIM_BALANCER,      // start at home (or where bal_place says), the balancer moves them
    SIM_ROUND_ROBIN,   // job i starts on node i mod K, never moves
    SIM_RANDOM,        // each job starts on a node picked at random, never moves
    SIM_HOME,          // every job runs where it was started (no cluster)
};

struct sim_job {
    uint32_t arrive_ms;     // when it is started
    uint32_t work_ms;       // CPU time it needs on a reference CPU
    uint32_t origin;        // index of its home node
    uint32_t size_kb;       // its memory
    uint32_t home_calls;    // calls per second that run at home
};

struct sim_config {
    int nodes;                          // 1..BAL_MAX_NODES
    uint32_t speed[BAL_MAX_NODES];      // LV_SPEED_REF = the reference CPU
    uint32_t free_kb[BAL_MAX_NODES];    // memory free with no job (0: plenty)
    uint32_t interval_ms;               // gossip and balancer interval
    uint32_t rate_kbs;                  // link throughput
    uint32_t call_us;                   // a home call's round trip from away
    uint32_t place_kb;                  // memory moved when a job is placed at its start
    bool place;                         // SIM_BALANCER: place new jobs with bal_place
    int moves_per_round;                // SIM_BALANCER: bal_plan's max per node per round
    uint32_t seed;                      // SIM_RANDOM's choices, the nodes' tie seeds
    uint32_t limit_ms;                  // give up after this long (0: 10 hours)
};

struct sim_result {
    uint64_t makespan_ms;     // from the first start to the last end
    uint64_t mean_flow_ms;    // mean time from a job's start to its end
    uint32_t moves;           // moves made by the balancer (not start placements)
    uint32_t refused;         // moves the target refused (its fresher view)
    uint32_t max_job_moves;   // most moves of one job
    uint32_t finished;        // jobs that ended before the limit
    uint32_t last_move_ms;    // time of the last move
    uint32_t first_move_ms;   // time of the first move (UINT32_MAX: none)
    uint32_t peak_jobs[BAL_MAX_NODES];   // most jobs each node ran at once
};

// Defaults: n nodes of reference speed, 1 s interval, 8 MB/s, 1 ms calls.
void sim_defaults(struct sim_config *c, int n);

// Run jobs (nj of them) on c under policy. 0, or -1 if c or the jobs are
// not valid.
int sim_run(const struct sim_config *c, enum sim_policy policy, const struct sim_job *jobs,
            int nj, struct sim_result *r);

#endif
