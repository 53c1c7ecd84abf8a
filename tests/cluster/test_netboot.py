"""Diskless nodes and old PCs: nodes that boot over the network (the card's
PXE ROM, then GRUB, the kernel, the initrd and the cluster key by TFTP from
dnsmasq in the namespace; qemu/cluster --pxe), a Pentium at the CPU floor,
a 486 below it, and the PC without PCI (isapc) with an ISA NE2000."""
import os
import re

import pytest

import netcluster
from netcluster import Cluster, _alive
from ssitools import console_run, parse_nodes
from test_migrate import RUN_TIMEOUT, migrate, run, start_bg, wait_for, where
from test_net_cluster import started

pytestmark = [
    pytest.mark.skipif(os.geteuid() != 0, reason="the bridged tap network needs root"),
    pytest.mark.skipif(not os.path.exists(netcluster.KERNEL),
                       reason="%s is missing (run make)" % netcluster.KERNEL),
]

FAST = "gossip_ms=500 down_ms=5000"
CONVERGE_TIMEOUT = 90     # every node lists every other as up
GRUB_RETRY_TIMEOUT = 240  # the retry of a failed network boot (GRUB waits 30 s)
ADDRESS = r"net: eth0: address (10\.77\.0\.\d+) netmask 255\.255\.255\.0 gateway [\d.]+ %s"
FROM_DHCP = r"\(DHCP, from server 10\.77\.0\.1\)"


def _squeezed(text):
    """text without any whitespace."""
    return re.sub(r"\s+", "", text)


def wait_all_up(c, ids):
    """Every node lists every node of ids as up."""
    def check():
        views = {i: parse_nodes(console_run(c.node(i)["console"], "mosctl nodes"))
                 for i in range(1, c.n + 1)}
        ok = all(set(k for k, v in views[i].items() if v[1] == "up") == set(ids.values())
                 for i in views)
        return ok, views
    return wait_for("all nodes up everywhere", check, CONVERGE_TIMEOUT)


def test_pxe_cluster_of_three_cards():
    # One node of each PCI card, all booted over the network. Nodes 1 and 2
    # have a per-MAC file (node id, and a speed for node 2); node 3 has none
    # and boots with the tree's defaults: DHCP, its id from its address.
    c = started(Cluster(n=3, nic="mixed", pxe=True, pxe_bare=[3], append=FAST,
                        node_append={2: "speed=2500"}, name="pxe-mixed"))
    try:
        assert sorted(c.node(i)["nic"] for i in (1, 2, 3)) == ["e1000", "ne2k_pci", "rtl8139"]
        addrs, ids = {}, {}
        for i in (1, 2, 3):
            log = c.log(i)
            assert re.search(r"boot: GRUB \S+ over the network \(TFTP server 10\.77\.0\.1\)", log)
            assert "module 1: cluster.key" in log
            mac = c.node(i)["mac"]
            has_file = "cluster-os: settings for %s from nodes/%s.cfg" % (mac, mac) in log
            assert has_file == (i != 3), log
            addrs[i] = c.wait_log(i, ADDRESS % FROM_DHCP).group(1)
            ids[i] = int(c.wait_log(i, r"cluster: node (\d+) at %s," % re.escape(addrs[i])).group(1))
            c.wait_log(i, r"init: starting /bin/sh")
        assert ids[1] == 1 and ids[2] == 2
        assert ids[3] == int(addrs[3].split(".")[3])   # no file: the id is the address's host part
        assert re.search(r"cluster: node 2 at .*, speed 2500,", c.log(2))
        status = console_run(c.node(2)["console"], "mosctl status")
        assert re.search(r"^speed 2500$", status, re.M), status

        views = wait_all_up(c, ids)
        assert views[1][ids[3]][0] == addrs[3]
        # The smoke checks of a -kernel node: a shell that runs programs,
        # and every node pings every other.
        for i in (1, 2, 3):
            for j in (1, 2, 3):
                if i != j:
                    out = console_run(c.node(i)["console"], "ping -c 3 -i 0.2 %s" % addrs[j])
                    assert "3 packets transmitted, 3 received" in out, out
            # The namespace reaches it too.
            assert c.ns_tool("ping", addrs[i], "--count", 3)["received"] == 3
    finally:
        c.stop()


def test_pxe_beside_another_dhcp_server():
    # A LAN with a router that gives the addresses (10.77.0.2, in a namespace
    # of its own): our dnsmasq is a proxy DHCP server that only says what to
    # boot (tools/netboot-server.sh --proxy), and GRUB still loads its files
    # from us, not from the router.
    c = started(Cluster(n=2, nic="mixed", pxe=True, pxe_proxy=True, append=FAST,
                        name="pxe-proxy"))
    try:
        addrs = {}
        for i in (1, 2):
            assert "boot: GRUB" in c.log(i)
            assert re.search(r"over the network \(TFTP server 10\.77\.0\.1\)", c.log(i))
            addrs[i] = c.wait_log(i, ADDRESS % r"\(DHCP, from server 10\.77\.0\.2\)").group(1)
            c.wait_log(i, r"cluster: node %d at %s," % (i, re.escape(addrs[i])))
            c.wait_log(i, r"init: starting /bin/sh")
        wait_all_up(c, {1: 1, 2: 2})
    finally:
        c.stop()


def test_pxe_with_the_key_on_a_local_disk():
    # The key never crosses the network: the tree has none, and each node
    # finds it on its own disk (a small FAT image), the way docs/netboot.md
    # tells a real LAN to do it.
    c = started(Cluster(n=2, nic="e1000", pxe=True, pxe_key_disk=True, append=FAST,
                        name="pxe-keydisk"))
    try:
        assert not os.path.exists(os.path.join(c.info["tftp"], "cluster.key"))
        for i in (1, 2):
            assert re.search(r"cluster-os: cluster\.key from the local disk \(hd0\)", c.log(i))
            assert "module 1: cluster.key" in c.log(i)
            c.wait_log(i, r"init: starting /bin/sh")
        wait_all_up(c, {1: 1, 2: 2})
    finally:
        c.stop()


def test_pxe_missing_kernel_says_so_and_retries():
    # A per-MAC file names a kernel that is not in the tree: GRUB says the
    # file was not found, our grub.cfg says it cannot boot and will retry,
    # and retries: the machine neither boots nor resets in a silent loop
    # (QEMU runs with -no-reboot, so a reset would end it).
    c = Cluster(n=1, pxe=True, pxe_config={1: "set kernel=/nosuch.elf"}, name="pxe-nokernel")
    c.start()
    try:
        # GRUB wraps its lines at 80 columns, and the tree's path is as long
        # as the checkout's: compare the log without its spaces and breaks.
        wait_for("GRUB's error", lambda: ("error:file" in _squeezed(c.log(1))
                                          and "nosuch.elfnotfound" in _squeezed(c.log(1)),
                                          c.log(1)[-400:]), GRUB_RETRY_TIMEOUT)
        c.wait_log(1, r"cluster-os: cannot boot: /nosuch\.elf or /initrd\.cpio did not load",
                   GRUB_RETRY_TIMEOUT)
        c.wait_log(1, r"cluster-os: retrying in 30 s", GRUB_RETRY_TIMEOUT)
        wait_for("a second try", lambda: (c.log(1).count("cluster-os: loading /nosuch.elf") >= 2,
                                            c.log(1)[-400:]), GRUB_RETRY_TIMEOUT)
        assert _alive(c.node(1)["pid"])
        assert "cluster-os 0.1.0" not in c.log(1)
    finally:
        c.stop()


def test_pentium_node_joins_a_cluster():
    # Node 3 is a Pentium (i586: no CMOV, no global pages, no fxsave).
    c = started(Cluster(n=3, append=FAST + " balance=0", node_cpu={3: "pentium"},
                        name="cpu-pentium"))
    try:
        assert "fpu: x87, fnsave" in c.log(3)
        assert "fpu: x87, fxsave" in c.log(1)
        for i in (1, 2, 3):
            c.wait_log(i, r"init: starting /bin/sh")
        wait_all_up(c, {1: 1, 2: 2, 3: 3})
        # Programs run on it, floating point included (ping prints times).
        out = console_run(c.node(3)["console"], "ping -c 3 -i 0.2 10.77.0.11")
        assert "3 packets transmitted, 3 received" in out, out
        assert re.search(r"rtt min/avg/max = [\d.]+/[\d.]+/[\d.]+ ms", out), out

        # Processes move both ways between the fxsave and the fnsave CPUs,
        # their x87 registers converted (kernel/fpu_format.c): a sum kept
        # in FPU registers across the moves comes out bit for bit the same
        # as summed again where it ends.
        for home, other in ((1, 3), (3, 1)):
            run(c, home, "rm -f /fs.stop")
            pid = start_bg(c, home, "migtest fsum /fs.stop > /fs.out")
            migrate(c, home, pid, other)
            assert where(c, home, pid) == str(other)
            migrate(c, home, pid, "home")
            out = run(c, home, "touch /fs.stop; wait %d; echo status=$?; cat /fs.out" % pid,
                      timeout=RUN_TIMEOUT)
            assert "status=0" in out and ", same, on node %d" % home in out, out
    finally:
        c.stop()


def test_cpu_below_the_floor_says_so():
    # A 486 has no time-stamp counter: the kernel stops with a message on
    # the serial line (and the screen) before anything else.
    c = Cluster(n=1, cpu="486", name="cpu-486")
    c.start()
    try:
        c.wait_log(1, r"cluster-os: this CPU is below the floor\. The kernel needs a Pentium")
        c.wait_log(1, r"time-stamp counter \(TSC\)\. Halted\.")
        assert _alive(c.node(1)["pid"])          # halted, not reset
        assert "cluster-os 0.1.0" not in c.log(1)
    finally:
        c.stop()


def test_isa_pc_with_an_ne2000_gets_its_address_by_dhcp():
    # The old PC: no PCI bus at all, an ISA NE2000, a Pentium.
    c = started(Cluster(n=1, nic="ne2k_isa", machine="isapc", cpu="pentium", dhcp=True,
                        append="udpecho=7", name="isapc"))
    try:
        log = c.log(1)
        assert "pci: 0 functions" in log and "eth0: ne2k_isa at 300 irq 9" in log
        addr = c.wait_log(1, ADDRESS % FROM_DHCP).group(1)
        assert c.ns_tool("ping", addr, "--count", 10)["received"] == 10
        r = c.ns_tool("echo", addr, "--count", 300, "--window", 1)
        assert r["ok"] == 300, r
    finally:
        c.stop()
