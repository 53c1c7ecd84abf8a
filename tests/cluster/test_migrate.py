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
from ssitools import console_run, console_type, parse_nodes

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="the tap network needs root")

# A node silent for down_ms is down, and the processes that span it end:
# 15 s, so that a host too loaded to run a node for a few seconds does not
# look like a dead node (tests/cluster/test_failures.py kills nodes).
FAST = "gossip_ms=500 down_ms=15000 balance=0"   # moves here are the tests' own
CONVERGE_TIMEOUT = 60     # every node lists every other as up
MOVE_TIMEOUT = 300        # one migrate command (8 MiB under TCG on a busy host)
LOSSY_MOVE_TIMEOUT = 900  # one migrate of 1 MiB with 30% of the frames lost (typically 5-90 s)
RUN_TIMEOUT = 300         # a workload to reach a point of its run
USERTESTS_AWAY_TIMEOUT = 1800  # the full usertests on node 2, every file call forwarded


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
    """Start cmd in the background on node i's shell; its pid (of a
    pipeline, its last command's)."""
    out = run(cl, i, cmd + " & echo pid=$!")
    m = re.search(r"pid=(\d+)", out)
    assert m, out
    return int(m.group(1))


def where(cl, i, pid):
    """The node pid runs on, as node i says. (A kernel line such as
    "cluster: node 2 is unreachable" may land in the middle of the answer
    on a console: the number is the line that is only a number.)"""
    out = run(cl, i, "cat /proc/%d/where" % pid)
    numbers = re.findall(r"^\s*(\d+)\s*$", out, re.M)
    return numbers[-1] if numbers else out.strip()


def migrate(cl, i, pid, node, timeout=MOVE_TIMEOUT):
    out = run(cl, i, "migrate %d %s; echo status=$?" % (pid, node), timeout=timeout)
    assert "status=0" in out, out + cluster_state(cl)
    return out


def cluster_state(cl):
    """What every node says of the cluster, its links and its moves: for
    the message of a failed check."""
    text = ""
    for k in range(1, cl.n + 1):
        for f in ("nodes", "peers", "stats"):
            try:
                answer = run(cl, k, "cat /proc/cluster/%s" % f, timeout=60)
            except Exception as e:   # a dead node: say so, go on
                answer = "(no answer: %s)" % e
            text += "\n--- node %d: /proc/cluster/%s\n%s" % (k, f, answer)
    return text


def ps_line(cl, i, pid):
    m = re.search(r"^\s*%d\s.*$" % pid, run(cl, i, "ps"), re.M)
    return m.group(0) if m else None


def check_place(cl, pid, node):
    """pid runs on node: its home (node 1) says so, and so does node, in
    /proc and in ps."""
    assert where(cl, 1, pid) == str(node)
    assert re.match(r"\s*%d\s+\d+\s+\w\s+%d\s.*memfill$" % (pid, node), ps_line(cl, 1, pid))
    if node != 1:
        assert re.match(r"\s*%d\s+0\s+\w\s+%d\s.*memfill \(guest, home 1\)$" % (pid, node),
                        ps_line(cl, node, pid)), ps_line(cl, node, pid)
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
    out = run(cl, 1, "touch /mf.stop; wait %d; echo status=$?" % pid, timeout=RUN_TIMEOUT)
    assert "status=0" in out, out
    out = run(cl, 1, "cat /mf.out")
    assert re.search(r"memfill: 8 MiB, [1-9]\d* rounds, 0 bad words", out), out


def test_8mib_process_moves_from_node_to_node_without_going_home(e1000):
    """memfill checks every word of 8 MiB each round; moved 1->2->3->2->1
    (from 2 to 3 and back directly: home re-points its deputy), its place
    the same seen from every node at each step, it ends with no bad word."""
    cl = e1000
    run(cl, 1, "rm -f /rr.stop /rr.out")
    pid = start_bg(cl, 1, "memfill -s /rr.stop 8 > /rr.out")
    wait_for("memfill filled its memory", file_has(cl, 1, "/rr.out", r"8 MiB filled"),
             RUN_TIMEOUT)
    for node in (2, 3, 2):
        out = migrate(cl, 1, pid, node)
        assert "runs on node %d" % node in out, out
        check_place(cl, pid, node)
    assert re.search(r"went on from node 2 to node 3", cl.log(1))
    migrate(cl, 1, pid, "home")
    check_place(cl, pid, 1)
    out = run(cl, 1, "touch /rr.stop; wait %d; echo status=$?" % pid, timeout=RUN_TIMEOUT)
    assert "status=0" in out, out
    out = run(cl, 1, "cat /rr.out")
    assert re.search(r"memfill: 8 MiB, [1-9]\d* rounds, 0 bad words", out), out


def stat_value(cl, i, name):
    m = re.search(r"^%s (\d+)$" % name, run(cl, i, "cat /proc/cluster/stats"), re.M)
    return int(m.group(1)) if m else None


def test_a_process_comes_back_to_a_node_that_still_holds_its_leaving_copy(e1000):
    """Home takes a process back from node 3 but holds its answer to DONE
    (the home_done_late fail point: what a lossy link does to that answer),
    so node 3 still holds the leaving copy when the process, moved on
    1->2->3 meanwhile, comes to it again. Node 3 answers "come again"
    until the old copy is gone; the move then succeeds, and the process
    runs once, with every word of its memory."""
    cl = e1000
    run(cl, 1, "rm -f /lv.stop /lv.out /lv.home /lv.to3")
    pid = start_bg(cl, 1, "memfill -s /lv.stop 1 > /lv.out")
    wait_for("memfill filled its memory", file_has(cl, 1, "/lv.out", r"1 MiB filled"),
             RUN_TIMEOUT)
    migrate(cl, 1, pid, 3)
    waits = stat_value(cl, 3, "mig_begin_waits")
    assert waits is not None
    try:
        assert "home_done_late armed" in run(cl, 1, "mosctl fail home_done_late")
        start_bg(cl, 1, "migrate %d home > /lv.home 2>&1" % pid)
        wait_for("the process back at home", lambda: (where(cl, 1, pid) == "1", None),
                 MOVE_TIMEOUT)
        migrate(cl, 1, pid, 2)
        on = start_bg(cl, 1, "migrate %d 3 > /lv.to3 2>&1" % pid)
        def told_again():
            failed = run(cl, 1, "cat /lv.to3")
            assert "failed" not in failed, failed   # e.g. "pid already here"
            n = stat_value(cl, 3, "mig_begin_waits")
            return n > waits, n
        wait_for("node 3 telling the process's BEGIN to come again", told_again, MOVE_TIMEOUT)
        # The old copy is still there, leaving; the new one is not yet.
        assert "(guest, home 1)" in (ps_line(cl, 3, pid) or ""), run(cl, 3, "ps")
    finally:
        run(cl, 1, "mosctl fail none")
    out = run(cl, 1, "wait %d; echo status=$?; cat /lv.to3" % on, timeout=MOVE_TIMEOUT)
    assert "status=0" in out and "runs on node 3" in out, out + cluster_state(cl)
    # The move home ended as soon as home had the process (the shell may
    # have reaped it already: its output is what tells).
    wait_for("the move home's answer", file_has(cl, 1, "/lv.home", r"runs on node 1"),
             MOVE_TIMEOUT)
    check_place(cl, pid, 3)
    migrate(cl, 1, pid, "home")
    check_place(cl, pid, 1)
    out = run(cl, 1, "touch /lv.stop; wait %d; echo status=$?" % pid, timeout=RUN_TIMEOUT)
    assert "status=0" in out, out
    out = run(cl, 1, "cat /lv.out")
    assert re.search(r"memfill: 1 MiB, [1-9]\d* rounds, 0 bad words", out), out


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


def console_send(cl, i, text, until=None, timeout=RUN_TIMEOUT):
    """Type text on node i's console without waiting for a prompt (a
    command that stays in the foreground); with until, read until that
    pattern shows and return its match."""
    m = console_type(cl.node(i)["console"], text, until, timeout)
    if until and not m:
        pytest.fail("waiting for %r on node %d: not within %d s" % (until, i, timeout))
    return m


def test_file_and_console_output_of_a_process_away_go_home_in_order(e1000):
    """migtest lines writes a line to a file and one to the console every
    20 ms, and moves itself to node 2 after a third of them and home after
    two thirds: the file is at home with every line once and in order, and
    so is the home console."""
    cl = e1000
    out = run(cl, 1, "migtest lines 60 /lines.txt 2; echo status=$?", timeout=RUN_TIMEOUT)
    assert "status=0" in out, out
    assert re.search(r"runs on node 2\n(?:.*\n)*.*runs on node 1", out), out
    text = run(cl, 1, "cat /lines.txt")
    assert text.splitlines() == ["line %d" % k for k in range(60)], text
    nums = [int(n) for n in re.findall(r"^tick (\d+)\r?$", out, re.M)]
    assert nums == list(range(60)), out


def test_copy_of_a_home_file_moved_mid_read_has_the_same_bytes(e1000):
    """migtest copy reads a home file 4 KiB at a time and moves itself to
    node 3 after a third of it and home after two thirds: the copy has the
    same bytes."""
    cl = e1000
    run(cl, 1, "migtest produce 60000 > /big; rm -f /big2")
    out = run(cl, 1, "migtest copy /big /big2 3; echo status=$?", timeout=RUN_TIMEOUT)
    assert "status=0" in out and "runs on node 3" in out, out
    a = run(cl, 1, "migtest sum /big")
    b = run(cl, 1, "migtest sum /big2")
    assert re.match(r"sum [0-9a-f]{8} bytes [1-9]\d+", a), a
    assert a == b


def test_pipeline_with_its_consumer_away(e1000):
    """producer | consumer at home, the consumer moved to node 2 while it
    reads the pipe: every line arrives, in order."""
    cl = e1000
    run(cl, 1, "rm -f /cons.pid /cons.out")
    start_bg(cl, 1, "migtest produce 3000 | migtest consume /cons.pid > /cons.out")
    pid = int(wait_for("the consumer's pid",
                       lambda: (lambda t: (t.strip().isdigit(), t.strip()))(
                           run(cl, 1, "cat /cons.pid")), RUN_TIMEOUT))
    migrate(cl, 1, pid, 2)
    wait_for("the consumer done", file_has(cl, 1, "/cons.out", r"consumed"), RUN_TIMEOUT)
    assert "consumed 3000 lines, 0 out of order" in run(cl, 1, "cat /cons.out")


def test_process_blocked_reading_the_home_console_is_moved_and_gets_the_line(e1000):
    cl = e1000
    m = console_send(cl, 1, "migtest -m 2 readline\n", r"pid (\d+) runs on node 2.*\n.*reading")
    pid = int(m.group(1))
    wait_for("the guest waits in its read at home",
             lambda: (lambda t: (re.search(r"^%d migtest home 1 call" % pid, t, re.M) is not None,
                                 t))(run(cl, 2, "cat /proc/cluster/guests")), RUN_TIMEOUT)
    out = run(cl, 2, "migrate %d home; echo status=$?" % pid, timeout=MOVE_TIMEOUT)
    assert "status=0" in out, out
    wait_for("the process is home", lambda: (lambda t: (t.strip() == "1", t))(
        run(cl, 2, "cat /proc/cluster/guests; echo 1")), RUN_TIMEOUT)
    out = run(cl, 1, "hello there", timeout=RUN_TIMEOUT)
    assert "got: hello there (on node 1)" in out, out


def test_kill_from_the_node_where_it_runs(e1000):
    cl = e1000
    pid = start_bg(cl, 1, "spin 600 > /dev/null")
    migrate(cl, 1, pid, 3)
    run(cl, 3, "kill %d" % pid)
    out = run(cl, 1, "wait %d; echo status=$?" % pid, timeout=RUN_TIMEOUT)
    assert "status=143" in out or "status=127" in out, out
    assert "No such file" in run(cl, 1, "cat /proc/%d/where" % pid)


def test_a_node_without_room_refuses_with_the_reason(e1000):
    """Node 2 keeps 36 of its 64 MiB busy: a 24 MiB process is refused
    there with the reason, stays home, and finishes; nothing panics."""
    cl = e1000
    run(cl, 2, "rm -f /big.stop /big.out")
    run(cl, 1, "rm -f /m24.stop /m24.out")
    big = start_bg(cl, 2, "memfill -s /big.stop 36 > /big.out")
    wait_for("node 2's memfill filled", file_has(cl, 2, "/big.out", r"36 MiB filled"),
             RUN_TIMEOUT)
    pid = start_bg(cl, 1, "memfill -s /m24.stop 24 > /m24.out")
    wait_for("node 1's memfill filled", file_has(cl, 1, "/m24.out", r"24 MiB filled"),
             RUN_TIMEOUT)
    out = run(cl, 1, "migrate %d 2; echo status=$?" % pid, timeout=MOVE_TIMEOUT)
    assert "no memory" in out and "status=1" in out, out
    assert where(cl, 1, pid) == "1"
    assert re.search(r"^mig_refused [1-9]", run(cl, 1, "mosctl stats"), re.M)
    run(cl, 1, "touch /m24.stop")
    run(cl, 2, "touch /big.stop")
    assert "status=0" in run(cl, 1, "wait %d; echo status=$?" % pid, timeout=RUN_TIMEOUT)
    assert "status=0" in run(cl, 2, "wait %d; echo status=$?" % big, timeout=RUN_TIMEOUT)


def test_expel_and_bring_empty_a_node(e1000):
    """mosctl expel on node 2 sends its guests (from nodes 1 and 3) home;
    mosctl bring on node 1 brings its processes home from 2 and 3."""
    cl = e1000
    a = start_bg(cl, 1, "spin 600 > /dev/null")
    b = start_bg(cl, 3, "spin 600 > /dev/null")
    c = start_bg(cl, 1, "spin 600 > /dev/null")
    try:
        migrate(cl, 1, a, 2)
        migrate(cl, 3, b, 2)
        out = run(cl, 2, "mosctl expel; echo status=$?", timeout=MOVE_TIMEOUT)
        assert "expel: 2 asked to go home, 0 left" in out and "status=0" in out, out
        assert where(cl, 1, a) == "1" and where(cl, 3, b) == "3"
        assert run(cl, 2, "cat /proc/cluster/guests").strip() == ""
        migrate(cl, 1, a, 2)
        migrate(cl, 1, c, 3)
        out = run(cl, 1, "mosctl bring; echo status=$?", timeout=MOVE_TIMEOUT)
        assert "bring: 2 asked to go home, 0 left" in out and "status=0" in out, out
        assert where(cl, 1, a) == "1" and where(cl, 1, c) == "1"
        assert run(cl, 1, "cat /proc/cluster/deputies").strip() == ""
    finally:
        run(cl, 1, "kill -9 %d %d" % (a, c))
        run(cl, 3, "kill -9 %d" % b)


def test_kill_from_a_third_node_goes_through_home(e1000):
    """kill on node 3 of a process of node 1's running on node 2: node 3
    sends it to the pid's home, which passes it on; a pid nobody has is
    ESRCH from any node."""
    cl = e1000
    pid = start_bg(cl, 1, "spin 600 > /dev/null")
    migrate(cl, 1, pid, 2)
    out = run(cl, 3, "kill %d; echo status=$?" % pid)
    assert "status=0" in out, out
    out = run(cl, 1, "wait %d; echo status=$?" % pid, timeout=RUN_TIMEOUT)
    assert "status=143" in out, out
    out = run(cl, 3, "kill %d; echo status=$?" % pid)
    assert "status=1" in out, out   # gone: no such process, at home either
    out = run(cl, 3, "kill 900001; echo status=$?")
    assert "status=1" in out, out   # the home of that pid is no node


def test_kill_of_a_process_group_that_spans_three_nodes(e1000):
    """A pipeline of node 1 with one member on each node is one process
    group; kill -TERM -PGID on node 2 goes to the group's home, which
    signals every member (those away through their deputies) exactly
    once, and the whole job ends."""
    cl = e1000
    # Moved with migrate, not by themselves: the kernel's "moved" lines come
    # before a prompt, never inside the next command's answer.
    last = start_bg(cl, 1, "spin 600 | spin 600 | spin 600 > /dev/null")
    pgid = int(re.search(r"Pgid:\s+(\d+)", run(cl, 1, "cat /proc/%d/status" % last)).group(1))
    assert pgid != last   # the group is the pipeline's first process
    members = [p for p in range(pgid, last + 1)
               if re.search(r"Pgid:\s+%d\b" % pgid, run(cl, 1, "cat /proc/%d/status" % p))]
    assert len(members) == 3 and members[-1] == last, members
    migrate(cl, 1, members[0], 2)
    migrate(cl, 1, members[1], 3)
    out = run(cl, 2, "kill -TERM -%d; echo status=$?" % pgid)
    assert "status=0" in out, out
    out = run(cl, 1, "wait %d; echo status=$?" % last, timeout=RUN_TIMEOUT)
    assert "status=143" in out, out
    def gone():
        views = [run(cl, 2, "cat /proc/cluster/guests"), run(cl, 3, "cat /proc/cluster/guests"),
                 run(cl, 1, "ps")]
        return not any("spin" in v for v in views), views
    wait_for("every member gone", gone, RUN_TIMEOUT)
    out = run(cl, 3, "kill -TERM -%d; echo status=$?" % pgid)
    assert "status=1" in out, out   # no member left, at home either
    out = run(cl, 3, "kill -TERM -900001; echo status=$?")
    assert "status=1" in out, out   # the home of that group is no node


def test_ctrl_c_at_home_reaches_the_foreground_process_away(e1000):
    cl = e1000
    m = console_send(cl, 1, "migtest -m 3 spin\n", r"pid (\d+) runs on node 3")
    pid = int(m.group(1))
    console_send(cl, 1, "\x03")
    wait_for("the process is gone", lambda: (lambda t: ("No such file" in t, t))(
        run(cl, 1, "cat /proc/%d/where" % pid)), RUN_TIMEOUT)
    assert str(pid) not in run(cl, 3, "cat /proc/cluster/guests")


def test_stop_and_continue_at_home(e1000):
    cl = e1000
    pid = start_bg(cl, 1, "migtest -m 2 spin > /dev/null")
    wait_for("it runs on node 2", lambda: (lambda t: (t.strip() == "2", t))(
        run(cl, 1, "cat /proc/%d/where" % pid)), RUN_TIMEOUT)
    state = lambda: re.search(r"State:\s+(\w)", run(cl, 2, "cat /proc/%d/status" % pid)).group(1)
    run(cl, 1, "kill -STOP %d" % pid)
    wait_for("stopped on node 2", lambda: (lambda s: (s == "T", s))(state()), RUN_TIMEOUT)
    run(cl, 1, "kill -CONT %d" % pid)
    wait_for("running on node 2", lambda: (lambda s: (s == "R", s))(state()), RUN_TIMEOUT)
    out = run(cl, 1, "kill -9 %d; wait %d; echo status=$?" % (pid, pid), timeout=RUN_TIMEOUT)
    assert "status=137" in out, out


def test_ctrl_z_at_home_stops_the_foreground_process_away_and_bg_fg_resume_it(e1000):
    """Job control of a job that runs on node 3: Ctrl-Z at home stops it
    there, and its stop comes home, where the shell's waitpid WUNTRACED
    sees it ("Stopped"); bg resumes it, kill ends it."""
    cl = e1000
    m = console_send(cl, 1, "migtest -m 3 spin\n", r"pid (\d+) runs on node 3")
    pid = int(m.group(1))
    console_send(cl, 1, "\x1a", r"\[\d+\] \+ Stopped\s+migtest -m 3 spin")
    state = lambda: re.search(r"State:\s+(\w)", run(cl, 3, "cat /proc/%d/status" % pid)).group(1)
    assert state() == "T"
    assert re.search(r"\+ Stopped\s+migtest", run(cl, 1, "jobs")), run(cl, 1, "jobs")
    assert "migtest -m 3 spin" in run(cl, 1, "bg")
    wait_for("running on node 3", lambda: (lambda s: (s == "R", s))(state()), RUN_TIMEOUT)
    assert re.search(r"\+ Running\s+migtest", run(cl, 1, "jobs")), run(cl, 1, "jobs")
    out = run(cl, 1, "kill %d; wait %d; echo status=$?" % (pid, pid), timeout=RUN_TIMEOUT)
    assert "status=143" in out, out


def test_nanosleep_moved_mid_sleep_sleeps_the_rest(e1000):
    cl = e1000
    run(cl, 1, "rm -f /sl.out")
    pid = start_bg(cl, 1, "migtest sleep 20000 > /sl.out")
    wait_for("asleep", file_has(cl, 1, "/sl.out", r"sleeping"), RUN_TIMEOUT)
    migrate(cl, 1, pid, 2)
    out = run(cl, 1, "wait %d; echo status=$?" % pid, timeout=RUN_TIMEOUT)
    assert "status=0" in out, out
    m = re.search(r"slept (\d+) ms, result 0, on node 2", run(cl, 1, "cat /sl.out"))
    assert m, run(cl, 1, "cat /sl.out")
    assert 20000 <= int(m.group(1)) < 30000   # the rest of it: not none, not all again


def test_clocks_never_go_back_across_10_moves(e1000):
    cl = e1000
    run(cl, 1, "rm -f /ck.stop /ck.out")
    pid = start_bg(cl, 1, "migtest clock /ck.stop > /ck.out")
    for node in (2, 3, 2, 3, 2):
        migrate(cl, 1, pid, node)
        migrate(cl, 1, pid, "home")
    assert run(cl, 1, "cat /proc/%d/nmigs" % pid).strip() == "10"
    out = run(cl, 1, "touch /ck.stop; wait %d; echo status=$?" % pid, timeout=RUN_TIMEOUT)
    assert "status=0" in out, out
    assert re.search(r"clock: [1-9]\d* readings, 0 went back", run(cl, 1, "cat /ck.out"))


def meminfo(cl, i):
    text = run(cl, i, "cat /proc/meminfo")
    return {k: int(v) for k, v in re.findall(r"^(\w+):\s+(\d+) kB", text, re.M)}


def test_20_moves_leave_memory_where_it_was(e1000):
    cl = e1000
    run(cl, 1, "rm -f /lk.stop")
    pid = start_bg(cl, 1, "memfill -s /lk.stop 1 > /dev/null")
    migrate(cl, 1, pid, 2)      # warm-up: buffers of the first move stay in the heap
    migrate(cl, 1, pid, "home")
    before = {i: meminfo(cl, i) for i in (1, 2)}
    for _ in range(10):
        migrate(cl, 1, pid, 2)
        migrate(cl, 1, pid, "home")
    after = {i: meminfo(cl, i) for i in (1, 2)}
    out = run(cl, 1, "touch /lk.stop; wait %d; echo status=$?" % pid, timeout=RUN_TIMEOUT)
    assert "status=0" in out, out
    for i in (1, 2):
        assert after[i]["MemFree"] >= before[i]["MemFree"] - 64, (i, before[i], after[i])
        assert after[i]["KernelHeapUsed"] <= before[i]["KernelHeapUsed"] + 16, (i, before[i], after[i])


def test_target_killed_with_part_of_the_image_leaves_the_process_at_home():
    """The link to the target breaks after 2 MB of an 8 MiB image (an nft
    quota: a fixed point, not a race), the target is paused from its QEMU
    monitor and killed: the move fails with the reason, the process runs
    on at home with every word of its memory intact, and ends normally."""
    cl = Cluster(n=2, nic="e1000", mem=64, append=FAST, name="migcut-%d" % os.getpid())
    cl.start()
    try:
        cl.wait_ready()
        for i in (1, 2):
            cl.wait_log(i, r"init: starting /bin/sh")
        wait_all_up(cl)
        pid = start_bg(cl, 1, "memfill -s /mf.stop 8 > /mf.out")
        wait_for("memfill filled its memory", file_has(cl, 1, "/mf.out", r"8 MiB filled"),
                 RUN_TIMEOUT)
        cl.cut_after(2, 2000000)
        mig = start_bg(cl, 1, "migrate %d 2 > /mg.out 2>&1" % pid)
        wait_for("frames to node 2 dropped past the quota",
                 lambda: (lambda n: (n > 0, n))(cl.cut_drops()), RUN_TIMEOUT)
        cl.pause(2)
        cl.kill_node(2)
        out = run(cl, 1, "wait %d; echo status=$?" % mig, timeout=RUN_TIMEOUT)
        assert "status=1" in out, out
        assert re.search(r"migrate: %d: .*target (went down|unreachable)" % pid, run(cl, 1, "cat /mg.out"))
        assert where(cl, 1, pid) == "1"
        assert run(cl, 1, "cat /proc/%d/nmigs" % pid).strip() == "0"
        assert "No such file" not in run(cl, 1, "cat /proc/%d/status" % pid)
        out = run(cl, 1, "touch /mf.stop; wait %d; echo status=$?" % pid, timeout=RUN_TIMEOUT)
        assert "status=0" in out, out
        out = run(cl, 1, "cat /mf.out")
        assert re.search(r"memfill: 8 MiB, [1-9]\d* rounds, 0 bad words", out), out
        cl.check_forbidden()
    finally:
        cl.stop()


@pytest.mark.soak
def test_a_move_across_a_lossy_link_arrives(e1000):
    """A 1 MiB process moved with 30% of the bridge's frames dropped. Part of
    make soak, not make test: a move takes 5 s to minutes at that loss, and
    on a loaded host one move home stalled past the arrival's 120 s hold
    (see the closing notes of the migration issue)."""
    cl = e1000
    run(cl, 1, "rm -f /ls.stop /ls.out")
    pid = start_bg(cl, 1, "memfill -s /ls.stop 1 > /ls.out")
    wait_for("filled", file_has(cl, 1, "/ls.out", r"filled"), RUN_TIMEOUT)
    cl.set_loss(30)
    try:
        migrate(cl, 1, pid, 2, LOSSY_MOVE_TIMEOUT)
        migrate(cl, 1, pid, "home", LOSSY_MOVE_TIMEOUT)
    finally:
        cl.set_loss(0)
    out = run(cl, 1, "touch /ls.stop; wait %d; echo status=$?" % pid, timeout=RUN_TIMEOUT)
    assert "status=0" in out, out
    assert re.search(r"0 bad words", run(cl, 1, "cat /ls.out"))


def test_usertests_full_suite_runs_on_node_2_from_its_start(e1000):
    """mosrun -j 2 usertests: the whole suite on node 2 (each case a child
    forked there, execs of home files, waits, signals, pipes, every file
    call forwarded home, a fork storm to the process table's end), and
    nothing skipped. The fork storm once wedged both nodes: the cluster
    thread spun on calls the transport had no room for, and in a kernel
    without preemption the network thread never ran again."""
    cl = e1000
    before = int(re.search(r"mig_calls_served (\d+)",
                           run(cl, 1, "cat /proc/cluster/stats")).group(1))
    out = run(cl, 1, "mosrun -j 2 usertests; echo status=$?", timeout=USERTESTS_AWAY_TIMEOUT)
    assert "ALL TESTS PASSED" in out and "status=0" in out, out
    assert "FAILED" not in out and "SKIP" not in out, out
    assert "forkstorm: OK" in out and "pageleak: OK" in out, out
    after = int(re.search(r"mig_calls_served (\d+)",
                          run(cl, 1, "cat /proc/cluster/stats")).group(1))
    assert after - before > 100, (before, after)   # it ran away from home


def test_fork_exec_wait_and_a_pipeline_away_from_home(e1000):
    """A shell started on node 2 from the home shell runs a pipeline there:
    fork, execve, pipes, exit and wait, all away from home, with the files at
    home."""
    cl = e1000
    run(cl, 1, "rm -f /pipe.out")
    out = run(cl, 1, "mosrun -j 2 sh -c 'migtest produce 500 | grep 4 | wc -l > /pipe.out';"
              " echo status=$?", timeout=RUN_TIMEOUT)
    assert "status=0" in out, out
    want = sum(1 for k in range(500) if "4" in str(k))
    assert run(cl, 1, "cat /pipe.out").split()[0] == str(want)
    # The children ran on node 2: its guests' pids came from home.
    stats = run(cl, 2, "cat /proc/cluster/stats")
    assert int(re.search(r"mig_calls_forwarded (\d+)", stats).group(1)) > 0
