"""The real peer for bench/net: Linux i386 guests in the same QEMU, on the
same emulated card, running the same udpecho and udpblast as our nodes.

Debian's i386 kernel (linux-image-686) and busybox-static are fetched with
apt-get download through a private apt state under build/linux-peer/apt
(the host's apt configuration and architectures are left alone; apt checks
the packages against Debian's signed archive), unpacked with dpkg-deb -x,
never installed. udpecho.c and udpblast.c from userland/bin are built for
Linux with the cross compiler the kernel is built with (its glibc, static),
so both sides run the very same programs. The initramfs holds busybox,
the two programs and the card's driver modules; its /init brings eth0 up
with the address from the command line and runs a shell on the serial
console, which the bench types into.

    g = LinuxGuest(netns, "lxtap1", "e1000", "52:54:00:77:02:01", "10.77.0.201")
    g.start(); g.wait_ready()
    print(g.run("udpblast -n 100 10.77.0.202"))
    g.stop()
"""
import glob
import os
import re
import select
import shutil
import subprocess
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DIR = os.path.join(ROOT, "build", "linux-peer")
MIRROR = "http://deb.debian.org/debian"
KEYRING = "/usr/share/keyrings/debian-archive-keyring.gpg"
CROSS_CC = "i686-linux-gnu-gcc"
BOOT_TIMEOUT = 300      # QEMU start to the guest's shell, under TCG on a busy host
RUN_TIMEOUT = 600

# The Linux driver for each QEMU card model (Linux's default for it). QEMU's
# rtl8139 says PCI revision 0x20, which 8139too refuses and 8139cp takes.
DRIVERS = {"e1000": "e1000", "rtl8139": "8139cp", "ne2k_pci": "ne2k-pci"}

INIT = r"""#!/bin/busybox sh
/bin/busybox mkdir -p /proc /sys /dev /tmp
/bin/busybox mount -t proc proc /proc
/bin/busybox --install -s /bin
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
arg() { sed -n "s/.*$1=\([^ ]*\).*/\1/p" /proc/cmdline; }
for m in $(arg peer_mods | tr , ' '); do insmod /lib/net/$m.ko || echo "peer: insmod $m failed"; done
ip link set lo up
ip link set eth0 up
ip addr add $(arg peer_ip)/24 dev eth0
stty -echo 2>/dev/null
echo "peer: ready"
export PS1=
exec sh
"""


def _sh(cmd, **kw):
    return subprocess.run(cmd, check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, **kw)


def _apt(args):
    """apt-get with the private state in DIR/apt: i386 packages only."""
    apt = os.path.join(DIR, "apt")
    opts = ["-o", "Dir::State=%s/state" % apt, "-o", "Dir::State::status=%s/status" % apt,
            "-o", "Dir::Cache=%s/cache" % apt,
            "-o", "Dir::Etc::SourceList=%s/sources.list" % apt,
            "-o", "Dir::Etc::SourceParts=%s/none" % apt,
            "-o", "APT::Architecture=i386", "-o", "APT::Architectures::=i386",
            "-o", "APT::Sandbox::User=root"]
    return _sh(["apt-get", "-q"] + opts + args, cwd=os.path.join(apt, "deb"))


def fetch():
    """Debian's i386 kernel and busybox under DIR/x; returns the vmlinuz path."""
    found = glob.glob(os.path.join(DIR, "x", "boot", "vmlinuz-*"))
    if found and os.path.exists(os.path.join(DIR, "x", "bin", "busybox")):
        return found[0]
    apt = os.path.join(DIR, "apt")
    for d in ("state/lists/partial", "cache/archives/partial", "deb", "none"):
        os.makedirs(os.path.join(apt, d), exist_ok=True)
    with open(os.path.join(apt, "sources.list"), "w") as f:
        f.write("deb [signed-by=%s] %s bookworm main\n" % (KEYRING, MIRROR))
    open(os.path.join(apt, "status"), "w").close()
    print("linux-peer: fetching Debian's i386 kernel and busybox-static", flush=True)
    _apt(["update"])
    # linux-image-686 is a metapackage: its dependency is the kernel itself.
    deps = _sh(["apt-cache", "-o", "Dir::State=%s/state" % apt,
                "-o", "Dir::State::status=%s/status" % apt, "-o", "Dir::Cache=%s/cache" % apt,
                "-o", "APT::Architecture=i386", "depends", "linux-image-686"]).stdout
    image = re.search(r"Depends: (linux-image-[0-9][^\s:]*)", deps).group(1)
    _apt(["download", image, "busybox-static"])
    x = os.path.join(DIR, "x")
    shutil.rmtree(x, ignore_errors=True)
    for deb in glob.glob(os.path.join(apt, "deb", "*.deb")):
        _sh(["dpkg-deb", "-x", deb, x])
    return glob.glob(os.path.join(x, "boot", "vmlinuz-*"))[0]


def _module_deps(path):
    """The modules a .ko needs first (its .modinfo's depends=)."""
    with open(path, "rb") as f:
        m = re.search(rb"depends=([\w,-]*)\0", f.read())
    return [d for d in m.group(1).decode().split(",") if d] if m else []


def _modules_in_order(name, modules):
    """name and what it depends on, dependencies first."""
    order = []
    def visit(n):
        for d in _module_deps(modules[n]):
            visit(d)
        if n not in order:
            order.append(n)
    visit(name)
    return order


def build_initrd():
    """DIR/peer.cpio: busybox, udpecho, udpblast, the driver modules."""
    vmlinuz = fetch()
    out = os.path.join(DIR, "peer.cpio")
    sources = [os.path.join(ROOT, "userland", "bin", p + ".c") for p in ("udpecho", "udpblast")]
    if os.path.exists(out) and all(os.path.getmtime(s) < os.path.getmtime(out) for s in sources):
        return vmlinuz, out
    root = os.path.join(DIR, "root")
    shutil.rmtree(root, ignore_errors=True)
    os.makedirs(os.path.join(root, "bin"))
    os.makedirs(os.path.join(root, "lib", "net"))
    shutil.copy(os.path.join(DIR, "x", "bin", "busybox"), os.path.join(root, "bin"))
    for src in sources:
        prog = os.path.basename(src)[:-2]
        _sh([CROSS_CC, "-static", "-O2", "-o", os.path.join(root, "bin", prog), src])
    modules = {os.path.basename(p)[:-3].replace("_", "-"): p
               for p in glob.glob(os.path.join(DIR, "x", "lib", "modules", "*", "kernel",
                                               "drivers", "net", "**", "*.ko"), recursive=True)}
    for driver in DRIVERS.values():
        for m in _modules_in_order(driver, modules):
            shutil.copy(modules[m], os.path.join(root, "lib", "net", m + ".ko"))
    with open(os.path.join(root, "init"), "w") as f:
        f.write(INIT)
    os.chmod(os.path.join(root, "init"), 0o755)
    files = _sh(["find", "."], cwd=root).stdout
    with open(out + ".tmp", "wb") as f:
        subprocess.run(["cpio", "-o", "-H", "newc", "--quiet"], input=files.encode(), cwd=root,
                       stdout=f, check=True)
    os.rename(out + ".tmp", out)
    return vmlinuz, out


class LinuxGuest:
    """One Linux guest on a tap of the cluster's bridge, its shell on a pipe."""

    def __init__(self, netns, tap, model, mac, ip):
        self.netns, self.tap, self.model, self.mac, self.ip = netns, tap, model, mac, ip
        self.proc = None
        self.buf = b""

    def start(self):
        vmlinuz, initrd = build_initrd()
        ns = ["ip", "netns", "exec", self.netns]
        _sh(ns + ["ip", "tuntap", "add", self.tap, "mode", "tap"])
        _sh(ns + ["ip", "link", "set", self.tap, "master", "br0", "up"])
        modules = {os.path.basename(p)[:-3]: p
                   for p in glob.glob(os.path.join(DIR, "root", "lib", "net", "*.ko"))}
        mods = _modules_in_order(DRIVERS[self.model], modules)
        append = "console=ttyS0 quiet loglevel=1 peer_ip=%s peer_mods=%s" % (self.ip,
                                                                            ",".join(mods))
        self.proc = subprocess.Popen(
            ns + ["qemu-system-i386", "-accel", "tcg", "-m", "128", "-display", "none",
                  "-no-reboot", "-nodefaults", "-serial", "stdio", "-monitor", "none",
                  "-kernel", vmlinuz, "-initrd", initrd, "-append", append,
                  "-netdev", "tap,id=n0,ifname=%s,script=no,downscript=no" % self.tap,
                  "-device", "%s,netdev=n0,mac=%s" % (self.model, self.mac)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)

    def _read_until(self, pattern, timeout):
        """Read the console until pattern matches; returns the match."""
        deadline = time.monotonic() + timeout
        rx = re.compile(pattern, re.S)
        while True:
            m = rx.search(self.buf)
            if m:
                self.buf = self.buf[m.end():]
                return m
            left = deadline - time.monotonic()
            if left <= 0 or self.proc.poll() is not None:
                raise TimeoutError("linux peer %s: no %r; got:\n%s" %
                                   (self.ip, pattern, self.buf.decode(errors="replace")))
            r, _, _ = select.select([self.proc.stdout], [], [], min(left, 1.0))
            if r:
                self.buf += os.read(self.proc.stdout.fileno(), 65536)

    def wait_ready(self, timeout=BOOT_TIMEOUT):
        self._read_until(rb"peer: ready\r?\n", timeout)

    def run(self, cmd, timeout=RUN_TIMEOUT):
        """Run cmd in the guest's shell; its output (the exit status is not
        checked: udpblast exits 1 on a lost datagram, which the bench shows)."""
        self.proc.stdin.write(cmd.encode() + b"\necho \"@@end$?@@\"\n")
        self.proc.stdin.flush()
        m = self._read_until(rb"(.*?)@@end(\d+)@@\r?\n", timeout)
        return m.group(1).decode(errors="replace").replace("\r\n", "\n")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        subprocess.run(["ip", "-n", self.netns, "link", "del", self.tap],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
