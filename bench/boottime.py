#!/usr/bin/python3
"""Boot time under TCG, from starting QEMU to the kernel's banner, to its
idle loop and to the shell's first prompt, for the three ways a node boots:
-kernel (QEMU loads it directly), the ISO through GRUB, and over the network
(PXE ROM, GRUB and the files by TFTP from QEMU's user-mode network, the tree
of make netboot). The modes take turns, run after run, so that a busy host
slows them alike; prints the median of each. Run: make bench-boot."""
import os
import statistics
import sys
import time

import pexpect

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 5
MODES = [("-kernel", []), ("ISO via GRUB", ["-iso"]), ("PXE via GRUB", ["-pxe"])]


def once(args):
    t0 = time.monotonic()
    child = pexpect.spawn(os.path.join(ROOT, "qemu", "node"), ["-m", "64"] + args, timeout=300)
    try:
        child.expect(rb"cluster-os \d+\.\d+\.\d+ \(i386")
        banner = time.monotonic() - t0
        child.expect(rb"idle: ready")
        ready = time.monotonic() - t0
        child.expect(rb"init: starting /bin/sh")
        child.expect(rb"\$ ")
        shell = time.monotonic() - t0
    finally:
        child.terminate(force=True)
    return banner, ready, shell


runs = {name: [] for name, _ in MODES}
for _ in range(RUNS):
    for name, args in MODES:
        runs[name].append(once(args))
for name, _ in MODES:
    r = runs[name]
    print("%-13s banner %.2f s, idle loop %.2f s, shell %.2f s (median of %d, TCG)"
          % (name + ":", statistics.median(x[0] for x in r),
             statistics.median(x[1] for x in r), statistics.median(x[2] for x in r), RUNS))
