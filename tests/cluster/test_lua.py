"""Lua 5.4, built unmodified from Debian's source with our C library, runs
the example programs in /share/lua (rootfs/share/lua) with the same output
as the host's lua5.4: numbers, strings, tables, coroutines, metatables,
errors, files and dates exactly; the mathematical functions (mathfn.lua)
to within one unit in the last place."""
import math
import os
import shutil
import struct
import subprocess

import pytest

from shell import Shell

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPTS = os.path.join(HERE, "..", "..", "rootfs", "share", "lua")
HOST_LUA = shutil.which("lua5.4")
RUN_TIMEOUT = 300   # a script under TCG on a busy host

pytestmark = pytest.mark.skipif(HOST_LUA is None, reason="the host has no lua5.4 (tools/deps.sh)")


@pytest.fixture(scope="module")
def sh(request):
    from conftest import Node
    node = Node("", mem=64)
    request.addfinalizer(node.close)
    shell = Shell(node)
    shell.run("cd /share/lua")
    return shell


def host(args):
    # Named "lua" (its messages start with its name), as in the node.
    r = subprocess.run(["lua"] + args, executable=HOST_LUA, cwd=SCRIPTS, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True, env={"LC_ALL": "C", "TZ": "UTC"})
    return r.stdout + "rc=%d\n" % r.returncode


def node(sh, args):
    quoted = " ".join("'%s'" % a for a in args)   # none holds a single quote
    return sh.run("lua %s 2>&1; echo rc=$?" % quoted, timeout=RUN_TIMEOUT)


@pytest.mark.parametrize("args", [["arith.lua"], ["strings.lua"], ["tables.lua"],
                                  ["sieve.lua", "100000", "2"],
                                  ["-e", "print(#arg, arg[0], ...)", "x", "y"],
                                  ["nosuch.lua"]])
def test_same_output_as_the_host(sh, args):
    want = host(args)
    got = node(sh, args)
    assert got == want, (args, got, want)


def ulps(a, b):
    """How many doubles lie between a and b (0: the same double)."""
    if a == b:
        return 0
    if math.isnan(a) or math.isnan(b) or (a < 0) != (b < 0):
        return 1 << 62
    ia = struct.unpack("<q", struct.pack("<d", abs(a)))[0]
    ib = struct.unpack("<q", struct.pack("<d", abs(b)))[0]
    return abs(ia - ib)


def test_math_functions_within_one_ulp_of_the_host(sh):
    want = host(["mathfn.lua"]).splitlines()
    got = node(sh, ["mathfn.lua"]).splitlines()
    assert len(got) == len(want) and len(want) > 500, (len(got), len(want), got[-5:])
    worst = []
    for g, w in zip(got, want):
        if w.startswith("rc="):
            assert g == w
            continue
        gname, garg, gval = g.split("\t")
        wname, warg, wval = w.split("\t")
        assert (gname, garg) == (wname, warg), (g, w)
        d = ulps(float.fromhex(gval), float.fromhex(wval))
        if d > 1:
            worst.append((d, g, w))
    assert not worst, sorted(worst, reverse=True)[:10]
