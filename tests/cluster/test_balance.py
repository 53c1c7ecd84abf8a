"""Automatic load balancing on real QEMU nodes (ssi/balancer.c running
ssi/balance.c): CPU-bound jobs started on one node spread over the
cluster by themselves, a faster node takes more, and what must stay
(locked jobs, jobs living on home calls, arrivals at a node that blocks
them) stays.

The jobs run until told to stop (memfill -s STOPFILE), so a slow or busy
host changes how long things take, never the outcome; every check waits
for a condition with a bound stated in gossip intervals."""
import os
import re

import pytest

from netcluster import Cluster
from ssitools import parse_nodes
from test_migrate import RUN_TIMEOUT, file_has, meminfo, run, start_bg, wait_all_up, wait_for

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="the tap network needs root")

INTERVAL_MS = 500
BALANCED = "gossip_ms=%d down_ms=15000" % INTERVAL_MS   # the balancer on (the default)
SPREAD_INTERVALS = 240    # jobs reach every node (typically 5-20 intervals)
STEADY_INTERVALS = 20     # what must not happen, watched this long
SPEED_INTERVALS = 240     # identical nodes' speed estimates agree


def interval_s(n):
    return n * INTERVAL_MS / 1000.0


def three_nodes(tag, mem):
    """Three identical nodes booted together, balancer on, every node up
    everywhere; stopped when the tests using it are done."""
    c = Cluster(n=3, nic="e1000", mem=mem, append=BALANCED, name="%s-%d" % (tag, os.getpid()))
    c.start()
    try:
        c.wait_ready()
        for i in (1, 2, 3):
            c.wait_log(i, r"init: starting /bin/sh")
        wait_all_up(c)
        yield c
        c.check_forbidden()
    finally:
        c.stop()


@pytest.fixture(scope="module")
def cl():
    yield from three_nodes("bal", 64)


def places(c, pids):
    """Where each pid runs, as its home (node 1) says: a list of node ids."""
    out = run(c, 1, "cat " + " ".join("/proc/%d/where" % p for p in pids))
    nodes = [int(x) for x in re.findall(r"^\s*(\d+)\s*$", out, re.M)]
    assert len(nodes) == len(pids), out
    return nodes


BATCH = 7   # jobs stopped and collected by one command line (16 commands at most)


def start_jobs(c, n, tag, node=1, prefix=""):
    """n memfill jobs of 1 MiB started on node's shell; job k stops when
    /TAG.stop.B exists, B = k // BATCH."""
    run(c, node, "rm -f /%s.stop.*" % tag)
    return [start_bg(c, node, "%smemfill -s /%s.stop.%d 1 > /%s.%d" %
                     (prefix, tag, k // BATCH, tag, k)) for k in range(n)]


def stop_jobs(c, pids, tag, node=1, gone=()):
    """Stop the jobs, collect each at home (its parent, node's shell), and
    check that each ended with every word right (but the jobs in gone,
    which ended before). A batch is stopped and waited for in one command
    line: the shell reaps finished background jobs at its prompt, and wait
    must find them first."""
    for b in range(0, len(pids), BATCH):
        waits = ["wait %d; echo status=$?" % pid for pid in pids[b:b + BATCH] if pid not in gone]
        out = run(c, node, "touch /%s.stop.%d; %s" % (tag, b // BATCH, "; ".join(waits)),
                  timeout=RUN_TIMEOUT)
        assert out.count("status=0") == len(waits), out
    for k, pid in enumerate(pids):
        if pid in gone:
            continue
        out = run(c, node, "cat /%s.%d" % (tag, k))
        assert re.search(r"memfill: 1 MiB, [1-9]\d* rounds, 0 bad words", out), out
    run(c, node, "rm -f /%s.stop.*" % tag)


def rounds(c, i):
    """Node i's balancer rounds so far: its gossip intervals, as it lived them."""
    m = re.search(r" rounds (\d+),", balancer(c, i))
    assert m
    return int(m.group(1))


def wait_spread(c, pids, want, what):
    def check():
        where = places(c, pids)
        return want(where), where
    return wait_for(what, check, interval_s(SPREAD_INTERVALS))


def balancer(c, i):
    return run(c, i, "cat /proc/cluster/balancer")


def test_six_jobs_started_at_node_1_spread_over_every_node(cl):
    pids = start_jobs(cl, 6, "six")
    where = wait_spread(cl, pids, lambda w: set(w) == {1, 2, 3}, "6 jobs on every node")
    assert re.search(r" load .* ok$", balancer(cl, 1), re.M), balancer(cl, 1)
    print("placed:", where)
    stop_jobs(cl, pids, "six")


def test_jobspawn_answers_are_right_wherever_its_jobs_ran(cl):
    """The demo's spawner (make demo): six prime-counting jobs, spread by
    the balancer, every answer checked at home."""
    out = run(cl, 1, "jobspawn -n 6 -l 2000000; echo status=$?", timeout=RUN_TIMEOUT)
    assert "jobspawn: 6 jobs, 6 right, 0 wrong" in out and "status=0" in out, out
    assert len(re.findall(r"^job \d .*: 148933 primes below 2000000 \(right\)", out, re.M)) == 6


def test_locked_and_home_only_jobs_never_leave(cl):
    """Beside four jobs the balancer spreads, one locked with mosrun -l and
    one with mosrun -h stay home all along."""
    run(cl, 1, "rm -f /kept.stop.*")
    kept = [start_bg(cl, 1, "mosrun -l memfill -s /kept.stop.0 1 > /kept.0"),
            start_bg(cl, 1, "mosrun -h memfill -s /kept.stop.0 1 > /kept.1")]
    free = start_jobs(cl, 4, "free")
    wait_spread(cl, free, lambda w: set(w) >= {2, 3}, "the free jobs away")
    for _ in range(STEADY_INTERVALS):
        assert places(cl, kept) == [1, 1]
    stop_jobs(cl, free, "free")
    stop_jobs(cl, kept, "kept")


def test_job_living_on_home_calls_stays_home(cl):
    """readloop reads a home file in a loop: away, every read would be a
    round trip home. Beside it three CPU jobs, so node 1 is the busiest."""
    run(cl, 1, "rm -f /rl.stop")
    reader = start_bg(cl, 1, "readloop -s /rl.stop /bin/sh > /rl.out")
    jobs = start_jobs(cl, 3, "rlcpu")
    wait_spread(cl, jobs, lambda w: set(w) >= {2, 3}, "the CPU jobs away")
    for _ in range(STEADY_INTERVALS):
        assert places(cl, [reader]) == [1]
    out = run(cl, 1, "touch /rl.stop; wait %d; echo status=$?" % reader, timeout=RUN_TIMEOUT)
    assert "status=0" in out, out
    assert re.search(r"readloop: [1-9]\d* passes", run(cl, 1, "cat /rl.out"))
    stop_jobs(cl, jobs, "rlcpu")


def test_a_node_that_blocks_arrivals_receives_nothing(cl):
    run(cl, 3, "mosctl block")
    try:
        wait_for("node 3's block known at node 1",
                 lambda: ("blocked" in balancer(cl, 3), None), interval_s(SPREAD_INTERVALS))
        pids = start_jobs(cl, 4, "blk")
        wait_spread(cl, pids, lambda w: 2 in w, "a job on node 2")
        for _ in range(STEADY_INTERVALS):
            assert 3 not in places(cl, pids)
        # A manual move there is refused with the reason.
        out = run(cl, 1, "migrate %d 3; echo status=$?" % pids[0], timeout=RUN_TIMEOUT)
        assert "status=0" not in out and "blocked" in out, out
        stop_jobs(cl, pids, "blk")
    finally:
        run(cl, 3, "mosctl allow")


def test_node_dies_under_jobs_and_a_new_node_gets_work(cl):
    """Six jobs over three nodes; node 3 loses power: its jobs end at home
    as killed by SIGKILL (collected by their parent), the others run on
    right. Node 3 boots again while jobs run: it gets work within 10 of
    node 1's gossip intervals from when node 1 sees it up."""
    pids = start_jobs(cl, 6, "die")
    wait_spread(cl, pids, lambda w: set(w) == {1, 2, 3}, "6 jobs on every node")
    for i in (1, 2, 3):   # the places stay as they are while node 3 dies
        run(cl, i, "mosctl balance off")
    lost = [k for k, node in enumerate(places(cl, pids)) if node == 3]
    assert lost
    cl.kill_node(3)
    seen = []
    def reaped():
        # The shell tells of each job that ended before its next prompt:
        # "[3] - Killed   memfill -s /die.stop.0 1 1>/die.4".
        seen.append(run(cl, 1, "echo reap"))
        # One answer per line: a notice that ended one answer must still
        # end its line when the next answer follows it.
        text = "\n".join(seen)
        return all(re.search(r"Killed\s+memfill .*>/die\.%d$" % k, text, re.M)
                   for k in lost), text
    wait_for("node 3's jobs killed and collected at home", reaped, 15 + 120)
    alive = [pid for k, pid in enumerate(pids) if k not in lost]
    assert all(n in (1, 2) for n in places(cl, alive))

    for i in (1, 2):
        run(cl, i, "mosctl balance on")
    cl.restart_node(3)
    def seen_up():
        view = parse_nodes(run(cl, 1, "cat /proc/cluster/nodes"))
        return 3 in view and view[3][1] == "up", rounds(cl, 1)
    up_at = wait_for("node 3 up at node 1", seen_up, 120)
    def on_3():
        return 3 in places(cl, alive), (rounds(cl, 1) - up_at, run(cl, 1, "mosctl nodes"))
    took, nodes = wait_for("a job on the new node 3", on_3, interval_s(SPREAD_INTERVALS))
    print("new node 3 got a job within %d of node 1's intervals" % took)
    assert took <= 10, nodes
    stop_jobs(cl, pids, "die", gone=[pids[k] for k in lost])
    cl.wait_log(3, r"init: starting /bin/sh")   # its shell, for the tests after


def test_faster_node_ends_with_more_jobs(cl):
    """Speeds set: nodes 1 and 2 the same, node 3 twice that. Eight jobs
    from node 1 end as node 3 with more than node 2."""
    for i, s in ((1, 10000), (2, 10000), (3, 20000)):
        run(cl, i, "mosctl setspeed %d" % s)
    pids = start_jobs(cl, 8, "fast")
    def check():
        w = places(cl, pids)
        return w.count(3) > w.count(2) and w.count(2) >= 1, w
    wait_for("node 3 with more jobs than node 2", check, interval_s(SPREAD_INTERVALS))
    stop_jobs(cl, pids, "fast")


@pytest.fixture(scope="module")
def small():
    """Three identical 32 MiB nodes booted together."""
    yield from three_nodes("small", 32)


def test_three_identical_nodes_agree_on_their_speed(small):
    """Booted together on a busy host, three identical nodes' speed
    estimates come within 10% of each other (the fastest of several timed
    runs, more taken while idle)."""
    def check():
        speeds = []
        for i in (1, 2, 3):
            m = re.search(r"^speed (\d+)$", run(small, i, "cat /proc/cluster/status"), re.M)
            assert m
            speeds.append(int(m.group(1)))
        return max(speeds) <= 1.10 * min(speeds), speeds
    print("speeds:", wait_for("speeds within 10%", check, interval_s(SPEED_INTERVALS)))


def test_node_short_of_memory_ushers_a_growing_process_off(small):
    """On 32 MiB nodes: memfill holds 8 MiB at node 1 while memgrow grows
    there by 1 MiB a second to more than node 1 has left (and less than
    node 2 has, with room to spare: the size comes from their free memory,
    so that a bigger kernel or initrd does not change what is tested). The
    balancer moves memgrow off before node 1 runs out; both end with every
    word right."""
    c = small
    run(c, 1, "rm -f /us.stop /us.fill /us.grow")
    fill = start_bg(c, 1, "memfill -s /us.stop 8 > /us.fill")
    wait_for("memfill filled", file_has(c, 1, "/us.fill", r"8 MiB filled"), RUN_TIMEOUT)
    free1 = meminfo(c, 1)["MemFree"] // 1024
    free2 = meminfo(c, 2)["MemFree"] // 1024
    # More than node 1 has, and what node 2 holds with 2 MiB to spare (its
    # page tables, the buffers of the move).
    size = free1 + 3
    assert size + 2 <= free2, ("nodes too small for this test", free1, free2)
    grow = start_bg(c, 1, "memgrow -s /us.stop %d > /us.grow" % size)
    wait_for("memgrow at %d MiB" % size, file_has(c, 1, "/us.grow", r"%d MiB reached" % size),
             RUN_TIMEOUT + 60)
    assert places(c, [grow]) != [1]
    assert re.search(r"^\S+\s+%d\s+memgrow\s+\d+\s+memory\s" % grow, balancer(c, 1), re.M), \
        balancer(c, 1)
    out = run(c, 1, "touch /us.stop; wait %d; echo status=$?; wait %d; echo status=$?" %
              (fill, grow), timeout=RUN_TIMEOUT)
    assert out.count("status=0") == 2, out
    assert re.search(r"memfill: 8 MiB, [1-9]\d* rounds, 0 bad words", run(c, 1, "cat /us.fill"))
    assert re.search(r"memgrow: %d MiB, \d+ rounds, 0 bad words" % size, run(c, 1, "cat /us.grow"))
