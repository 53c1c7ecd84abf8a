"""The kernel boots, from QEMU's -kernel and from the ISO through GRUB, and
reports its version, memory and command line; faults give a full report."""
import os
import re

import pytest

from conftest import BOOT_TIMEOUT, BUILD, symbolize

BANNER = r"cluster-os (\d+\.\d+\.\d+) \(i386"
MEMORY = r"memory: (\d+) MiB RAM, (\d+) MiB managed, (\d+) MiB free"


def test_boots_with_kernel_option_and_reports_banner(boot):
    n = boot("ip=10.77.0.11/24 node=3 quiet", mem=64)
    n.expect(BANNER, timeout=BOOT_TIMEOUT)
    n.expect(MEMORY)
    n.expect(r"boot: QEMU -kernel \(direct, no boot loader\)\r")
    n.expect(r"command line: ip=10.77.0.11/24 node=3 quiet\r")
    n.expect(r"module 0: \S*initrd.cpio, \d+ bytes")
    n.expect(r"idle: ready")


def test_boots_from_iso_through_grub(boot):
    n = boot("", mem=64, iso=True)
    n.expect(r"GNU GRUB|cluster-os", timeout=BOOT_TIMEOUT)
    n.expect(BANNER, timeout=BOOT_TIMEOUT)
    n.expect(r"boot: GRUB \S+ from disk or CD \(BIOS drive e0\)\r")
    # GRUB passes the entry's words; the kernel drops its own file name.
    n.expect(r"command line: init=/bin/init\r")
    n.expect(r"module 0: \S*initrd\S*, \d+ bytes")
    n.expect(r"idle: ready")


@pytest.mark.parametrize("mem", [16, 64, 1024])
def test_memory_is_reported_for_each_size(boot, mem):
    n = boot("", mem=mem)
    m = n.expect(MEMORY, timeout=BOOT_TIMEOUT)
    ram, managed, free = int(m.group(1)), int(m.group(2)), int(m.group(3))
    # The BIOS keeps a few hundred KiB (below 1 MiB and at the top).
    assert mem - 2 <= ram <= mem
    # The direct map reaches 896 MiB: more RAM than that is not managed.
    # The rest is, except the first MiB, the modules, and the kernel image
    # with the frame table (under 2 MiB).
    n.expect(r"idle: ready")
    modules = sum(int(b) for b in re.findall(r"module \d+: \S+, (\d+) bytes", n.output()))
    assert managed <= min(ram, 896)
    # (managed is printed in whole MiB, rounded down: up to 1 MiB more.)
    assert managed + 1 > min(ram, 896) - 1 - modules / 2**20 - 2
    # The kernel and its tables take well under 2 MiB.
    assert managed - 2 <= free <= managed


def test_missing_initrd_is_reported(boot):
    n = boot("", mem=64, initrd="")
    n.expect(r"initrd: no initrd module was given", timeout=BOOT_TIMEOUT)
    n.expect(r"idle: ready")


def test_garbage_initrd_is_reported(boot, tmp_path):
    bad = tmp_path / "initrd.cpio"
    bad.write_bytes(os.urandom(3000))
    n = boot("", mem=64, initrd=str(bad))
    n.expect(r"initrd: .*not a cpio", timeout=BOOT_TIMEOUT)
    n.expect(r"idle: ready")


def crash_report(boot, what):
    n = boot("crash=%s panic=exit" % what, mem=64, expect_crash=True)
    n.expect(r"selftest: crashing on purpose: %s" % what, timeout=BOOT_TIMEOUT)
    status = n.wait_exit()
    # isa-debug-exit: QEMU exits with (1 << 1) | 1 = 3 when the kernel halts.
    assert status == 3, n.output()
    return n.output()


def trace_functions(out):
    block = out.split("stack trace:")[1]
    addrs = re.findall(r"#\d+ ([0-9a-f]{8})", block)
    assert len(addrs) >= 3, out
    return symbolize(addrs)


def test_page_fault_report(boot):
    out = crash_report(boot, "pagefault")
    assert "*** page fault (vector 14), error code 00000002" in out
    assert "faulting address 00000010: page not present, write, kernel mode" in out
    for reg in ("eip", "eax", "ebx", "esp", "ebp", "cr2", "cr3"):
        assert re.search(r"\b%s [0-9a-f]{8}" % reg, out), reg
    funcs = trace_functions(out)
    assert funcs[0] == "crash_pagefault", funcs
    assert "crash" in funcs and "kmain" in funcs, funcs
    assert "PANIC: unhandled page fault in the kernel" in out


def test_divide_error_report(boot):
    out = crash_report(boot, "divide")
    assert "*** divide error (vector 0)" in out
    assert trace_functions(out)[0] == "crash_divide"


def test_invalid_opcode_report(boot):
    out = crash_report(boot, "invalidop")
    assert "*** invalid opcode (vector 6)" in out


def test_panic_report(boot):
    out = crash_report(boot, "panic")
    assert "PANIC: selftest panic 42" in out
    funcs = trace_functions(out)
    assert funcs[0] == "crash" and "kmain" in funcs, funcs


def test_heap_double_free_is_caught(boot):
    out = crash_report(boot, "doublefree")
    assert re.search(r"PANIC: kfree\(0x[0-9a-f]+\): double free", out)


def test_heap_overrun_is_caught(boot):
    out = crash_report(boot, "overrun")
    assert re.search(r"PANIC: kfree\(0x[0-9a-f]+\): write past the end of a block", out)
