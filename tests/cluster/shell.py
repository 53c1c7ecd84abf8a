"""Driving the shell of a booted node over its serial console."""
import re

from conftest import BOOT_TIMEOUT, COMMAND_TIMEOUT, Node

PROMPT = r"\$ "
USERTESTS_TIMEOUT = 900   # the whole usertests run, TCG on a slow machine


class Shell:
    """A node booted to its shell prompt."""

    def __init__(self, node):
        self.node = node
        node.expect(r"init: starting /bin/sh", timeout=BOOT_TIMEOUT)
        node.expect(PROMPT)

    def run(self, cmd, timeout=COMMAND_TIMEOUT):
        """Type cmd, wait for the next prompt, return what was printed in
        between (without the echoed command line), with \\r\\n as \\n."""
        self.node.child.sendline(cmd)
        self.node.expect(re.escape(cmd) + r"\r*\n", timeout=timeout)
        self.node.expect(r"(?:^|\n)\$ ", timeout=timeout)
        before = self.node.child.before
        out = before + "\n" if before else ""
        return re.sub(r"\r+\n", "\n", out)

    def bg(self, cmd):
        """Start cmd in the background; its pid (of a pipeline, its last
        command's)."""
        out = self.run(cmd + " & echo pid=$!")
        m = re.search(r"pid=(\d+)", out)
        assert m, out
        return int(m.group(1))

    def status(self):
        """The exit status of the last command ($?)."""
        # (The shell may first tell of a background job that stopped or
        # ended: "[1] + Done  spin 1".)
        return int(re.search(r"^status=(\d+)$", self.run("echo status=$?"), re.M).group(1))
