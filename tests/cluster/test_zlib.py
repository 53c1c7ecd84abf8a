"""zlib 1.2.13, built unmodified from Debian's source with our C library:
its own self-test (test/example.c, /bin/zlibtest) passes in a node, and
its minigzip compresses the node's files into exactly the bytes the
host's zlib (Python's, the same 1.2.13) makes, and back."""
import os
import zlib

import pytest

from shell import Shell

HERE = os.path.dirname(os.path.abspath(__file__))
ROOTFS = os.path.join(HERE, "..", "..", "rootfs")
FILES = ["/share/lua/arith.lua", "/share/lua/strings.lua", "/share/lua/tables.lua",
         "/etc/motd"]
RUN_TIMEOUT = 300


@pytest.fixture(scope="module")
def sh(request):
    from conftest import Node
    node = Node("", mem=64)
    request.addfinalizer(node.close)
    return Shell(node)


def test_zlib_self_test_passes(sh):
    out = sh.run("cd /; zlibtest; echo rc=$?; rm -f foo.gz", timeout=RUN_TIMEOUT)
    assert out.startswith("zlib version 1.2.13 = 0x12d0, compile flags = "), out
    for check in ("uncompress(): hello, hello!", "gzread(): hello, hello!",
                  "gzgets() after gzseek:  hello!", "inflate(): hello, hello!",
                  "large_inflate(): OK", "after inflateSync(): hello, hello!",
                  "inflate with dictionary: hello, hello!"):
        assert check + "\n" in out, out
    assert out.endswith("rc=0\n"), out


def gzip_hex(data):
    """data compressed as minigzip does (gzip wrapper, level 6, no name,
    time 0), as od -A n -t x1 -v prints it."""
    c = zlib.compressobj(6, zlib.DEFLATED, 31)
    z = c.compress(data) + c.flush()
    return "".join(" " + " ".join("%02x" % b for b in z[i:i + 16]) + "\n"
                   for i in range(0, len(z), 16))


@pytest.mark.parametrize("path", FILES)
def test_minigzip_makes_the_hosts_bytes_and_back(sh, path):
    with open(os.path.join(ROOTFS, path.lstrip("/")), "rb") as f:
        data = f.read()
    got = sh.run("minigzip < %s | od -A n -t x1 -v" % path, timeout=RUN_TIMEOUT)
    assert got == gzip_hex(data), (path, got[:200])
    out = sh.run("minigzip < %s | minigzip -d | cmp - %s; echo rc=$?" % (path, path),
                 timeout=RUN_TIMEOUT)
    assert out == "rc=0\n", out


def test_minigzip_refuses_a_damaged_stream(sh):
    # A gzip stream cut in the middle: an error and a failed status, never
    # a crash or data made up.
    out = sh.run("minigzip < /share/lua/arith.lua | head -c 100 > /cut.gz; "
                 "minigzip -d < /cut.gz > /dev/null; echo rc=$?; rm /cut.gz", timeout=RUN_TIMEOUT)
    assert "rc=1" in out and "minigzip" in out, out
