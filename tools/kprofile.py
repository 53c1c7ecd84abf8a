#!/usr/bin/python3
"""Name the functions in a node's /proc/profile (kernel/profile.c).

    tools/kprofile.py [-n TOP] [--elf build/kernel.elf] PROFILE_TEXT

PROFILE_TEXT is what `cat /proc/profile` printed on the node (a file, or -
for standard input). Prints the functions that took the most ticks, with
their share of all ticks (user mode is one line of its own).
"""
import argparse
import bisect
import collections
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def symbols(elf):
    """Sorted [(address, name)] of the kernel's functions."""
    out = subprocess.run(["nm", "-n", elf], check=True, stdout=subprocess.PIPE, text=True).stdout
    syms = []
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in "tTwW":
            syms.append((int(parts[0], 16), parts[2]))
    return syms


def by_function(text, syms):
    """({function: ticks}, total ticks, user ticks) from /proc/profile's text."""
    head = re.search(r"ticks (\d+) user (\d+)", text)
    if not head:
        raise ValueError("not the text of /proc/profile")
    addrs = [a for a, _ in syms]
    counts = collections.Counter()
    for m in re.finditer(r"^([0-9a-f]{8}) (\d+)$", text, re.M):
        i = bisect.bisect_right(addrs, int(m.group(1), 16)) - 1
        counts[syms[i][1] if i >= 0 else "?"] += int(m.group(2))
    return counts, int(head.group(1)), int(head.group(2))


def tsc_mhz(text):
    """TSC cycles per microsecond, from the ticks (HZ 100) and kcycles."""
    ticks = re.search(r"ticks (\d+)", text)
    cyc = re.search(r"kcycles (\d+)", text)
    secs = int(ticks.group(1)) / 100.0
    return int(cyc.group(1)) * 1000.0 / secs / 1e6 if secs else 1.0


def report(text, elf, top):
    counts, total, user = by_function(text, symbols(elf))
    lines = ["%d ticks" % total]
    cyc = re.search(r"kcycles (\d+) idle (\d+) irq (\d+) irqs (\d+) sched (\d+) switches (\d+)", text)
    if cyc:
        t, idle, irq, n, sched, switches = (int(x) for x in cyc.groups())
        lines.append("time: idle %.1f%%, interrupt handlers %.1f%% (%d interrupts, %.1f us each);"
                     " the samples below count handlers where they end" % (
                         100.0 * idle / max(t, 1), 100.0 * irq / max(t, 1), n,
                         irq * 1000.0 / max(n, 1) / tsc_mhz(text)))
        lines.append("scheduler %.1f%% (%d switches, %.1f us each)" % (
            100.0 * sched / max(t, 1), switches, sched * 1000.0 / max(switches, 1) / tsc_mhz(text)))
        for m in re.finditer(r"^ran (\S+) (\d+)$", text, re.M):
            lines.append("  ran %-12s %5.1f%%" % (m.group(1), 100.0 * int(m.group(2)) / max(t, 1)))
        # System calls: the samples never see them (interrupts are off).
        mhz = tsc_mhz(text)
        parts = re.search(r"^syscalls args (\d+) envelope (\d+)$", text, re.M)
        if parts:
            lines.append("system calls: moving arguments %.1f%%, the envelope %.1f%%" % (
                100.0 * int(parts.group(1)) / max(t, 1), 100.0 * int(parts.group(2)) / max(t, 1)))
        for m in re.finditer(r"^syscall (\S+) (\d+) (\d+)$", text, re.M):
            calls, kc = int(m.group(2)), int(m.group(3))
            lines.append("  %-12s %5.1f%% %8d calls %8.1f us each" % (
                m.group(1), 100.0 * kc / max(t, 1), calls, kc * 1000.0 / max(calls, 1) / mhz))
    rows = counts.most_common(top)
    if user:
        rows = sorted(rows + [("(user mode)", user)], key=lambda r: -r[1])
    for name, n in rows:
        lines.append("%6.1f%% %6d  %s" % (100.0 * n / max(total, 1), n, name))
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-n", type=int, default=25, help="functions to show (default 25)")
    ap.add_argument("--elf", default=os.path.join(ROOT, "build", "kernel.elf"))
    ap.add_argument("profile")
    a = ap.parse_args()
    text = sys.stdin.read() if a.profile == "-" else open(a.profile).read()
    print(report(text, a.elf, a.n))


if __name__ == "__main__":
    main()
