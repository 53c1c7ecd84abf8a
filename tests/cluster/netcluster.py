"""Helpers for the network tests: a cluster started through qemu/cluster (the
launcher `make run` uses), and traffic tools that run inside the cluster's
network namespace.

    c = Cluster(n=2, nic="e1000", append="udpecho=7")
    c.start()                       # qemu/cluster --no-attach ...
    c.wait_log(1, r"net: ready")    # a node's console log
    c.ns_tool("ping", "10.77.0.11", "--count", "5")   # -> dict
    c.stop()

The tools (ping, echo, flood, oversize) are this same file run as a program
inside the namespace: `ip netns exec NS python3 netcluster.py TOOL ...`;
each prints one JSON object. They use only Python's standard library.
"""
import argparse
import ctypes
import json
import os
import queue
import random
import re
import select
import signal
import socket
import struct
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LAUNCHER = os.path.join(ROOT, "qemu", "cluster")
PYTHON = "/usr/bin/python3"
HOST_IP = "10.77.0.1"
# The kernel the clusters boot; CLUSTER_KERNEL overrides (e.g. a kernel
# built with a deliberate bug, to see a test fail).
KERNEL = os.environ.get("CLUSTER_KERNEL", os.path.join(ROOT, "build", "kernel.elf"))

# Named timeouts (seconds). Generous: TCG on a busy 2-core machine.
LAUNCH_TIMEOUT = 60       # launcher start to "cluster: ready"
READY_TIMEOUT = 120       # QEMU start to "net: ready" on a node's console
PXE_READY_TIMEOUT = 400   # the same, booted over the network (PXE ROM, GRUB, TFTP)
PEERCHECK_TIMEOUT = 240   # boot-time peer checks to finish
TOOL_TIMEOUT = 600        # one traffic tool run in the namespace

# Patterns that fail any test whose node prints them.
FORBIDDEN = [r"PANIC:", r"\*\*\* .* \(vector \d+\)", r"lwIP assertion"]

UDP_HEADER = struct.Struct("!II")   # sequence number, length: the head of each test datagram


def node_ip(i):
    return "10.77.0.%d" % (10 + i)


class ClusterError(Exception):
    pass


def _die_with_parent():
    """preexec_fn: the launcher gets SIGTERM if the test process dies, so no
    cluster outlives a killed test run (PR_SET_PDEATHSIG)."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(1, signal.SIGTERM, 0, 0, 0)


def _alive(pid):
    """pid runs (a zombie, ended but not yet collected, does not)."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


class Cluster:
    """A cluster of QEMU nodes started by qemu/cluster --no-attach."""

    def __init__(self, n=2, nic="e1000", append="", node_append=None, net="tap",
                 dhcp=False, mem=32, name=None, ne2k_isa=None, paused=False,
                 pxe=False, pxe_proxy=False, pxe_key_disk=False, pxe_bare=(), pxe_config=None, machine=None, cpu=None,
                 node_cpu=None):
        self.n = n
        self.nic = nic
        self.append = append
        self.node_append = node_append or {}
        self.net = net
        self.dhcp = dhcp
        self.ne2k_isa = ne2k_isa
        self.mem = mem
        self.paused = paused   # nodes wait for resume() before they run
        self.pxe = pxe         # boot over the network (qemu/cluster --pxe)
        self.pxe_proxy = pxe_proxy            # another DHCP server gives the addresses
        self.pxe_key_disk = pxe_key_disk      # the key on a local disk, not in the tree
        self.pxe_bare = list(pxe_bare)        # nodes without a per-MAC file
        self.pxe_config = pxe_config or {}    # node -> GRUB line for its per-MAC file
        self.machine = machine                # QEMU machine (isapc), default pc
        self.cpu = cpu                        # QEMU CPU model of every node
        self.node_cpu = node_cpu or {}        # node -> QEMU CPU model
        self.dir = os.path.join(ROOT, "build", "cluster",
                                name or "test-%s-%d" % (nic, os.getpid()))
        self.proc = None
        self.info = None
        self.started = None
        self.restarted = []   # QEMUs started again by restart_node (ours to stop)

    def start(self):
        cmd = [LAUNCHER, "-n", str(self.n), "-nic", self.nic, "--net", self.net,
               "--no-attach", "--dir", self.dir, "-m", str(self.mem), "--kernel", KERNEL]
        if self.append:
            cmd += ["--append", self.append]
        for i, extra in self.node_append.items():
            cmd += ["--node-append", "%d:%s" % (i, extra)]
        if self.dhcp:
            cmd.append("--dhcp")
        if self.ne2k_isa:
            cmd += ["--ne2k-isa", self.ne2k_isa]
        if self.paused:
            cmd.append("--paused")
        if self.pxe:
            cmd.append("--pxe")
        if self.pxe_proxy:
            cmd.append("--pxe-proxy")
        if self.pxe_key_disk:
            cmd.append("--pxe-key-disk")
        for i in self.pxe_bare:
            cmd += ["--pxe-bare", str(i)]
        for i, line in self.pxe_config.items():
            cmd += ["--pxe-config", "%d:%s" % (i, line)]
        if self.machine:
            cmd += ["--machine", self.machine]
        if self.cpu:
            cmd += ["--cpu", self.cpu]
        for i, model in self.node_cpu.items():
            cmd += ["--node-cpu", "%d:%s" % (i, model)]
        self.started = time.monotonic()
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     text=True, preexec_fn=_die_with_parent)
        lines = []
        found = queue.Queue()
        threading.Thread(target=self._read_launcher, args=(lines, found), daemon=True).start()
        try:
            if found.get(timeout=LAUNCH_TIMEOUT):
                return self
        except queue.Empty:
            pass
        self.stop()
        raise ClusterError("launcher did not get ready:\n" + "".join(lines))

    def _read_launcher(self, lines, found):
        """Read the launcher's output: keep its lines, take the info line,
        and tell start() when it is ready (True) or gone (False)."""
        for line in self.proc.stdout:
            lines.append(line)
            if line.startswith("cluster: info "):
                self.info = json.loads(line[len("cluster: info "):])
            if line.strip() == "cluster: ready":
                found.put(True)
        found.put(False)

    def stop(self):
        for p in self.restarted:
            if p.poll() is None:
                p.kill()
                p.wait()
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def monitor(self, i, cmd):
        """Give cmd to node i's QEMU monitor and wait until it ran."""
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as mon:
            mon.settimeout(TOOL_TIMEOUT)
            mon.connect(self.node(i)["monitor"])
            # Wait for the prompt, give the command, and wait for the
            # next prompt: the monitor prints it once the command ran.
            seen = b""
            for prompts in (1, 2):
                while seen.count(b"(qemu)") < prompts:
                    data = mon.recv(4096)
                    if not data:
                        raise ClusterError("node%d: monitor closed" % i)
                    seen += data
                if prompts == 1:
                    mon.sendall(cmd.encode() + b"\n")

    def resume(self, nodes=None):
        """Start the CPUs of a cluster started with paused=True: 'cont' on
        the QEMU monitor of each of nodes (default: all)."""
        for i in nodes or range(1, self.n + 1):
            self.monitor(i, "cont")

    def pause(self, i):
        """Stop node i's CPUs (its network card stops answering too)."""
        self.monitor(i, "stop")

    def kill_node(self, i):
        """End node i's QEMU at once, as a power failure would."""
        os.kill(self.node(i)["pid"], signal.SIGKILL)

    def restart_node(self, i):
        """Power-cycle node i: end its QEMU at once and start it again with
        the same command line (address, MAC, node id, key). It boots as a
        new incarnation; its console log starts again."""
        n = self.node(i)
        try:
            os.kill(n["pid"], signal.SIGKILL)
        except ProcessLookupError:
            pass   # killed already (kill_node), and reaped
        deadline = time.monotonic() + TOOL_TIMEOUT
        while _alive(n["pid"]):   # the tap is free once that QEMU is gone
            if time.monotonic() > deadline:
                raise ClusterError("node%d: QEMU did not end" % i)
            time.sleep(0.05)
        if os.path.exists(n["console"]):
            os.unlink(n["console"])
        err = open(os.path.join(self.dir, "node%d.qemu.err" % i), "a")
        proc = subprocess.Popen(n["cmd"], stdin=subprocess.DEVNULL, stdout=err, stderr=err,
                                start_new_session=True, preexec_fn=_die_with_parent)
        self.restarted.append(proc)
        n["pid"] = proc.pid
        while not os.path.exists(n["console"]):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise ClusterError("node%d: QEMU did not start again" % i)
            time.sleep(0.05)

    @property
    def netns(self):
        return self.info["netns"]

    def node(self, i):
        return self.info["nodes"][i - 1]

    # --- consoles ------------------------------------------------------------

    def log(self, i):
        try:
            with open(self.node(i)["log"], encoding="utf-8", errors="replace") as f:
                return f.read()
        except FileNotFoundError:
            return ""

    def check_forbidden(self):
        """Raise if any node printed a panic or an unexpected trap."""
        for i in range(1, self.n + 1):
            text = self.log(i)
            for pat in FORBIDDEN:
                if re.search(pat, text):
                    raise ClusterError("node%d printed %r:\n%s" % (i, pat, text[-3000:]))

    def wait_log(self, i, pattern, timeout=READY_TIMEOUT):
        """Wait until node i's console log matches pattern (a regex); return
        the match. Raises ClusterError with the log's tail on a timeout or a
        forbidden pattern."""
        deadline = time.monotonic() + timeout
        while True:
            text = self.log(i)
            m = re.search(pattern, text)
            if m:
                self.check_forbidden()
                return m
            self.check_forbidden()
            if time.monotonic() > deadline:
                raise ClusterError("node%d: no %r after %d s:\n%s"
                                   % (i, pattern, timeout, text[-3000:]))
            time.sleep(0.1)

    def wait_ready(self, timeout=None):
        """Wait for every node's "net: ready"; returns, per node, the
        seconds from the launcher's start to when it was seen. Nodes booted
        over the network (pxe) are given longer: the PXE ROM, GRUB and the
        TFTP transfers come first."""
        if timeout is None:
            timeout = PXE_READY_TIMEOUT if self.pxe else READY_TIMEOUT
        seen = {}
        for i in range(1, self.n + 1):
            self.wait_log(i, r"net: ready", timeout)
            seen[i] = time.monotonic() - self.started
        return seen

    # --- the namespace ---------------------------------------------------------

    def ns(self, *cmd, check=True, timeout=TOOL_TIMEOUT):
        """Run a command in the cluster's namespace; returns its stdout."""
        r = subprocess.run(["ip", "netns", "exec", self.netns] + list(cmd),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                           timeout=timeout)
        if check and r.returncode != 0:
            raise ClusterError("%s: %s%s" % (" ".join(cmd), r.stdout, r.stderr))
        return r.stdout

    def ns_tool_start(self, tool, *args):
        """Start one of this file's tools in the namespace in the background
        and wait for its first line; returns the Popen (stop it with
        terminate())."""
        p = subprocess.Popen(["ip", "netns", "exec", self.netns, PYTHON, os.path.abspath(__file__),
                              tool] + [str(a) for a in args],
                             stdout=subprocess.PIPE, text=True, preexec_fn=_die_with_parent)
        line = p.stdout.readline()
        if not line:
            p.wait()
            raise ClusterError("%s: ended before it was ready" % tool)
        return p

    def ns_tool(self, tool, *args):
        """Run one of this file's tools in the namespace; returns its JSON."""
        out = self.ns(PYTHON, os.path.abspath(__file__), tool, *[str(a) for a in args])
        return json.loads(out.strip().splitlines()[-1])

    def set_loss(self, percent):
        """Drop percent% of the frames the bridge forwards, delivers to the
        host end or sends from it (nft, bridge family); 0 removes the rule."""
        self.ns("nft", "delete", "table", "bridge", "lossy", check=False)
        if percent <= 0:
            return
        rules = "table bridge lossy {\n"
        match = "numgen random mod 100 < %d " % percent if percent < 100 else ""
        for hook in ("forward", "input", "output"):
            rules += ("  chain %s { type filter hook %s priority 0; %sdrop; }\n"
                      % (hook, hook, match))
        rules += "}\n"
        path = os.path.join(self.dir, "lossy.nft")
        with open(path, "w") as f:
            f.write(rules)
        self.ns("nft", "-f", path)

    def cut_after(self, i, nbytes):
        """Let the bridge forward nbytes more to node i, then drop every frame
        to it (nft quota): a link that breaks after a known amount of data."""
        rules = ("table bridge cut {\n  chain forward { type filter hook forward priority 0; "
                 "oifname \"tap%d\" quota over %d bytes counter drop; }\n}\n" % (i, nbytes))
        path = os.path.join(self.dir, "cut.nft")
        with open(path, "w") as f:
            f.write(rules)
        self.ns("nft", "delete", "table", "bridge", "cut", check=False)
        self.ns("nft", "-f", path)

    def cut_drops(self):
        """Frames dropped so far by cut_after's rule."""
        out = self.ns("nft", "list", "table", "bridge", "cut")
        m = re.search(r"counter packets (\d+)", out)
        return int(m.group(1)) if m else 0

    def set_mtu(self, mtu):
        """Set the MTU of the bridge and every tap (to let jumbo frames reach
        the nodes' cards)."""
        for i in range(1, self.n + 1):
            self.ns("ip", "link", "set", "tap%d" % i, "mtu", str(mtu))
        self.ns("ip", "link", "set", "br0", "mtu", str(mtu))


# --- tools: run inside the namespace ---------------------------------------------


def _checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    s = (s >> 16) + (s & 0xFFFF)
    s += s >> 16
    return ~s & 0xFFFF


def tool_ping(args):
    """ICMP echo from the namespace; counts replies and their round trips."""
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
    ident = os.getpid() & 0xFFFF
    rtts = []
    for seq in range(args.count):
        payload = bytes((seq + k) & 0xFF for k in range(args.size))
        hdr = struct.pack("!BBHHH", 8, 0, 0, ident, seq)
        pkt = struct.pack("!BBHHH", 8, 0, _checksum(hdr + payload), ident, seq) + payload
        t0 = time.monotonic()
        s.sendto(pkt, (args.ip, 0))
        deadline = t0 + args.timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            r, _, _ = select.select([s], [], [], left)
            if not r:
                break
            data, addr = s.recvfrom(65535)
            ihl = (data[0] & 15) * 4
            icmp = data[ihl:]
            if addr[0] != args.ip or len(icmp) < 8:
                continue
            typ, _, _, rid, rseq = struct.unpack("!BBHHH", icmp[:8])
            if typ == 0 and rid == ident and rseq == seq and icmp[8:] == payload:
                rtts.append((time.monotonic() - t0) * 1000)
                break
        if args.interval:
            time.sleep(args.interval)
    return {"sent": args.count, "received": len(rtts), "rtts_ms": [round(r, 2) for r in rtts],
            "rtt_avg_ms": sum(rtts) / len(rtts) if rtts else None}


def _datagram(rng, seq, maxsize, bigshare):
    """Test datagram seq: a header (seq, length) and seeded random bytes;
    mostly up to one frame, bigshare of them fragmented (up to maxsize)."""
    if maxsize > 1472 and rng.random() < bigshare:
        size = rng.randint(1473, maxsize)
    else:
        size = rng.randint(UDP_HEADER.size, min(1472, maxsize))
    body = rng.getrandbits(8 * (size - UDP_HEADER.size)).to_bytes(size - UDP_HEADER.size,
                                                                  "little")
    return UDP_HEADER.pack(seq, size) + body


def tool_echo(args):
    """Send count datagrams of mixed sizes to ip:port, at most window in
    flight, and check that each comes back byte for byte. A datagram with no
    echo after timeout seconds is lost; after give_up losses in a row the
    rest count as lost without being sent (a dead node fails fast)."""
    rng = random.Random(args.seed)
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
    s.setblocking(False)
    pending = {}          # seq -> (datagram, time sent)
    ok = lost = corrupt = dup = 0
    run_of_losses = 0     # datagrams lost in a row, with nothing coming back
    rtts = []
    nextseq = 0
    while nextseq < args.count or pending:
        while nextseq < args.count and len(pending) < args.window:
            d = _datagram(rng, nextseq, args.maxsize, args.bigshare)
            pending[nextseq] = (d, time.monotonic())
            s.sendto(d, (args.ip, args.port))
            nextseq += 1
        oldest = min(t for _, t in pending.values())
        wait = max(0.0, oldest + args.timeout - time.monotonic())
        r, _, _ = select.select([s], [], [], wait)
        now = time.monotonic()
        if r:
            while True:
                try:
                    data, addr = s.recvfrom(65535)
                except BlockingIOError:
                    break
                if addr[0] != args.ip or len(data) < UDP_HEADER.size:
                    corrupt += 1
                    continue
                seq, _ = UDP_HEADER.unpack(data[:UDP_HEADER.size])
                if seq not in pending:
                    dup += 1
                    continue
                sent, t = pending.pop(seq)
                if data == sent:
                    ok += 1
                    rtts.append((now - t) * 1000)
                else:
                    corrupt += 1
        expired = [q for q, (_, t) in pending.items() if now - t >= args.timeout]
        for seq in expired:
            del pending[seq]
            lost += 1
        if r:
            run_of_losses = 0
        run_of_losses += len(expired)
        if run_of_losses >= args.give_up and nextseq < args.count:
            lost += args.count - nextseq      # the node stopped answering: do not wait for each
            nextseq = args.count
    rtts.sort()
    return {"sent": args.count, "ok": ok, "lost": lost, "corrupt": corrupt, "late": dup,
            "rtt_median_ms": rtts[len(rtts) // 2] if rtts else None}


def tool_echoserver(args):
    """A UDP echo server on the host end of the bridge: every datagram goes
    back to its sender unchanged, for args.seconds (or until killed).
    Prints a line when it listens, then its counts as JSON at the end."""
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
    s.bind((HOST_IP, args.port))
    print("listening", flush=True)
    echoed = 0
    deadline = time.monotonic() + args.seconds
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            break
        r, _, _ = select.select([s], [], [], left)
        if r:
            data, addr = s.recvfrom(65535)
            s.sendto(data, addr)
            echoed += 1
    return {"echoed": echoed}


def tool_flood(args):
    """Send count random and malformed frames out of the bridge: random
    bytes, frames to the node's MAC and to broadcast with IPv4 and ARP types
    and garbage headers, runts, and (when the MTU allows) frames longer than
    Ethernet allows."""
    rng = random.Random(args.seed)
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((args.iface, 0))
    mtu = int(open("/sys/class/net/%s/mtu" % args.iface).read())
    dst = bytes.fromhex(args.mac.replace(":", ""))
    src = bytes([0x02]) + rng.randbytes(5)
    sent = errors = 0
    for k in range(args.count):
        kind = k % 6
        if kind == 0:      # anything at all, to the node
            frame = dst + rng.randbytes(rng.randint(0, 1500))
        elif kind == 1:    # IPv4 with a garbage header
            frame = dst + src + b"\x08\x00" + rng.randbytes(rng.randint(0, 1486))
        elif kind == 2:    # IPv4 that looks right up to the lengths and checksum
            ihl = rng.randint(5, 15)
            hdr = bytes([0x40 | ihl, 0]) + rng.randbytes(2) + rng.randbytes(4) + \
                bytes([64, rng.choice([1, 17, 6, 255])]) + rng.randbytes(2) + \
                socket.inet_aton(args.src) + socket.inet_aton(args.ip)
            frame = dst + src + b"\x08\x00" + hdr + rng.randbytes(rng.randint(0, 1400))
        elif kind == 3:    # ARP, broadcast, garbage body
            frame = b"\xff" * 6 + src + b"\x08\x06" + rng.randbytes(rng.randint(0, 100))
        elif kind == 4:    # runts: shorter than an Ethernet header
            frame = dst + rng.randbytes(rng.randint(0, 8))
        else:              # too long for Ethernet, if the link lets it through
            frame = dst + src + b"\x08\x00" + rng.randbytes(rng.randint(1501, max(1501, mtu)))
        frame = frame[:mtu + 14]
        try:
            s.send(frame)
            sent += 1
        except OSError:
            errors += 1
        if args.pause and k % 64 == 63:
            time.sleep(args.pause)
    return {"sent": sent, "refused_by_host": errors}


def tool_oversize(args):
    """Send UDP datagrams larger than the node accepts (they arrive as IP
    fragments) and a few that fit after reassembly."""
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sent = 0
    for size in (9000, 20000, 30000, 65000, 65507) * args.rounds:
        s.sendto(os.urandom(size), (args.ip, args.port))
        sent += 1
    return {"sent": sent}


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="tool", required=True)
    p = sub.add_parser("ping")
    p.add_argument("ip")
    p.add_argument("--count", type=int, default=5)
    p.add_argument("--size", type=int, default=56)
    p.add_argument("--timeout", type=float, default=2.0)
    p.add_argument("--interval", type=float, default=0.0)
    p.set_defaults(fn=tool_ping)
    p = sub.add_parser("echo")
    p.add_argument("ip")
    p.add_argument("--port", type=int, default=7)
    p.add_argument("--count", type=int, default=100)
    p.add_argument("--window", type=int, default=8)
    p.add_argument("--maxsize", type=int, default=1472)
    p.add_argument("--bigshare", type=float, default=0.0)
    p.add_argument("--timeout", type=float, default=3.0)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--give-up", type=int, default=20,
                   help="stop after this many datagrams in a row are lost")
    p.set_defaults(fn=tool_echo)
    p = sub.add_parser("echoserver")
    p.add_argument("--port", type=int, default=7)
    p.add_argument("--seconds", type=float, default=TOOL_TIMEOUT)
    p.set_defaults(fn=tool_echoserver)
    p = sub.add_parser("flood")
    p.add_argument("iface")
    p.add_argument("mac")
    p.add_argument("ip")
    p.add_argument("--src", default=HOST_IP)
    p.add_argument("--count", type=int, default=3000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--pause", type=float, default=0.0)
    p.set_defaults(fn=tool_flood)
    p = sub.add_parser("oversize")
    p.add_argument("ip")
    p.add_argument("--port", type=int, default=7)
    p.add_argument("--rounds", type=int, default=4)
    p.set_defaults(fn=tool_oversize)
    args = ap.parse_args()
    print(json.dumps(args.fn(args)))


if __name__ == "__main__":
    main()
