#!/usr/bin/python3
"""Boot time under TCG: from starting QEMU to the kernel's banner, and to
its idle loop, booting with -kernel and from the ISO through GRUB.
Prints the median of a few runs of each. Run: make bench-boot."""
import os
import statistics
import sys
import time

import pexpect

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 5


def once(iso):
    args = ["-m", "64"] + (["-iso"] if iso else [])
    t0 = time.monotonic()
    child = pexpect.spawn(os.path.join(ROOT, "qemu", "node"), args, timeout=120)
    child.expect(rb"cluster-os \d+\.\d+\.\d+ \(i386")
    banner = time.monotonic() - t0
    child.expect(rb"idle: ready")
    ready = time.monotonic() - t0
    child.terminate(force=True)
    return banner, ready


for iso in (False, True):
    runs = [once(iso) for _ in range(RUNS)]
    print("%-14s banner %.2f s, idle loop %.2f s (median of %d, TCG)"
          % ("ISO via GRUB:" if iso else "-kernel:", statistics.median(r[0] for r in runs),
             statistics.median(r[1] for r in runs), RUNS))
