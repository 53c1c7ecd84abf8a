"""Shared pieces of the tests that boot the real kernel in QEMU.

A test starts a node through qemu/node (the same launcher `make run` uses),
reads its serial console with pexpect, and checks what the kernel printed.
As in U-Boot's test/py: timeouts are named constants, and patterns that must
never appear (a panic, a reboot) fail any test that sees them unless the
test expects them.
"""
import os
import re
import subprocess
import time

import pexpect
import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.path.join(ROOT, "build")
KERNEL = os.path.join(BUILD, "kernel.elf")

# Generous: TCG on a loaded 2-core CI machine can be many times slower than
# a desktop. No test depends on how fast the machine is.
BOOT_TIMEOUT = 120        # QEMU start to the idle loop
COMMAND_TIMEOUT = 60      # one shell command or kernel reaction

# Patterns that fail any test whose node prints them, unless expected.
FORBIDDEN = [r"PANIC:", r"\*\*\* .* \(vector \d+\)", r"SeaBIOS \(version.*\n(?:.*\n)*.*SeaBIOS"]


class Node:
    """One QEMU node with its serial console under pexpect."""

    def __init__(self, args="", mem=64, iso=False, extra="", initrd=None,
                 expect_crash=False):
        cmd = [os.path.join(ROOT, "qemu", "node"), "-m", str(mem)]
        if iso:
            cmd.append("-iso")
        if initrd is not None:
            cmd += ["-initrd", initrd]
        cmd += ["--"] + (args.split() if args else [])
        env = dict(os.environ)
        if extra:
            env["QEMU_EXTRA"] = extra
        self.expect_crash = expect_crash
        self.started = time.monotonic()
        self.log = []
        self.child = pexpect.spawn(cmd[0], cmd[1:], env=env, encoding="utf-8",
                                   codec_errors="replace", timeout=BOOT_TIMEOUT)
        self.child.logfile_read = _Recorder(self.log)

    def expect(self, pattern, timeout=COMMAND_TIMEOUT):
        """Wait for pattern (a regex); return the match. Fails on a timeout
        or end of output, showing what the console printed."""
        try:
            self.child.expect(pattern, timeout=timeout)
        except (pexpect.TIMEOUT, pexpect.EOF) as e:
            pytest.fail("waiting for %r: %s\n--- console ---\n%s"
                        % (pattern, type(e).__name__, self.output()[-4000:]))
        self.check_forbidden()
        return self.child.match

    def wait_exit(self, timeout=COMMAND_TIMEOUT):
        """Wait for QEMU to end (panic=exit makes a panic end it)."""
        self.child.expect(pexpect.EOF, timeout=timeout)
        self.child.close()
        return self.child.exitstatus

    def output(self):
        return "".join(self.log)

    def check_forbidden(self):
        if self.expect_crash:
            return
        out = self.output()
        for pat in FORBIDDEN:
            if re.search(pat, out):
                pytest.fail("console shows forbidden pattern %r:\n%s" % (pat, out[-4000:]))

    def close(self):
        if self.child.isalive():
            self.child.terminate(force=True)
        self.check_forbidden()


class _Recorder:
    def __init__(self, log):
        self.log = log

    def write(self, s):
        self.log.append(s)

    def flush(self):
        pass


@pytest.fixture
def boot():
    """boot(args, mem=..., iso=...) starts a node; all are stopped afterwards."""
    nodes = []

    def start(args="", **kw):
        n = Node(args, **kw)
        nodes.append(n)
        return n

    yield start
    for n in nodes:
        n.close()


def symbolize(addresses):
    """Function names of kernel addresses, through addr2line."""
    out = subprocess.run(["addr2line", "-f", "-e", KERNEL] + list(addresses),
                         capture_output=True, text=True, check=True).stdout.split("\n")
    return [out[i] for i in range(0, len(out) - 1, 2)]


def pytest_configure(config):
    config.addinivalue_line("markers", "soak: long or load-sensitive runs, for make soak only")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed test on a cluster shows the tail of every node's console log
    (the kernel's own lines say what the nodes were doing when it failed)."""
    outcome = yield
    rep = outcome.get_result()
    if rep.when != "call" or not rep.failed:
        return
    for name, value in item.funcargs.items():
        if not (hasattr(value, "n") and callable(getattr(value, "log", None))):
            continue
        for i in range(1, value.n + 1):
            try:
                text = value.log(i)[-2500:]
            except Exception as e:   # the report must not fail for want of a log
                text = "(no log: %s)" % e
            rep.sections.append(("%s node%d console (tail)" % (name, i), text))
