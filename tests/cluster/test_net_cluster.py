"""Cluster-wide network tests through qemu/cluster: a mixed cluster (one node
of each NIC model), DHCP from the namespace, the VDE switch mode, and the
NE2000 on ISA."""
import os
import re
import time

import pytest

import netcluster
from ssitools import console_run, parse_nodes
from netcluster import Cluster, node_ip

pytestmark = [
    pytest.mark.skipif(os.geteuid() != 0, reason="the bridged tap network needs root"),
    pytest.mark.skipif(not os.path.exists(netcluster.KERNEL),
                       reason="%s is missing (run make)" % netcluster.KERNEL),
]


def started(c):
    c.start()
    try:
        c.wait_ready()
    except Exception:
        c.stop()
        raise
    return c


def test_mixed_cluster_all_answer():
    c = started(Cluster(n=3, nic="mixed", append="udpecho=7", name="net-mixed",
                        node_append={1: "peerping=%s,%s" % (node_ip(2), node_ip(3)),
                                     2: "peercheck=%s" % node_ip(3),
                                     3: "peerping=%s" % node_ip(1)}))
    try:
        models = [c.node(i)["nic"] for i in (1, 2, 3)]
        assert sorted(models) == ["e1000", "ne2k_pci", "rtl8139"]
        for i in (1, 2, 3):
            assert "eth0: %s at" % models[i - 1] in c.log(i)
            assert c.ns_tool("ping", node_ip(i), "--count", 10)["received"] == 10
            r = c.ns_tool("echo", node_ip(i), "--count", 1000, "--window", 1,
                          "--maxsize", 8192, "--bigshare", 0.05)
            assert r["ok"] == 1000, r
        for i, peers in ((1, (2, 3)), (2, (3,)), (3, (1,))):
            for p in peers:
                m = c.wait_log(i, r"peercheck: %s: ping (\d+)/(\d+)" % re.escape(node_ip(p)),
                               netcluster.PEERCHECK_TIMEOUT)
                assert m.group(1) == m.group(2), m.group(0)
        m = c.wait_log(2, r"peercheck: %s: udp (\d+)/(\d+) intact, 0 lost, 0 corrupt"
                       % re.escape(node_ip(3)), netcluster.PEERCHECK_TIMEOUT)
        assert m.group(1) == m.group(2)
    finally:
        c.stop()


def test_dhcp_when_no_address_given():
    # Two nodes without ip=: each asks DHCP, and its cluster layer starts
    # once the address is there.
    c = started(Cluster(n=2, nic="e1000", dhcp=True, name="net-dhcp",
                        append="gossip_ms=500"))
    try:
        addrs = {}
        for i in (1, 2):
            m = c.wait_log(i, r"net: eth0: address (10\.77\.0\.1\d\d) netmask 255\.255\.255\.0 "
                              r"gateway [\d.]+ \(DHCP, from server 10\.77\.0\.1\)")
            addrs[i] = m.group(1)
            assert "no ip= on the command line, asking DHCP" in c.log(i)
            assert c.ns_tool("ping", addrs[i], "--count", 5)["received"] == 5
        ids = {}
        for i in (1, 2):
            m = c.wait_log(i, r"cluster: node (\d+) at %s" % re.escape(addrs[i]))
            ids[i] = int(m.group(1))
        for i, other in ((1, 2), (2, 1)):
            c.wait_log(i, r"init: starting /bin/sh")
            deadline = time.monotonic() + 60
            while True:
                nodes = parse_nodes(console_run(c.node(i)["console"], "cat /proc/cluster/nodes"))
                if nodes.get(ids[other]) == (addrs[other], "up"):
                    break
                assert time.monotonic() < deadline, nodes
                time.sleep(1)
    finally:
        c.stop()


def test_vde_switch_nodes_reach_each_other():
    c = started(Cluster(n=2, nic="rtl8139", net="vde", append="udpecho=7", name="net-vde",
                        node_append={1: "peercheck=%s" % node_ip(2)}))
    try:
        assert c.info["netns"] is None
        m = c.wait_log(1, r"peercheck: %s: ping (\d+)/(\d+)" % re.escape(node_ip(2)),
                       netcluster.PEERCHECK_TIMEOUT)
        assert m.group(1) == m.group(2)
        m = c.wait_log(1, r"peercheck: %s: udp (\d+)/(\d+) intact, 0 lost, 0 corrupt"
                       % re.escape(node_ip(2)), netcluster.PEERCHECK_TIMEOUT)
        assert m.group(1) == m.group(2)
    finally:
        c.stop()


@pytest.mark.parametrize("where,banner", [
    (None, "eth0: ne2k_isa at 300 irq 9"),           # the default place
    ("0x320,10", "eth0: ne2k_isa at 320 irq 10"),    # named on the command line
])
def test_ne2000_on_isa(where, banner):
    c = started(Cluster(n=1, nic="ne2k_isa", ne2k_isa=where, append="udpecho=7",
                        name="net-isa-%s" % (where or "default").replace(",", "-")))
    try:
        if where:
            assert "ne2k_isa=%s" % where in c.log(1)
        assert banner in c.log(1)
        assert c.ns_tool("ping", node_ip(1), "--count", 10)["received"] == 10
        r = c.ns_tool("echo", node_ip(1), "--count", 500, "--window", 1)
        assert r["ok"] == 500, r
    finally:
        c.stop()
