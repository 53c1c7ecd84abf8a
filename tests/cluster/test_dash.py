"""dash, the POSIX shell, built unmodified from Debian's source with our C
library (/bin/sh and /bin/dash): the tour of the shell in /share/sh/posix.sh (control
flow, functions, expansions, here-documents, redirections, subshells,
globbing, read/eval/getopts, background jobs and wait, traps and signals,
set -e and -x, #! scripts, printf) prints in a node exactly what the
host's dash prints for it, with the same exit status."""
import os
import shutil
import subprocess
import tempfile

import pytest

from shell import Shell

HERE = os.path.dirname(os.path.abspath(__file__))
TOUR = os.path.join(HERE, "..", "..", "rootfs", "share", "sh", "posix.sh")
HOST_DASH = shutil.which("dash")
RUN_TIMEOUT = 300

pytestmark = pytest.mark.skipif(HOST_DASH is None, reason="the host has no dash (tools/deps.sh)")


@pytest.fixture(scope="module")
def sh(request):
    from conftest import Node
    node = Node("", mem=64)
    request.addfinalizer(node.close)
    return Shell(node)


def host_tour():
    with tempfile.TemporaryDirectory() as d:
        r = subprocess.run([HOST_DASH, os.path.abspath(TOUR)], cwd=d, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True,
                           env={"LC_ALL": "C", "PATH": "/usr/bin:/bin"})
    return r.stdout + "rc=%d\n" % r.returncode


def test_the_posix_tour_matches_the_hosts_dash(sh):
    want = host_tour()
    got = sh.run("sh /share/sh/posix.sh 2>&1; echo rc=$?", timeout=RUN_TIMEOUT)
    assert got == want, "\n".join(
        "%s %r" % ("=" if a == b else "!", (a, b)) for a, b in zip(got.splitlines(), want.splitlines()))


def test_the_tour_runs_by_its_name(sh):
    # Its first line is "#!/bin/sh": the kernel starts dash with it.
    out = sh.run("/share/sh/posix.sh > /dev/null 2>&1; echo rc=$?", timeout=RUN_TIMEOUT)
    assert out == "rc=4\n", out


def test_dash_errors_and_exit_status(sh):
    out = sh.run("dash -c 'exit 7'; echo rc=$?")
    assert out == "rc=7\n", out
    out = sh.run("dash -c 'nosuchcommand' 2>&1; echo rc=$?")
    assert out == "dash: 1: nosuchcommand: not found\nrc=127\n", out
    out = sh.run("dash -c 'if then' 2>&1; echo rc=$?")
    assert "Syntax error" in out and out.endswith("rc=2\n"), out
    out = sh.run("dash /nosuch.sh 2>&1; echo rc=$?")
    assert out == "dash: 0: cannot open /nosuch.sh: No such file\nrc=2\n", out
