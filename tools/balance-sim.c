// make balance-sim: the balancing policy on simulated clusters, side by
// side with naive placements (tools/balance_sim.h). Prints, per scenario,
// the makespan and mean time to finish of the same jobs under the
// balancer, round-robin placement, random placement and no cluster, and
// how many moves the balancer made. A student who changes ssi/balance.c
// runs this to see what the change does.
//
//   build/balance-sim [seeds]     (default 5 seeds per scenario)
#include "tools/balance_sim.h"
#include "ssi/loadvec.h"
#include <stdio.h>
#include <stdlib.h>

struct scenario {
    const char *name;
    int nodes;
    bool mixed_speeds;    // speeds 1x, 2x and 0.5x in turn
    bool mixed_lengths;   // work from 2 s to 60 s
    bool mixed_arrivals;  // started over the first 30 s
    bool io_jobs;         // one job in four lives on home calls
    int jobs;
};

static const struct scenario scenarios[] = {
    { "2 nodes, 4 equal jobs at node 1", 2, false, false, false, false, 4 },
    { "3 nodes, 6 equal jobs at node 1", 3, false, false, false, false, 6 },
    { "3 nodes, mixed speeds", 3, true, false, false, false, 12 },
    { "8 nodes, mixed lengths and arrivals", 8, false, true, true, false, 64 },
    { "16 nodes, all mixed", 16, true, true, true, false, 128 },
    { "16 nodes, all mixed, with I/O jobs", 16, true, true, true, true, 128 },
    { "64 nodes, all mixed", 64, true, true, true, false, 400 },
};

static uint32_t rnd(uint32_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 17;
    *x ^= *x << 5;
    return *x;
}

static int make_jobs(const struct scenario *sc, uint32_t seed, struct sim_job *jobs)
{
    uint32_t x = seed * 2654435761u | 1;
    for (int i = 0; i < sc->jobs; i++) {
        jobs[i] = (struct sim_job){
            .arrive_ms = sc->mixed_arrivals ? rnd(&x) % 30000 : 0,
            .work_ms = sc->mixed_lengths ? 2000 + rnd(&x) % 58000 : 20000,
            .origin = sc->mixed_arrivals ? rnd(&x) % 2 : 0,   // started on nodes 1 and 2
            .size_kb = 256 + rnd(&x) % 4096,
            .home_calls = sc->io_jobs && i % 4 == 0 ? 2000 : 0,
        };
    }
    return sc->jobs;
}

int main(int argc, char **argv)
{
    int seeds = argc > 1 ? atoi(argv[1]) : 5;
    static const char *const names[] = { "balancer", "round-robin", "random", "home only" };
    printf("%-40s %-12s %12s %12s %7s %9s\n", "scenario", "policy", "makespan s", "mean s",
           "moves", "most/job");
    for (size_t k = 0; k < sizeof(scenarios) / sizeof(scenarios[0]); k++) {
        const struct scenario *sc = &scenarios[k];
        struct sim_config c;
        sim_defaults(&c, sc->nodes);
        if (sc->mixed_speeds)
            for (int n = 0; n < sc->nodes; n++)
                c.speed[n] = n % 3 == 0 ? LV_SPEED_REF : n % 3 == 1 ? 2 * LV_SPEED_REF
                                                                     : LV_SPEED_REF / 2;
        for (int pol = SIM_BALANCER; pol <= SIM_HOME; pol++) {
            double span = 0, mean = 0, moves = 0;
            uint32_t most = 0;
            for (int seed = 1; seed <= seeds; seed++) {
                static struct sim_job jobs[SIM_MAX_JOBS];
                int nj = make_jobs(sc, (uint32_t)seed, jobs);
                c.seed = (uint32_t)seed;
                struct sim_result r;
                if (sim_run(&c, (enum sim_policy)pol, jobs, nj, &r) < 0)
                    return 1;
                span += r.makespan_ms / 1000.0;
                mean += r.mean_flow_ms / 1000.0;
                moves += r.moves;
                most = r.max_job_moves > most ? r.max_job_moves : most;
            }
            printf("%-40s %-12s %12.1f %12.1f %7.1f %9u\n", pol == SIM_BALANCER ? sc->name : "",
                   names[pol], span / seeds, mean / seeds, moves / seeds, (unsigned)most);
        }
    }
    return 0;
}
