#!/usr/bin/python3
"""The cluster transport against raw UDP between the same two nodes, in
one run (bridged tap network, e1000, TCG). Run: make bench-cluster (root).

  throughput: a 4 MiB message over the reliable transport (mosctl send)
              next to udpblast's datagrams to node 2's kernel echo service
  round trip: 200 64-byte requests/replies over the transport, one after
              another (mosctl ping 2 64 200), next to 200 64-byte UDP
              datagrams and their echoes (udpblast -w 1): the averages
Each figure is the median of 5 rounds (an argument sets how many): the
rounds of a shared host under TCG vary by up to 30%.
"""
import os
import re
import statistics
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "cluster"))
from netcluster import Cluster          # noqa: E402
from ssitools import console_run        # noqa: E402

ROUNDS = int(sys.argv[1]) if len(sys.argv) > 1 else 5
ECHO_PORT = 7


def main():
    cl = Cluster(n=2, nic="e1000", append="udpecho=%d" % ECHO_PORT, mem=64,
                 name="bench-cluster-%d" % os.getpid())
    cl.start()
    try:
        cl.wait_ready()
        for i in (1, 2):
            cl.wait_log(i, r"init: starting /bin/sh")
        con = cl.node(1)["console"]
        for _ in range(60):
            if re.search(r"^2\s+\S+\s+up", console_run(con, "cat /proc/cluster/nodes"), re.M):
                break
        tp_rate, raw_rate, tp_rtt, raw_rtt = [], [], [], []
        for _ in range(ROUNDS):
            out = console_run(con, "mosctl send 2 4194304", timeout=600)
            m = re.search(r"\((\d+) kbit/s\)", out)
            if m:
                tp_rate.append(int(m.group(1)) / 1000.0)
            out = console_run(con, "udpblast -p %d -n 3000 -s 1400 -w 16 10.77.0.12" % ECHO_PORT,
                              timeout=600)
            m = re.search(r"throughput: ([\d.]+) Mbit/s", out)
            if m:
                raw_rate.append(float(m.group(1)))
            out = console_run(con, "mosctl ping 2 64 200")
            m = re.search(r"rtt min/avg/max = [\d.]+/([\d.]+)/", out)
            if m:
                tp_rtt.append(float(m.group(1)))
            out = console_run(con, "udpblast -p %d -n 200 -s 64 -w 1 10.77.0.12" % ECHO_PORT)
            m = re.search(r"rtt min/avg/max = [\d.]+/([\d.]+)/", out)
            if m:
                raw_rtt.append(float(m.group(1)))
        med = lambda v: statistics.median(v) if v else float("nan")
        print("transport 4 MiB message:   %8.2f Mbit/s (one way, acknowledged)" % med(tp_rate))
        print("raw UDP (echoed, 1400 B):  %8.2f Mbit/s (each datagram crosses twice)"
              % med(raw_rate))
        print("throughput ratio transport/raw: %.2f" % (med(tp_rate) / med(raw_rate)))
        print("link bytes ratio transport/(2 x raw): %.2f" % (med(tp_rate) / (2 * med(raw_rate))))
        print("transport request/reply:   %8.3f ms" % med(tp_rtt))
        print("raw UDP round trip:        %8.3f ms" % med(raw_rtt))
        print("round trip ratio transport/raw: %.1f" % (med(tp_rtt) / med(raw_rtt)))
    finally:
        cl.stop()


if __name__ == "__main__":
    main()
