#!/usr/bin/python3
"""Automatic load balancing, measured (bridged tap network, e1000, TCG).
Run: make bench-balance (root).

For K = 2 and 3 nodes: 2K CPU-bound jobs of the same fixed work (memfill
-n: a set number of rounds over 256 KiB, about JOB_S seconds alone) are
started together on node 1, and node 1's clock measures the makespan
(from the line that starts them to the end of the last):

  off          the balancer off everywhere: every job runs on node 1
  balancer     the balancer on (the default): it spreads the jobs itself
  round-robin  the balancer off, job i placed on node i mod K at its start
               (mosrun -j), the naive placement it must match

The speed-up is off's makespan over the other's; the most the host allows
is min(K, host cores), since the nodes are QEMU processes sharing the
host's CPUs (here 2 cores: 3 nodes cannot be more than 2 times faster).
First move: node 1's balancer's first decision after the jobs started, in
gossip intervals. Medians of ROUNDS runs (argument 1, default 3). The
last line is
  bench-balance: speedup-ratio=S first-move-intervals=I
S: the 2-node balancer speed-up over 2 (over min(2, cores)); I: the
median time from the imbalance to the first migration, in intervals.
"""
import os
import re
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "cluster"))
from netcluster import Cluster      # noqa: E402
from ssitools import console_run, parse_nodes  # noqa: E402

ROUNDS = int(sys.argv[1]) if len(sys.argv) > 1 else 3
INTERVAL_MS = 500
JOB_S = 10.0           # a job's time alone on a node
CORES = os.cpu_count() or 1


def med(v):
    return statistics.median(v) if v else float("nan")


class Bench:
    def __init__(self, k):
        self.k = k
        self.cl = Cluster(n=k, nic="e1000", mem=64, append="gossip_ms=%d" % INTERVAL_MS,
                          name="bench-bal%d-%d" % (k, os.getpid()))

    def run(self, i, cmd, timeout=900):
        return console_run(self.cl.node(i)["console"], cmd, timeout=timeout)

    def start(self):
        self.cl.start()
        self.cl.wait_ready()
        for i in range(1, self.k + 1):
            self.cl.wait_log(i, r"init: starting /bin/sh")
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            views = [parse_nodes(self.run(i, "cat /proc/cluster/nodes"))
                     for i in range(1, self.k + 1)]
            if all(sum(1 for v in view.values() if v[1] == "up") == self.k for view in views):
                return
            time.sleep(0.5)
        raise RuntimeError("the nodes did not all come up")

    def balance(self, on):
        for i in range(1, self.k + 1):
            self.run(i, "mosctl balance %s" % ("on" if on else "off"))

    def timed(self, jobs):
        """Run the command lines in jobs in the background on node 1 and
        wait for them all: (makespan s, node 1's uptime ms at the start).
        The jobs go into a script (a console line is short)."""
        self.run(1, "rm -f /bench.sh")
        for j in jobs:
            self.run(1, "echo '%s &' >> /bench.sh" % j)
        self.run(1, "echo wait >> /bench.sh")
        out = self.run(1, "cat /proc/uptime; sh /bench.sh; cat /proc/uptime")
        ups = [float(x) for x in re.findall(r"^(\d+\.\d+) \d+\.\d+$", out, re.M)]
        if len(ups) != 2:
            raise RuntimeError("no uptimes in: " + out)
        return ups[1] - ups[0], int(ups[0] * 1000)

    def job(self, rounds):
        return "memfill -k -n %d 256 > /dev/null" % rounds

    def calibrate(self):
        """Rounds of the job that take about JOB_S seconds alone."""
        self.balance(False)
        s, _ = self.timed([self.job(2000)])
        return max(20, int(2000 * JOB_S / s))

    def first_move_ms(self, start_ms):
        """Node 1's balancer's first decision at or after start_ms."""
        text = self.run(1, "cat /proc/cluster/balancer")
        times = [int(t) for t in re.findall(r"^(\d+)\s+\d+\s+memfill", text, re.M)]
        after = [t for t in times if t >= start_ms]
        return min(after) - start_ms if after else None

    def measure(self, rounds):
        n = 2 * self.k
        res = {"off": [], "balancer": [], "round-robin": [], "first": []}
        for _ in range(ROUNDS):
            self.balance(False)
            res["off"].append(self.timed([self.job(rounds)] * n)[0])
            self.balance(True)
            s, start = self.timed([self.job(rounds)] * n)
            res["balancer"].append(s)
            first = self.first_move_ms(start)
            if first is not None:
                res["first"].append(first / INTERVAL_MS)
            self.balance(False)
            rr = ["mosrun -j %d %s" % (1 + i % self.k, self.job(rounds)) for i in range(n)]
            res["round-robin"].append(self.timed(rr)[0])
        self.balance(True)
        return {key: med(v) for key, v in res.items()}


def main():
    if os.geteuid() != 0:
        sys.exit("bench-balance: the tap network needs root")
    summary = {}
    print("%d host cores; %d jobs per node count; medians of %d runs" % (CORES, 2, ROUNDS))
    for k in (2, 3):
        b = Bench(k)
        try:
            b.start()
            rounds = b.calibrate()
            r = b.measure(rounds)
        finally:
            b.cl.stop()
        limit = min(k, CORES)
        print("\nK=%d nodes, %d jobs of %d rounds (about %.0f s alone), host limit %dx" %
              (k, 2 * k, rounds, JOB_S, limit))
        print("  %-12s %10s %9s %14s" % ("placement", "makespan", "speed-up", "of host limit"))
        for name in ("off", "balancer", "round-robin"):
            up = r["off"] / r[name]
            print("  %-12s %9.1fs %8.2fx %13.2f" % (name, r[name], up, up / limit))
        print("  first move after the jobs started: %.1f intervals of %d ms" %
              (r["first"], INTERVAL_MS))
        summary[k] = (r["off"] / r["balancer"] / limit, r["first"])
    print("bench-balance: speedup-ratio=%.2f first-move-intervals=%.1f" %
          (summary[2][0], summary[2][1]))


if __name__ == "__main__":
    main()
