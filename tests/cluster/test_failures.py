"""A node dies with processes of another node's on it, or with its own
processes away (ssi/deputy.c deputy_check_nodes, ssi/remote.c
remote_check_homes): each has a stated, bounded outcome, and nothing of
the process stays behind on the node that lives.

  - the node where a process runs dies: its deputy ends it at home as
    killed by SIGKILL, its parent's wait says so, and home's free memory
    and kernel heap return to where they were;
  - its home dies: the guest is killed where it runs, and that node's
    free memory and heap return to where they were;
  - the node where it runs reboots (a new incarnation): as if it died, at
    once, not after membership's down timeout;
  - a node leaves in order (mosctl halt): its guests go home, its own
    processes come home, the others count it down at once, and it powers
    off.

Each test boots its own 2-node cluster (it kills one node) and waits on
conditions with generous bounds: membership marks a node down after
down_ms of silence, which a loaded host stretches."""
import os
import re

import pytest

from netcluster import Cluster, _alive
from ssitools import parse_nodes
from test_migrate import FAST, MOVE_TIMEOUT, RUN_TIMEOUT, console_send, file_has, meminfo, \
    migrate, run, start_bg, wait_for, wait_all_up, where

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="the tap network needs root")

DOWN_BOUND = 240   # down_ms (15 s) and the check, stretched by a loaded host


def two_nodes(tag, append=FAST):
    cl = Cluster(n=2, nic="e1000", mem=64, append=append, name="%s-%d" % (tag, os.getpid()))
    cl.start()
    cl.wait_ready()
    for i in (1, 2):
        cl.wait_log(i, r"init: starting /bin/sh")
    wait_all_up(cl)
    # Warm-up: the first move leaves buffers in both heaps for good.
    run(cl, 1, "rm -f /w.stop")
    pid = start_bg(cl, 1, "memfill -s /w.stop 1 > /dev/null")
    migrate(cl, 1, pid, 2)
    migrate(cl, 1, pid, "home")
    run(cl, 1, "touch /w.stop")
    assert "status=0" in run(cl, 1, "wait %d; echo status=$?" % pid, timeout=RUN_TIMEOUT)
    return cl


def memory_back(cl, i, before):
    """A check for wait_for: node i's free memory and kernel heap are where
    they were before (within a page or two of bookkeeping)."""
    def check():
        now = meminfo(cl, i)
        ok = (now["MemFree"] >= before["MemFree"] - 64 and
              now["KernelHeapUsed"] <= before["KernelHeapUsed"] + 16)
        return ok, (before, now)
    return check


def test_node_where_a_process_runs_dies_its_parent_sees_sigkill():
    cl = two_nodes("fail-target")
    try:
        before = meminfo(cl, 1)
        pid = start_bg(cl, 1, "memfill -s /never 1 > /dev/null")
        migrate(cl, 1, pid, 2)
        cl.kill_node(2)
        out = run(cl, 1, "wait %d; echo status=$?" % pid, timeout=DOWN_BOUND)
        assert "status=137" in out, out   # 128 + SIGKILL
        assert re.search(r"deputy: pid %d \(memfill\): node 2 is down or rebooted; killed" % pid, cl.log(1))
        assert "No such file" in run(cl, 1, "cat /proc/%d/status" % pid)
        wait_for("node 1's memory back", memory_back(cl, 1, before), DOWN_BOUND)
        assert re.search(r"^mig_lost 1$", run(cl, 1, "mosctl stats"), re.M)
        cl.check_forbidden()
    finally:
        cl.stop()


def test_home_dies_its_guest_is_killed_where_it_runs():
    cl = two_nodes("fail-home")
    try:
        before = meminfo(cl, 2)
        pid = start_bg(cl, 1, "memfill -s /never 1 > /dev/null")
        migrate(cl, 1, pid, 2)
        assert re.search(r"^%d memfill home 1 " % pid, run(cl, 2, "cat /proc/cluster/guests"),
                         re.M)
        cl.kill_node(1)
        wait_for("the guest gone from node 2",
                 lambda: (lambda t: (str(pid) not in t, t))(run(cl, 2, "cat /proc/cluster/guests")),
                 DOWN_BOUND)
        assert re.search(r"remote: pid %d \(memfill\): its home node 1 is down or rebooted; killed" % pid,
                         cl.log(2))
        assert "No such file" in run(cl, 2, "cat /proc/%d/status" % pid)
        wait_for("node 2's memory back", memory_back(cl, 2, before), DOWN_BOUND)
        cl.check_forbidden()
    finally:
        cl.stop()


def test_node_where_a_process_runs_reboots_it_ends_at_once():
    """down_ms is 10 minutes here: only the new incarnation that node 2
    announces when it boots again can end the process within the bound."""
    cl = two_nodes("fail-reboot", append="gossip_ms=500 down_ms=600000")
    try:
        pid = start_bg(cl, 1, "memfill -s /never 1 > /dev/null")
        migrate(cl, 1, pid, 2)
        cl.restart_node(2)
        out = run(cl, 1, "wait %d; echo status=$?" % pid, timeout=DOWN_BOUND)
        assert "status=137" in out, out
        assert re.search(r"deputy: pid %d \(memfill\): node 2 is down or rebooted; killed" % pid,
                         cl.log(1))
        cl.check_forbidden()
    finally:
        cl.stop()


def test_mosctl_halt_sends_everyone_where_they_belong_and_leaves():
    """Node 2 holds a guest from node 1 and has a process of its own on
    node 3; mosctl halt there: the guest goes on at home intact, node 3
    has no guest left, nodes 1 and 3 count node 2 down at once (down_ms is
    10 minutes), and node 2's machine switches off."""
    cl = Cluster(n=3, nic="e1000", mem=64, append="gossip_ms=500 down_ms=600000",
                 name="fail-halt-%d" % os.getpid())
    cl.start()
    try:
        cl.wait_ready()
        for i in (1, 2, 3):
            cl.wait_log(i, r"init: starting /bin/sh")
        wait_all_up(cl)
        run(cl, 1, "rm -f /h.stop /h.out")
        a = start_bg(cl, 1, "memfill -s /h.stop 1 > /h.out")
        wait_for("memfill filled", file_has(cl, 1, "/h.out", r"1 MiB filled"), RUN_TIMEOUT)
        migrate(cl, 1, a, 2)
        b = start_bg(cl, 2, "spin 600 > /dev/null")
        migrate(cl, 2, b, 3)
        console_send(cl, 2, "mosctl halt\n", r"node 2 left the cluster", timeout=MOVE_TIMEOUT)
        log = cl.log(2)
        assert "expel: 1 asked to go home, 0 left" in log, log[-2000:]
        assert "bring: 1 asked to go home, 0 left" in log, log[-2000:]
        pid2 = cl.node(2)["pid"]
        wait_for("node 2's machine off", lambda: (not _alive(pid2), pid2), RUN_TIMEOUT)
        for i in (1, 3):
            wait_for("node %d counts node 2 down" % i,
                     lambda: (lambda v: (v.get(2, (None, None))[1] == "down", v))(
                         parse_nodes(run(cl, i, "cat /proc/cluster/nodes"))), RUN_TIMEOUT)
        assert where(cl, 1, a) == "1"
        assert run(cl, 3, "cat /proc/cluster/guests").strip() == ""
        run(cl, 1, "touch /h.stop")
        assert "status=0" in run(cl, 1, "wait %d; echo status=$?" % a, timeout=RUN_TIMEOUT)
        assert re.search(r"memfill: 1 MiB, [1-9]\d* rounds, 0 bad words", run(cl, 1, "cat /h.out"))
        cl.check_forbidden()
    finally:
        cl.stop()
