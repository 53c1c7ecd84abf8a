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

Each failure kind is tried at two kill points or more; some points are
steps inside a move, reached with a fail point (ssi/failpoint.h: the node
stops dead exactly there, then its QEMU is killed):

  kind                          kill points
  the target of a move dies     before the commit (arrive_done), after it
                                (arrive_go); test_migrate.py cuts one
                                with part of the image
  the node where it runs dies   while it computes, while its call is
                                served at home
  its home dies                 while it computes, while home serves its
                                call, after the commit before GO (home_go)

The kill points share one 2-node cluster: each try kills a node and
powers it on again. make test tries each once; make soak (FAIL_TRIES=20)
twenty times. Every check waits on a condition with a generous bound:
membership marks a node down after down_ms of silence, which a loaded
host stretches."""
import os
import re

import pytest

from netcluster import Cluster, _alive
from ssitools import console_type, parse_nodes
from test_migrate import FAST, MOVE_TIMEOUT, RUN_TIMEOUT, console_send, file_has, meminfo, \
    migrate, run, start_bg, wait_for, wait_all_up, where

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="the tap network needs root")

DOWN_BOUND = 240   # down_ms (15 s) and the check, stretched by a loaded host
TRIES = int(os.environ.get("FAIL_TRIES", "1"))   # tries of each kill point (make soak: 20)


def warm_up(cl):
    """The first move leaves buffers in both heaps for good: make it before
    any memory is compared."""
    run(cl, 1, "rm -f /w.stop")
    pid = start_bg(cl, 1, "memfill -s /w.stop 1 > /dev/null")
    migrate(cl, 1, pid, 2)
    migrate(cl, 1, pid, "home")
    assert "status=0" in run(cl, 1, "touch /w.stop; wait %d; echo status=$?" % pid, timeout=RUN_TIMEOUT)


def two_nodes(tag, append=FAST):
    cl = Cluster(n=2, nic="e1000", mem=64, append=append, name="%s-%d" % (tag, os.getpid()))
    cl.start()
    cl.wait_ready()
    for i in (1, 2):
        cl.wait_log(i, r"init: starting /bin/sh")
    wait_all_up(cl)
    warm_up(cl)
    return cl


@pytest.fixture(scope="module")
def pair():
    cl = two_nodes("fail")
    yield cl
    cl.stop()


def revive(cl, i):
    """Power node i on again after a try killed it: both nodes up, warm."""
    cl.restart_node(i)
    cl.wait_log(i, r"init: starting /bin/sh")   # what is typed before is lost
    wait_all_up(cl)
    warm_up(cl)


@pytest.fixture(autouse=True)
def pair_alive(request):
    """A test that failed in the middle of a try may have left a node of the
    shared pair dead: power it on again first, so that one failure is
    reported once and not again by every later test."""
    if "pair" in request.fixturenames:
        cl = request.getfixturevalue("pair")
        for i in (1, 2):
            if not _alive(cl.node(i)["pid"]):
                revive(cl, i)
    yield


def memory_back(cl, i, before):
    """A check for wait_for: node i's free memory and kernel heap are where
    they were before (within a page or two of bookkeeping)."""
    def check():
        now = meminfo(cl, i)
        ok = (now["MemFree"] >= before["MemFree"] - 64 and
              now["KernelHeapUsed"] <= before["KernelHeapUsed"] + 16)
        return ok, (before, now)
    return check


def filled_memfill(cl):
    """A memfill of 1 MiB at node 1, filled and checking; its pid."""
    run(cl, 1, "rm -f /fp.stop /fp.out /fp.mig")
    pid = start_bg(cl, 1, "memfill -s /fp.stop 1 > /fp.out")
    wait_for("memfill filled", file_has(cl, 1, "/fp.out", r"1 MiB filled"), RUN_TIMEOUT)
    return pid


def reader_in_a_call(cl):
    """A reader of a pipe at home, moved to node 2, asleep in its forwarded
    read (home's deputy runs the call); its pid and its group."""
    pid = start_bg(cl, 1, "sleep 600 | migtest -m 2 readline > /dev/null")
    pgid = int(re.search(r"Pgid:\s+(\d+)", run(cl, 1, "cat /proc/%d/status" % pid)).group(1))
    wait_for("the read served at home", lambda: (lambda t: (
        re.search(r"^%d migtest node 2 call .*last read$" % pid, t, re.M) is not None, t))(
        run(cl, 1, "cat /proc/cluster/deputies")), RUN_TIMEOUT)
    return pid, pgid


def ends_killed_at_home(cl, pid, why):
    """pid's parent at home collects "killed by SIGKILL", and the kernel
    said why."""
    out = run(cl, 1, "wait %d; echo status=$?" % pid, timeout=DOWN_BOUND)
    assert "status=137" in out, out   # 128 + SIGKILL
    assert re.search(why, cl.log(1)), cl.log(1)[-2000:]
    assert "No such file" in run(cl, 1, "cat /proc/%d/status" % pid)


def test_target_dies_before_the_commit_the_process_runs_on_at_home(pair):
    cl = pair
    for _ in range(TRIES):
        before = meminfo(cl, 1)
        pid = filled_memfill(cl)
        run(cl, 2, "mosctl fail arrive_done")
        mig = start_bg(cl, 1, "migrate %d 2 > /fp.mig 2>&1" % pid)
        cl.wait_log(2, r"failpoint arrive_done: node 2 stops here")
        cl.kill_node(2)
        out = run(cl, 1, "wait %d; echo status=$?" % mig, timeout=DOWN_BOUND)
        assert "status=1" in out, out   # the move failed, with its reason
        assert "failed" in run(cl, 1, "cat /fp.mig")
        assert where(cl, 1, pid) == "1"
        # it ran on at home, every word intact
        assert "status=0" in run(cl, 1, "touch /fp.stop; wait %d; echo status=$?" % pid, timeout=RUN_TIMEOUT)
        assert re.search(r"memfill: 1 MiB, [1-9]\d* rounds, 0 bad words", run(cl, 1, "cat /fp.out"))
        wait_for("node 1's memory back", memory_back(cl, 1, before), DOWN_BOUND)
        revive(cl, 2)


def test_target_dies_after_the_commit_the_process_ends_at_home_killed(pair):
    """Home committed (its deputy points at node 2) and sent GO; node 2
    stops dead before the process runs there. It never runs twice: it is
    killed at home, not resumed."""
    cl = pair
    for _ in range(TRIES):
        before = meminfo(cl, 1)
        pid = filled_memfill(cl)
        run(cl, 2, "mosctl fail arrive_go")
        start_bg(cl, 1, "migrate %d 2 > /fp.mig 2>&1" % pid)
        cl.wait_log(2, r"failpoint arrive_go: node 2 stops here")
        cl.kill_node(2)
        ends_killed_at_home(cl, pid, r"pid %d \(memfill\): node 2 lost it after the commit" % pid)
        assert "memfill" not in run(cl, 1, "ps")
        assert "bad words" not in run(cl, 1, "cat /fp.out")   # it never ran on to its end
        wait_for("node 1's memory back", memory_back(cl, 1, before), DOWN_BOUND)
        revive(cl, 2)


def test_node_where_a_process_runs_dies_its_parent_sees_sigkill(pair):
    cl = pair
    for _ in range(TRIES):
        before = meminfo(cl, 1)
        pid = start_bg(cl, 1, "memfill -s /never 1 > /dev/null")
        migrate(cl, 1, pid, 2)
        lost = int(re.search(r"^mig_lost (\d+)$", run(cl, 1, "mosctl stats"), re.M).group(1))
        cl.kill_node(2)
        ends_killed_at_home(cl, pid, r"deputy: pid %d \(memfill\): node 2 is down or rebooted; killed" % pid)
        wait_for("node 1's memory back", memory_back(cl, 1, before), DOWN_BOUND)
        assert re.search(r"^mig_lost %d$" % (lost + 1), run(cl, 1, "mosctl stats"), re.M)
        cl.check_forbidden()
        revive(cl, 2)


def test_node_where_it_runs_dies_while_home_serves_its_call(pair):
    """The deputy sleeps in the process's read at home when node 2 dies:
    the call is cancelled and the process ends at home, killed."""
    cl = pair
    for _ in range(TRIES):
        before = meminfo(cl, 1)
        pid, pgid = reader_in_a_call(cl)
        cl.kill_node(2)
        why = r"deputy: pid %d \(migtest\): node 2 is down or rebooted; killed" % pid
        cl.wait_log(1, why, DOWN_BOUND)
        # The shell waits for the whole job: end the pipe's writer (sleep
        # 600, the job's first process, whose pid is its group's) too.
        run(cl, 1, "kill -9 %d" % pgid)
        ends_killed_at_home(cl, pid, why)
        wait_for("node 1's memory back", memory_back(cl, 1, before), DOWN_BOUND)
        revive(cl, 2)


def test_home_dies_its_guest_is_killed_where_it_runs(pair):
    cl = pair
    for _ in range(TRIES):
        before, mark = meminfo(cl, 2), len(cl.log(2))
        pid = start_bg(cl, 1, "memfill -s /never 1 > /dev/null")
        migrate(cl, 1, pid, 2)
        assert re.search(r"^%d memfill home 1 " % pid, run(cl, 2, "cat /proc/cluster/guests"),
                         re.M)
        cl.kill_node(1)
        guest_gone(cl, pid, "memfill", before, mark)
        cl.check_forbidden()
        revive(cl, 1)


def guest_gone(cl, pid, name, before, mark):
    """Home (node 1) was killed: node 2 ends pid, says why (in its log past
    mark: pids come again after home reboots), and its memory comes back."""
    wait_for("the guest gone from node 2",
             lambda: (lambda t: (str(pid) not in t, t))(run(cl, 2, "cat /proc/cluster/guests")),
             DOWN_BOUND)
    assert re.search(r"remote: pid %d \(%s\): its home node 1 is down or rebooted; killed"
                     % (pid, name), cl.log(2)[mark:]), cl.log(2)[-2000:]
    assert "No such file" in run(cl, 2, "cat /proc/%d/status" % pid)
    wait_for("node 2's memory back", memory_back(cl, 2, before), DOWN_BOUND)


def test_home_dies_while_it_serves_the_call_of_its_guest(pair):
    """The guest waits for its read at home when home dies: the call ends
    when node 2 marks home down, and the guest is killed there."""
    cl = pair
    for _ in range(TRIES):
        before, mark = meminfo(cl, 2), len(cl.log(2))
        pid, _ = reader_in_a_call(cl)
        cl.kill_node(1)
        guest_gone(cl, pid, "migtest", before, mark)
        revive(cl, 1)


def test_home_dies_after_the_commit_before_go_the_target_drops_the_image(pair):
    cl = pair
    for _ in range(TRIES):
        before, mark = meminfo(cl, 2), len(cl.log(2))
        pid = filled_memfill(cl)
        run(cl, 1, "mosctl fail home_go")
        # Node 1 stops inside this command: read its console until it says
        # so (the last words of a node reach the log through a reader).
        assert console_type(cl.node(1)["console"], "migrate %d 2\n" % pid,
                            until=r"failpoint home_go: node 1 stops here", timeout=MOVE_TIMEOUT)
        cl.kill_node(1)
        # (Past mark: the same pid may have been dropped in an earlier try.)
        wait_for("node 2 drops what it held", lambda: (lambda t: (re.search(
            r"migrate: pid %d from node 1 dropped \(source down\)" % pid, t) is not None, t[-500:]))(
            cl.log(2)[mark:]), DOWN_BOUND)
        assert str(pid) not in run(cl, 2, "cat /proc/cluster/guests")
        wait_for("node 2's memory back", memory_back(cl, 2, before), DOWN_BOUND)
        revive(cl, 1)


def test_node_where_a_process_runs_reboots_it_ends_at_once():
    """down_ms is 10 minutes here: only the new incarnation that node 2
    announces when it boots again can end the process within the bound."""
    cl = two_nodes("fail-reboot", append="gossip_ms=500 down_ms=600000 balance=0")
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
    cl = Cluster(n=3, nic="e1000", mem=64, append="gossip_ms=500 down_ms=600000 balance=0",
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
        assert "status=0" in run(cl, 1, "touch /h.stop; wait %d; echo status=$?" % a, timeout=RUN_TIMEOUT)
        assert re.search(r"memfill: 1 MiB, [1-9]\d* rounds, 0 bad words", run(cl, 1, "cat /h.out"))
        cl.check_forbidden()
    finally:
        cl.stop()
