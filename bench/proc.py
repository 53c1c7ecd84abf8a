#!/usr/bin/python3
"""Process and system call speed under TCG: boots a node and runs
sysbench (userland/bin/sysbench.c) on it. Run: make bench-proc.
The figures are the guest's own clock; compare them with each other (a
local call against an enveloped one), not across machines."""
import os
import re
import sys

import pexpect

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NULL_CALLS = int(sys.argv[1]) if len(sys.argv) > 1 else 200000
SPAWNS = int(sys.argv[2]) if len(sys.argv) > 2 else 300

child = pexpect.spawn(os.path.join(ROOT, "qemu", "node"), ["-m", "64"],
                      encoding="utf-8", timeout=600)
child.expect(r"\$ ")
results = {}
for cmd in ("sysbench null %d" % NULL_CALLS, "sysbench spawn %d" % SPAWNS):
    child.sendline(cmd)
    child.expect(r"\n\$ ")
    for line in child.before.splitlines():
        m = re.match(r"(.+): (\d+) in ([\d.]+) s = (\d+) per second", line.strip())
        if m:
            results[m.group(1)] = int(m.group(4))
            print(line.strip())
child.terminate(force=True)
local, env = results.get("getpid (local)"), results.get("getppid (enveloped)")
if local and env:
    print("enveloped / local null call rate: %.2f" % (env / local))
