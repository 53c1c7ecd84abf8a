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

    def status(self):
        """The exit status of the last command ($?)."""
        return int(self.run("echo $?").strip())
