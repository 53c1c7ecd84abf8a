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

from test_migrate import LOSSY_MOVE_TIMEOUT, RUN_TIMEOUT, file_has, meminfo, migrate, run, \
    start_bg, start_cluster, wait_for, where

pytestmark = [pytest.mark.soak,
              pytest.mark.skipif(os.geteuid() != 0, reason="the tap network needs root")]

MOVES = 200          # moves of one process among the three nodes
LOSSY_ROUNDS = 10    # rounds 1 -> 2 -> 3 -> home of the 8 MiB program per loss rate


@pytest.fixture(scope="module")
def trio():
    cl = start_cluster("e1000")
    try:
        yield cl
    finally:
        cl.set_loss(0)
        cl.stop()


def stop_and_check(cl, pid, stop, out, mib):
    """Tell memfill pid to stop (file stop), and check it ended well with
    no bad word in its output file out."""
    assert where(cl, 1, pid) == "1"
    run(cl, 1, "touch %s" % stop)
    res = run(cl, 1, "wait %d; echo status=$?" % pid, timeout=RUN_TIMEOUT)
    assert "status=0" in res, res
    text = run(cl, 1, "cat %s" % out)
    assert re.search(r"memfill: %d MiB, [1-9]\d* rounds, 0 bad words" % mib, text), text


def memory_of_all(cl):
    return {i: meminfo(cl, i) for i in (1, 2, 3)}


def memory_back(cl, before):
    """A check for wait_for: every node's free memory and kernel heap are
    where they were (within a page or two of bookkeeping)."""
    def check():
        now = memory_of_all(cl)
        ok = all(now[i]["MemFree"] >= before[i]["MemFree"] - 64 and
                 now[i]["KernelHeapUsed"] <= before[i]["KernelHeapUsed"] + 16 for i in (1, 2, 3))
        return ok, (before, now)
    return check


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
    stop_and_check(cl, pid, "/sk.stop", "/sk.out", 1)
    assert run(cl, 1, "cat /proc/cluster/deputies").strip() == ""
    for i in (2, 3):
        assert run(cl, i, "cat /proc/cluster/guests").strip() == ""
    wait_for("every node's memory back", memory_back(cl, before), RUN_TIMEOUT)


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
    stop_and_check(cl, pid, "/lx.stop", "/lx.out", 8)
