#!/usr/bin/python3
"""Process migration against raw UDP between the same two nodes, in one run
(bridged tap network, e1000, TCG). Run: make bench-migrate (root).

  moves:  memfill processes of 64 KiB, 1 MiB and 8 MiB moved node 1 -> 2
          (the kernel's "moved ... in N ms": from the freeze point to the
          process running on node 2, which is also how long it is frozen:
          the image is copied while it is stopped), next to udpblast -r
          moving the same bytes to node 2's receipt service (udpsink=: each
          datagram answered by 4 bytes, as the transport's ACKs are small)
  calls:  a forwarded null call (getppid of a process on node 2, run by its
          deputy on node 1: sysbench null), next to the transport's own
          request/reply (mosctl ping), a raw UDP request/reply (udpblast
          -w 1 against udpecho=) and a local call (getpid at home)

Medians of ROUNDS runs (argument 1, default 5). The last line is
  bench-migrate: throughput-ratio=R freeze-8MiB-ms=T call-overhead=O call-ratio=C
R: 8 MiB migration throughput over raw UDP's; O: forwarded call over the
transport's request/reply; C: forwarded call over raw UDP request/reply.
"""
import os
import re
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "cluster"))
from netcluster import Cluster, node_ip      # noqa: E402
from ssitools import console_run, parse_nodes  # noqa: E402

ROUNDS = int(sys.argv[1]) if len(sys.argv) > 1 else 5
ECHO_PORT, SINK_PORT = 7, 9
SIZES = [("64 KiB", "-k 64"), ("1 MiB", "1"), ("8 MiB", "8")]
NULL_CALLS = 300
CHUNK = 1400        # payload per datagram, as the transport's chunks
WINDOW = 64         # datagrams in flight, as the transport's window


def med(v):
    return statistics.median(v) if v else float("nan")


class Bench:
    def __init__(self, cl):
        self.cl = cl
        self.windows = set()   # udpblast windows that moved data without a loss

    def run(self, i, cmd, timeout=600):
        return console_run(self.cl.node(i)["console"], cmd, timeout=timeout)

    def wait(self, what, check, timeout=300):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if check():
                return
            time.sleep(0.5)
        raise RuntimeError("%s: not within %d s" % (what, timeout))

    def move_ms(self, pid, node):
        """Move pid from node 1 to node (and back): the kernel's time of the
        way out, read from node 1's console log."""
        mark = len(self.cl.log(1))
        out = self.run(1, "migrate %d %d" % (pid, node))
        if "runs on node %d" % node not in out:
            raise RuntimeError("migrate failed: " + out)
        pat = r"pid %d \(memfill\) moved to node %d in (\d+) ms" % (pid, node)
        self.wait("the move's log line", lambda: re.search(pat, self.cl.log(1)[mark:]), 60)
        ms = int(re.search(pat, self.cl.log(1)[mark:]).group(1))
        out = self.run(1, "migrate %d home" % pid)
        if "runs on node 1" not in out:
            raise RuntimeError("migrate home failed: " + out)
        return ms

    def raw_send_s(self, nbytes, peer):
        """Seconds udpblast -r takes to move nbytes to peer: with the
        transport's window, or a smaller one when that loses datagrams (raw
        UDP has no retransmission: a lost datagram waits out a timeout,
        which is not a speed). None if even a window of 4 loses."""
        n = (nbytes + CHUNK - 1) // CHUNK
        window = WINDOW
        while window >= 4:
            out = self.run(1, "udpblast -r -p %d -n %d -s %d -w %d -t 300 %s"
                           % (SINK_PORT, n, CHUNK, window, peer))
            m = re.search(r"bytes: \d+ receipted in ([\d.]+) s", out)
            lost = re.search(r"lost (\d+)", out)
            if m and lost and lost.group(1) == "0":
                self.windows.add(window)
                return float(m.group(1))
            window //= 2
        return None

    def moves(self, peer):
        rows = []
        for name, arg in SIZES:
            self.run(1, "rm -f /bm.stop /bm.out")
            out = self.run(1, "memfill -s /bm.stop %s > /bm.out & echo pid=$!" % arg)
            pid = int(re.search(r"pid=(\d+)", out).group(1))
            self.wait("memfill filled", lambda: "filled" in self.run(1, "cat /bm.out"))
            kb = int(re.search(r"VmKB:\s+(\d+)", self.run(1, "cat /proc/%d/status" % pid)).group(1))
            mig, raw = [], []
            for _ in range(ROUNDS):
                mig.append(self.move_ms(pid, 2))
                s = self.raw_send_s(kb * 1024, peer)
                if s is not None:
                    raw.append(s * 1000)
            self.run(1, "touch /bm.stop")
            self.run(1, "wait %d" % pid)
            if "0 bad words" not in self.run(1, "cat /bm.out"):
                raise RuntimeError("memfill saw bad words: " + self.run(1, "cat /bm.out"))
            rows.append((name, kb, med(mig), med(raw)))
        return rows

    def calls(self, peer):
        fwd, local, home_env, tp, raw = [], [], [], [], []
        rate = lambda out, what: float(re.search(r"%s: \d+ in [\d.]+ s = (\d+) per second"
                                                 % re.escape(what), out).group(1))
        for _ in range(ROUNDS):
            out = self.run(1, "mosrun -j 2 sysbench null %d" % NULL_CALLS)
            fwd.append(1000.0 / rate(out, "getppid (enveloped)"))
            out = self.run(1, "sysbench null %d" % (NULL_CALLS * 20))
            local.append(1000.0 / rate(out, "getpid (local)"))
            home_env.append(1000.0 / rate(out, "getppid (enveloped)"))
            m = re.search(r"rtt min/avg/max = [\d.]+/([\d.]+)/", self.run(1, "mosctl ping 2 64 200"))
            if m:
                tp.append(float(m.group(1)))
            out = self.run(1, "udpblast -p %d -n 200 -s 64 -w 1 %s" % (ECHO_PORT, peer))
            m = re.search(r"rtt min/avg/max = [\d.]+/([\d.]+)/", out)
            if m:
                raw.append(float(m.group(1)))
        return med(fwd), med(local), med(home_env), med(tp), med(raw)


def main():
    cl = Cluster(n=2, nic="e1000", mem=64,
                 append="udpecho=%d udpsink=%d" % (ECHO_PORT, SINK_PORT),
                 name="bench-migrate-%d" % os.getpid())
    cl.start()
    try:
        cl.wait_ready()
        for i in (1, 2):
            cl.wait_log(i, r"init: starting /bin/sh")
        b = Bench(cl)
        b.wait("node 2 up", lambda: parse_nodes(b.run(1, "cat /proc/cluster/nodes"))
               .get(2, (None, None))[1] == "up", 120)
        peer = node_ip(2)
        rows = b.moves(peer)
        fwd, local, home_env, tp, rawcall = b.calls(peer)
    finally:
        cl.stop()

    print("process   image KiB   migrate ms   raw UDP ms   MB/s migrate   MB/s raw   ratio")
    for name, kb, mig, raw in rows:
        mbs = lambda ms: kb * 1024 / (ms / 1000.0) / 1e6 if ms == ms and ms > 0 else float("nan")
        print("%-8s %10d %12.0f %12.0f %14.2f %10.2f %7.2f"
              % (name, kb, mig, raw, mbs(mig), mbs(raw), raw / mig if mig else float("nan")))
    print("(raw UDP: 1400-byte datagrams, window %s)" % "/".join(str(w) for w in sorted(b.windows)))
    print("freeze (stopped to running on node 2), 8 MiB: %.0f ms" % rows[-1][2])
    print("forwarded null call (getppid away):   %8.3f ms" % fwd)
    print("transport request/reply (mosctl ping): %8.3f ms" % tp)
    print("raw UDP request/reply (64 B echo):     %8.3f ms" % rawcall)
    print("local call (getpid at home):           %8.4f ms" % local)
    print("enveloped call at home (getppid):      %8.4f ms" % home_env)
    name, kb, mig8, raw8 = rows[-1]
    print("bench-migrate: throughput-ratio=%.2f freeze-8MiB-ms=%.0f call-overhead=%.2f "
          "call-ratio=%.2f" % (raw8 / mig8, mig8, fwd / tp, fwd / rawcall))


if __name__ == "__main__":
    main()
