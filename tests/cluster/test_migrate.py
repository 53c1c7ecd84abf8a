"""Process migration on real QEMU nodes (ssi/migrate.c, ssi/arrive.c,
ssi/deputy.c, ssi/remote.c): a running process moves to another node and
back with its memory intact, its place is the same seen from every node,
and moves that must not happen are refused with their reason.

Every check waits for a condition (a file's content, /proc/PID/where) with
a generous bound; nothing waits on a timer."""
import os
import re
import time

import pytest

from netcluster import Cluster
from ssitools import console_run, parse_nodes

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="the tap network needs root")

FAST = "gossip_ms=500 down_ms=5000"
CONVERGE_TIMEOUT = 60     # every node lists every other as up
MOVE_TIMEOUT = 300        # one migrate command (8 MiB under TCG on a busy host)
RUN_TIMEOUT = 300         # a workload to reach a point of its run


def run(cl, i, cmd, timeout=120):
    return console_run(cl.node(i)["console"], cmd, timeout=timeout)


def wait_for(what, check, timeout):
    """Poll check() (returns (done, last)) every half second up to timeout."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        done, last = check()
        if done:
            return last
        time.sleep(0.5)
    pytest.fail("%s: not within %d s; last seen: %r" % (what, timeout, last))


def wait_all_up(cl):
    n = cl.n
    def check():
        views = [parse_nodes(run(cl, i, "cat /proc/cluster/nodes")) for i in range(1, n + 1)]
        ok = all(sorted(k for k, v in view.items() if v[1] == "up") == list(range(1, n + 1))
                 for view in views)
        return ok, views
    wait_for("every node up everywhere", check, CONVERGE_TIMEOUT)


def start_cluster(nic):
    cl = Cluster(n=3, nic=nic, mem=64, append=FAST, name="mig-%s-%d" % (nic, os.getpid()))
    cl.start()
    cl.wait_ready()
    for i in (1, 2, 3):
        cl.wait_log(i, r"init: starting /bin/sh")
    wait_all_up(cl)
    return cl


@pytest.fixture(scope="module")
def mixed():
    cl = start_cluster("mixed")
    try:
        yield cl
        cl.check_forbidden()
    finally:
        cl.stop()


@pytest.fixture(scope="module")
def e1000():
    cl = start_cluster("e1000")
    try:
        yield cl
        cl.check_forbidden()
    finally:
        cl.stop()


def start_bg(cl, i, cmd):
    """Start cmd in the background on node i's shell; its pid."""
    out = run(cl, i, cmd + " &")
    m = re.search(r"\[\d+\] (\d+)", out)
    assert m, out
    return int(m.group(1))


def where(cl, i, pid):
    return run(cl, i, "cat /proc/%d/where" % pid).strip()


def migrate(cl, i, pid, node):
    out = run(cl, i, "migrate %d %s; echo status=$?" % (pid, node), timeout=MOVE_TIMEOUT)
    assert "status=0" in out, out
    return out


def check_place(cl, pid, node):
    """pid runs on node: its home (node 1) says so, and so does node."""
    assert where(cl, 1, pid) == str(node)
    if node != 1:
        assert where(cl, node, pid) == str(node)
        guests = run(cl, node, "cat /proc/cluster/guests")
        assert re.search(r"^%d memfill home 1 " % pid, guests, re.M), guests
        assert re.search(r"^%d memfill node %d " % (pid, node),
                         run(cl, 1, "cat /proc/cluster/deputies"), re.M)
    for other in (2, 3):
        if other != node:
            assert "No such file" in run(cl, other, "cat /proc/%d/where" % pid)


def file_has(cl, i, path, pattern):
    def check():
        text = run(cl, i, "cat %s" % path)
        return re.search(pattern, text) is not None, text
    return check


def test_8mib_process_moves_away_and_home_with_its_memory(mixed):
    """memfill checks every word of 8 MiB each round; moved 1->2->1 and
    1->3->1 while it runs (the mixed cluster: e1000, rtl8139, ne2k_pci),
    it ends with no bad word and status 0, collected by its parent at home."""
    cl = mixed
    run(cl, 1, "rm -f /mf.stop /mf.out")
    pid = start_bg(cl, 1, "memfill -s /mf.stop 8 > /mf.out")
    wait_for("memfill filled its memory", file_has(cl, 1, "/mf.out", r"8 MiB filled"),
             RUN_TIMEOUT)
    for node in (2, 3):
        out = migrate(cl, 1, pid, node)
        assert "runs on node %d" % node in out, out
        check_place(cl, pid, node)
        migrate(cl, 1, pid, "home")
        check_place(cl, pid, 1)
    assert run(cl, 1, "cat /proc/%d/nmigs" % pid).strip() == "4"
    run(cl, 1, "touch /mf.stop")
    out = run(cl, 1, "wait %d; echo status=$?" % pid, timeout=RUN_TIMEOUT)
    assert "status=0" in out, out
    out = run(cl, 1, "cat /mf.out")
    assert re.search(r"memfill: 8 MiB, [1-9]\d* rounds, 0 bad words", out), out


def test_init_and_a_locked_process_refuse_to_move(e1000):
    cl = e1000
    out = run(cl, 1, "migrate 1 2; echo status=$?")
    assert "init" in out and "status=1" in out, out
    assert run(cl, 1, "cat /proc/1/cantmove").strip() == "init"
    pid = start_bg(cl, 1, "spin 600 > /dev/null")
    try:
        assert run(cl, 1, "cat /proc/%d/cantmove" % pid).strip() == ""
        run(cl, 1, "echo 1 > /proc/%d/lock" % pid)
        assert run(cl, 1, "cat /proc/%d/cantmove" % pid).strip() == "locked"
        out = run(cl, 1, "migrate %d 2; echo status=$?" % pid)
        assert "locked" in out and "status=1" in out, out
        assert where(cl, 1, pid) == "1"
        out = run(cl, 1, "migrate %d 9; echo status=$?" % pid)
        assert "status=1" in out, out
        run(cl, 1, "echo 0 > /proc/%d/lock" % pid)
        out = run(cl, 1, "migrate %d 9; echo status=$?" % pid)
        assert "node not up" in out and "status=1" in out, out
    finally:
        run(cl, 1, "kill -9 %d" % pid)


def test_kill_from_home_reaches_a_process_away(e1000):
    cl = e1000
    pid = start_bg(cl, 1, "spin 600 > /dev/null")
    migrate(cl, 1, pid, 2)
    assert where(cl, 2, pid) == "2"
    out = run(cl, 1, "kill %d; wait %d; echo status=$?" % (pid, pid), timeout=RUN_TIMEOUT)
    assert "status=143" in out, out
    wait_for("the guest is gone from node 2",
             lambda: (lambda t: (str(pid) not in t, t))(run(cl, 2, "cat /proc/cluster/guests")),
             RUN_TIMEOUT)
