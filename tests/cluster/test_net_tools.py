"""The user-level network tools on a 2-node e1000 cluster (one cluster for
the whole module): ifconfig and /proc/pci, ping (icmp_echo system call),
udpecho and udpblast (UDP sockets from user programs), ping answered
while the node is busy with CPU-bound processes, and the error paths of
the socket calls (userland/bin/socktest.c).
"""
import os
import re
import time

import pytest

import netcluster
from netcluster import HOST_IP, Cluster, node_ip
from ssitools import console_run

ECHO_PORT = 7
BLAST_COUNT = 2000

pytestmark = [
    pytest.mark.skipif(os.geteuid() != 0, reason="the bridged tap network needs root"),
    pytest.mark.skipif(not os.path.exists(netcluster.KERNEL),
                       reason="%s is missing (run make)" % netcluster.KERNEL),
]


@pytest.fixture(scope="module")
def cl():
    c = Cluster(n=2, nic="e1000", name="net-tools-%d" % os.getpid())
    c.start()
    try:
        c.wait_ready()
        yield c
        c.check_forbidden()
    finally:
        c.stop()


def run(c, i, cmd, timeout=120):
    """A shell command on node i's console; its output."""
    return console_run(c.node(i)["console"], cmd, timeout=timeout)


def drop_counters(c):
    """Every layer's drop counters on both nodes (card and ring, stack,
    sockets) and the bridge's: what a failed transfer test prints."""
    text = ""
    for i in (1, 2):
        text += "\n--- node %d\n" % i + run(c, i, "cat /proc/net/dev /proc/net/stack /proc/net/udp")
    return text + "\n--- namespace\n" + c.ns("ip", "-s", "link", check=False)


# First in the module: node 1 has not yet sent anything to the host end of
# the bridge, so it does not know its MAC when the burst starts.
def test_first_burst_to_a_new_peer_loses_nothing(cl):
    """16 datagrams sent at once to an address whose MAC node 1 has never
    asked for: all of them wait for the ARP answer and none is dropped
    (lwIP's default keeps 3 per peer and drops the oldest without a word)."""
    server = cl.ns_tool_start("echoserver", "--port", ECHO_PORT)
    try:
        out = run(cl, 1, "udpblast -p %d -n 64 -w 16 -s 512 %s; echo status=$?"
                  % (ECHO_PORT, HOST_IP), timeout=300)
    finally:
        server.terminate()
        server.wait()
    if "datagrams: sent 64 ok 64 lost 0 bad 0" not in out or "status=0" not in out:
        pytest.fail(out + drop_counters(cl))


def test_ifconfig_shows_address_and_mac(cl):
    out = run(cl, 1, "ifconfig")
    assert "eth0:" in out
    assert re.search(r"inet %s\b" % re.escape(node_ip(1)), out), out
    assert cl.node(1)["mac"].lower() in out.lower(), out
    assert re.search(r"RX packets \d+  bytes \d+", out), out
    assert re.search(r"TX packets [1-9]\d*  bytes [1-9]\d*", out), out


def test_proc_pci_lists_the_ethernet_controller(cl):
    out = run(cl, 2, "cat /proc/pci")
    assert re.search(r"8086:100e .*Ethernet controller", out), out


def test_proc_net_dev(cl):
    out = run(cl, 2, "cat /proc/net/dev")
    assert re.search(r"eth0:\s+\d+\s+\d+", out), out


def rtt_ordered(out):
    """The rtt min/avg/max line of out is there and 0 < min <= avg <= max."""
    m = re.search(r"rtt min/avg/max = ([\d.]+)/([\d.]+)/([\d.]+) ms", out)
    assert m, out
    lo, avg, hi = (float(x) for x in m.groups())
    assert 0 < lo <= avg <= hi, out


def test_ping_between_nodes(cl):
    out = run(cl, 1, "ping -c 5 -i 0.2 %s" % node_ip(2))
    assert len(re.findall(r"bytes from %s: icmp_seq=\d+ time=[\d.]+ ms" % re.escape(node_ip(2)),
                          out)) == 5, out
    assert "5 packets transmitted, 5 received, 0% packet loss" in out, out
    rtt_ordered(out)


def test_ping_nobody_times_out(cl):
    out = run(cl, 1, "ping -c 2 -i 0 -W 0.3 10.77.0.99; echo status=$?")
    assert "2 packets transmitted, 0 received, 100% packet loss" in out, out
    assert "status=1" in out, out


def start_udpecho(c, i, port):
    """Start the user-space udpecho on node i in the background and wait
    until its socket is bound (listed in /proc/net/udp): a datagram that
    comes before finds no socket and is dropped, which is not a loss of
    the network's."""
    run(c, i, "udpecho -p %d > /dev/null &" % port)
    deadline = time.monotonic() + 120
    while not re.search(r"^\s*%d\s" % port, run(c, i, "cat /proc/net/udp"), re.M):
        if time.monotonic() > deadline:
            pytest.fail("node %d: udpecho not listening on port %d after 120 s" % (i, port))
        time.sleep(0.2)


def test_udpblast_against_udpecho(cl):
    start_udpecho(cl, 2, ECHO_PORT)
    out = run(cl, 1, "udpblast -p %d -n %d -w 4 %s; echo status=$?"
              % (ECHO_PORT, BLAST_COUNT, node_ip(2)), timeout=300)
    if "datagrams: sent %d ok %d lost 0 bad 0" % (BLAST_COUNT, BLAST_COUNT) not in out:
        pytest.fail(out + drop_counters(cl))
    assert re.search(r"throughput: [\d.]+ Mbit/s", out), out
    rtt_ordered(out)
    assert "status=0" in out, out
    out = run(cl, 1, "udpblast -p %d -n 200 -s 8000 %s" % (ECHO_PORT, node_ip(2)), timeout=300)
    if "datagrams: sent 200 ok 200 lost 0 bad 0" not in out:
        pytest.fail(out + drop_counters(cl))


def test_udpblast_without_server_counts_losses(cl):
    out = run(cl, 1, "udpblast -p 9 -n 50 -t 300 %s; echo status=$?" % node_ip(2))
    assert "datagrams: sent 50 ok 0 lost 50" in out, out
    assert "status=1" in out, out


def test_socket_error_paths(cl):
    out = run(cl, 1, "socktest")
    assert "socktest: ok" in out, out


def test_ping_answered_under_cpu_load(cl):
    pids = []
    for _ in range(2):
        m = re.search(r"pid=(\d+)", run(cl, 2, "spin 1000 > /dev/null & echo pid=$!"))
        assert m
        pids.append(m.group(1))
    try:
        r = cl.ns_tool("ping", node_ip(2), "--count", 5, "--interval", 0.2)
        assert r["received"] == 5, r
        out = run(cl, 1, "udpblast -p %d -n 200 %s" % (ECHO_PORT, node_ip(2)), timeout=300)
        assert "datagrams: sent 200 ok 200 lost 0 bad 0" in out, out
    finally:
        run(cl, 2, "kill %s" % " ".join(pids))
