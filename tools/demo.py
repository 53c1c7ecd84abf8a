#!/usr/bin/python3
"""make demo: the cluster doing what it is for, on three QEMU nodes.

A job spawner (jobspawn) at node 1 starts JOBS CPU-bound jobs at once:
each counts the primes below LIMIT, an answer known in advance. First with
the balancer off everywhere (every job runs on node 1), then with it on
(the default): nobody says where the jobs should go, the balancer spreads
them, mosmon shows the load move, and the spawner checks every answer at
home. Prints where each job ran and the two makespans.

  tools/demo.py [JOBS [LIMIT]]     (root: the nodes share a bridged tap
                                    network in a private namespace)
"""
import os
import re
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "cluster"))
from netcluster import Cluster      # noqa: E402
from ssitools import console_run, parse_nodes  # noqa: E402

JOBS = int(sys.argv[1]) if len(sys.argv) > 1 else 6
LIMIT = int(sys.argv[2]) if len(sys.argv) > 2 else 5000000
NODES = 3


def run(cl, i, cmd, timeout=900):
    return console_run(cl.node(i)["console"], cmd, timeout=timeout)


def wait_up(cl):
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        views = [parse_nodes(run(cl, i, "cat /proc/cluster/nodes")) for i in range(1, NODES + 1)]
        if all(sum(1 for v in view.values() if v[1] == "up") == NODES for view in views):
            return
        time.sleep(0.5)
    sys.exit("demo: the nodes did not all come up")


def spawn(cl, tag):
    """Run jobspawn at node 1 in the background; show mosmon while it
    runs; its report."""
    run(cl, 1, "sh -c 'jobspawn -n %d -l %d; echo status=$?' > /%s.out &" % (JOBS, LIMIT, tag))
    time.sleep(3)   # the balancer's first rounds: moves to show
    screens = run(cl, 1, "mosmon -n 3", timeout=120)   # three screens, a second apart
    deadline = time.monotonic() + 1800
    while time.monotonic() < deadline:
        out = run(cl, 1, "cat /%s.out" % tag)
        if "status=" in out:
            return screens, out
        time.sleep(1)
    sys.exit("demo: the spawner did not end:\n" + out)


def report(title, out):
    print("\n== %s" % title)
    jobs = re.findall(r"^job (\d+) \(pid (\d+)\): (\d+) primes below \d+ \((\w+)\), "
                      r"started on node (\d+), ended on node (\d+)$", out, re.M)
    for k, pid, n, ok, start, end in jobs:
        print("  job %s (pid %s): %s primes, %s, ran on node %s%s" %
              (k, pid, n, ok, end, "" if start == end else " (started on %s)" % start))
    m = re.search(r"jobspawn: (\d+) jobs, (\d+) right, (\d+) wrong, makespan ([\d.]+) s", out)
    if not m or "status=0" not in out:
        sys.exit("demo: the spawner failed:\n" + out)
    print("  %s of %s answers right; makespan %s s" % (m.group(2), m.group(1), m.group(4)))
    return float(m.group(4))


def main():
    if os.geteuid() != 0:
        sys.exit("demo: the nodes' tap network needs root (sudo make demo)")
    cl = Cluster(n=NODES, nic="e1000", mem=64, append="gossip_ms=500",
                 name="demo-%d" % os.getpid())
    cl.start()
    try:
        cl.wait_ready()
        for i in range(1, NODES + 1):
            cl.wait_log(i, r"init: starting /bin/sh")
        wait_up(cl)
        print("demo: %d nodes up; %d jobs, each counting the primes below %d" %
              (NODES, JOBS, LIMIT))
        for i in range(1, NODES + 1):
            run(cl, i, "mosctl balance off")
        _, out = spawn(cl, "off")
        alone = report("balancer off: every job on node 1", out)
        for i in range(1, NODES + 1):
            run(cl, i, "mosctl balance on")
        screens, out = spawn(cl, "on")
        print("\n== mosmon at node 1 while the jobs run")
        print(re.sub(r"\x1b\[[0-9;]*[HJ]", "", screens).replace("mosmon: cluster", "\nmosmon: cluster"))
        spread = report("balancer on: nobody said where to run", out)
        print("\ndemo: makespan %.1f s on node 1 alone, %.1f s spread by the balancer "
              "(%.2fx; the host has %d cores)" % (alone, spread, alone / spread,
                                                 os.cpu_count() or 1))
        print(run(cl, 1, "mosctl balancer"))
    finally:
        cl.stop()


if __name__ == "__main__":
    main()
