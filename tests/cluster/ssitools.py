"""Helpers for the cluster-layer tests: a node's shell over its console
socket, and tools that run inside the cluster's network namespace
(python3 ssitools.py TOOL ARGS, printing one JSON line)."""
import json
import os
import random
import re
import socket
import struct
import sys
import time

ETH_P_ALL = 0x0003
CONSOLE_TIMEOUT = 120     # one command on a node's console


def _console(sock_path, deadline):
    """A connection to a node's serial console (a unix socket, one client
    at a time), waiting for it up to deadline."""
    s = socket.socket(socket.AF_UNIX)
    while True:
        try:
            s.connect(sock_path)
            break
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
    s.settimeout(0.5)
    return s


def _read_until(s, deadline, found):
    """Read s until found(text so far) returns something, which is
    returned; (None, text) when deadline passes or the console closes."""
    out = b""
    while time.monotonic() < deadline:
        try:
            d = s.recv(65536)
        except socket.timeout:
            continue
        if not d:
            break
        out += d
        r = found(out.decode(errors="replace"))
        if r is not None:
            return r, None
    return None, out.decode(errors="replace")


KERNEL_LINE = r"[a-z][\w-]*: [^\n]*\n"   # "migrate: pid 5 (x) moved to node 2 in 76 ms"
ECHO_GAP = r"(?:\$ |%s)?" % KERNEL_LINE


def console_run(sock_path, cmd, timeout=CONSOLE_TIMEOUT):
    """Type cmd on the node's serial console and return what it printed
    before the next prompt."""
    deadline = time.monotonic() + timeout
    s = _console(sock_path, deadline)
    # The echo of what was typed. Other output may land inside it: a prompt
    # the shell printed late (its first, just after boot: "cat /pro$ c/..."),
    # or a whole line the kernel printed meanwhile ("cat /proc/5/w" "cluster:
    # node 2 is unreachable" "here"): kernel lines are "word: text".
    echo = re.compile(ECHO_GAP.join(re.escape(c) for c in cmd))

    # The answer ends at the next prompt; kernel lines may follow that
    # prompt before anything else comes (a move that ends just then).
    end = re.compile(r"\r*\n(.*?)(?:\r*\n)?\$ (?:%s)*$" % KERNEL_LINE, re.S)

    def answer(text):
        e = echo.search(text)
        m = e and end.search(text[e.end():])
        return re.sub(r"\r+\n", "\n", m.group(1)) if m else None

    try:
        s.sendall(cmd.encode() + b"\n")
        result, text = _read_until(s, deadline, answer)
        if result is None:
            raise TimeoutError("no prompt after %r; got:\n%s" % (cmd, text))
        return result
    finally:
        s.close()


def console_type(sock_path, text, until=None, timeout=CONSOLE_TIMEOUT):
    """Type text on the node's console without waiting for a prompt (a
    command that stays in the foreground, ^C); with until (a regex), read
    until it shows and return its match (None if it did not in time).
    Without until, type only a few bytes (^C): the connection closes at
    once, and what the node had not taken in by then may be lost."""
    deadline = time.monotonic() + timeout
    s = _console(sock_path, deadline)
    try:
        s.sendall(text.encode())
        if until is None:
            return None
        m, _ = _read_until(s, deadline, lambda t: re.search(until, t))
        return m
    finally:
        s.close()


def parse_nodes(text):
    """/proc/cluster/nodes as {node: (address, state)}."""
    nodes = {}
    for line in text.splitlines()[1:]:
        f = line.split()
        if len(f) >= 3 and f[0].isdigit():
            nodes[int(f[0])] = (f[1], f[2])
    return nodes


def parse_ages(text):
    """/proc/cluster/nodes as {node: (state, age of the entry in ms)}."""
    ages = {}
    for line in text.splitlines()[1:]:
        f = line.split()
        if len(f) >= 8 and f[0].isdigit():
            ages[int(f[0])] = (f[2], int(f[7]))
    return ages


def parse_stats(text):
    stats = {}
    for line in text.splitlines():
        f = line.split()
        if len(f) == 2 and f[1].isdigit():
            stats[f[0]] = int(f[1])
    return stats


# --- tools: run inside the namespace ------------------------------------------


def tool_replay(args):
    """Capture the first cluster datagram (UDP port 5000) sent from src to
    dst on its way out of dst's tap device (args[3]), and put the identical
    Ethernet frame on the wire again from the bridge, count times."""
    src, dst, count = socket.inet_aton(args[0]), socket.inet_aton(args[1]), int(args[2])
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    s.bind((args[3], 0))
    out = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    out.bind(("br0", 0))
    s.settimeout(1.0)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            frame = s.recv(2048)
        except socket.timeout:
            continue
        if len(frame) < 42 or frame[12:14] != b"\x08\x00":
            continue
        ihl = (frame[14] & 0x0F) * 4
        if frame[23] != 17 or frame[26:30] != src or frame[30:34] != dst:
            continue
        dport = struct.unpack("!H", frame[14 + ihl + 2:14 + ihl + 4])[0]
        if dport != 5000:
            continue
        for _ in range(count):
            out.send(frame)
            time.sleep(0.01)
        print(json.dumps({"replayed": count, "bytes": len(frame)}))
        return
    print(json.dumps({"replayed": 0}))


def tool_garbage(args):
    """Send count random datagrams to port 5000 of each address: random
    bytes, and random bytes behind a valid-looking header magic."""
    addrs, count = args[0].split(","), int(args[1])
    rng = random.Random(7)
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sent = 0
    for i in range(count):
        for a in addrs:
            n = rng.randrange(0, 1473)
            data = bytes(rng.getrandbits(8) for _ in range(n))
            if i % 3 == 1 and n >= 8:
                data = b"SSI1\x01" + data[5:]      # past the magic and version checks
            s.sendto(data, (a, 5000))
            sent += 1
        if i % 50 == 0:
            time.sleep(0.02)   # a steady flood, not a burst the bridge drops
    print(json.dumps({"sent": sent}))


if __name__ == "__main__":
    tools = {"replay": tool_replay, "garbage": tool_garbage}
    tools[sys.argv[1]](sys.argv[2:])
