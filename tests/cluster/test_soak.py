"""Long migration runs for make soak (not make test): many moves of one
process among three nodes, and the 8 MiB program moved round the cluster
over lossy links. Each ends with the program's own check of every word
it wrote and with free memory compared on every node.

make soak also runs tests/cluster/test_failures.py with FAIL_TRIES=20
(every kill point twenty times) and the soak-marked tests of
test_migrate.py, and prints how long it all took."""
import os
import random
import re

import pytest

from netcluster import Cluster
from test_migrate import FAST, LOSSY_MOVE_TIMEOUT, RUN_TIMEOUT, file_has, meminfo, migrate, \
    run, start_bg, wait_all_up, wait_for, where

pytestmark = [pytest.mark.soak,
              pytest.mark.skipif(os.geteuid() != 0, reason="the tap network needs root")]

MOVES = 200          # moves of one process among the three nodes
LOSSY_ROUNDS = 10    # rounds 1 -> 2 -> 3 -> home of the 8 MiB program per loss rate


@pytest.fixture(scope="module")
def trio():
    cl = Cluster(n=3, nic="e1000", mem=64, append=FAST, name="soak-%d" % os.getpid())
    cl.start()
    try:
        cl.wait_ready()
        for i in (1, 2, 3):
            cl.wait_log(i, r"init: starting /bin/sh")
        wait_all_up(cl)
        yield cl
    finally:
        cl.set_loss(0)
        cl.stop()


def memory_of_all(cl):
    return {i: meminfo(cl, i) for i in (1, 2, 3)}


def assert_memory_back(before, after):
    for i in (1, 2, 3):
        assert after[i]["MemFree"] >= before[i]["MemFree"] - 64, (i, before[i], after[i])
        assert after[i]["KernelHeapUsed"] <= before[i]["KernelHeapUsed"] + 16, \
            (i, before[i], after[i])


def test_200_moves_among_three_nodes_leave_memory_where_it_was(trio):
    """A 1 MiB program that checks every word it wrote, moved 200 times to
    a node drawn at random (home, or on from one node to another), ends
    with no bad word, and every node has its memory back."""
    cl = trio
    run(cl, 1, "rm -f /sk.stop /sk.out")
    pid = start_bg(cl, 1, "memfill -s /sk.stop 1 > /sk.out")
    wait_for("memfill filled", file_has(cl, 1, "/sk.out", r"1 MiB filled"), RUN_TIMEOUT)
    for node in (2, 3, "home"):   # warm-up: every kind of move once
        migrate(cl, 1, pid, node)
    before = memory_of_all(cl)
    rng = random.Random(1)
    here = 1
    for k in range(MOVES):
        there = rng.choice([n for n in (1, 2, 3) if n != here])
        if k == MOVES - 1:
            there = 1
        out = migrate(cl, 1, pid, "home" if there == 1 else there)
        assert "runs on node %d" % there in out, (k, out)
        here = there
    assert where(cl, 1, pid) == "1"
    run(cl, 1, "touch /sk.stop")
    out = run(cl, 1, "wait %d; echo status=$?" % pid, timeout=RUN_TIMEOUT)
    assert "status=0" in out, out
    out = run(cl, 1, "cat /sk.out")
    assert re.search(r"memfill: 1 MiB, [1-9]\d* rounds, 0 bad words", out), out
    assert run(cl, 1, "cat /proc/cluster/deputies").strip() == ""
    for i in (2, 3):
        assert run(cl, i, "cat /proc/cluster/guests").strip() == ""
    wait_for("every node's memory back",
             lambda: (lambda a: (all(a[i]["MemFree"] >= before[i]["MemFree"] - 64 and
                                     a[i]["KernelHeapUsed"] <= before[i]["KernelHeapUsed"] + 16
                                     for i in (1, 2, 3)), (before, a)))(memory_of_all(cl)),
             RUN_TIMEOUT)


@pytest.mark.parametrize("loss", [10, 30])
def test_8mib_program_rounds_over_a_lossy_link(trio, loss):
    """The 8 MiB program moved 1 -> 2 -> 3 -> home ten times with loss% of
    the bridge's frames dropped: every move arrives, and the program ends
    with no bad word."""
    cl = trio
    run(cl, 1, "rm -f /lx.stop /lx.out")
    pid = start_bg(cl, 1, "memfill -s /lx.stop 8 > /lx.out")
    wait_for("memfill filled", file_has(cl, 1, "/lx.out", r"8 MiB filled"), RUN_TIMEOUT)
    cl.set_loss(loss)
    try:
        for _ in range(LOSSY_ROUNDS):
            for node in (2, 3, "home"):
                migrate(cl, 1, pid, node, LOSSY_MOVE_TIMEOUT)
    finally:
        cl.set_loss(0)
    assert where(cl, 1, pid) == "1"
    run(cl, 1, "touch /lx.stop")
    out = run(cl, 1, "wait %d; echo status=$?" % pid, timeout=RUN_TIMEOUT)
    assert "status=0" in out, out
    out = run(cl, 1, "cat /lx.out")
    assert re.search(r"memfill: 8 MiB, [1-9]\d* rounds, 0 bad words", out), out
