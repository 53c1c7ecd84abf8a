"""The text tools scripts use (seq, basename, dirname, tee, cmp, diff, tr,
cut, uniq, sort, ...), run in a node and compared with the host's own (GNU, in the C
locale) on the same input: the same standard output and error, and the
same exit status."""
import os
import re
import subprocess

import pytest

from netcluster import KERNEL as KERNEL_ELF, ROOT
from shell import Shell

# The input files: written into the node with echo, and on the host into a
# temporary directory. Words are single-quoted on the node's shell.
FILES = {
    "data.txt": ["banana 3 yellow", "apple 10 red", "Cherry 2 red", "apple 10 red",
                 "date 7 brown", "  elder 1 purple", "fig 22 green", "fig 22 green",
                 "fig 22 green", "Banana 3 yellow", "grape -4 green"],
    "colon.txt": ["a:b:c", "d:e", "no delim here", "1:2:3:4:5", "::"],
    "a": ["abc", "def"],
    "b": ["abc", "deX", "more"],
    "c": ["abc"],
    # Two versions of a small program, for diff.
    "v1.txt": ["#include <stdio.h>", "", "int main(void)", "{", "    int sum = 0;",
               "    for (int i = 0; i < 10; i++)", "        sum += i;",
               "    printf(\"%d\", sum);", "    return 0;", "}", "", "/* end */",
               "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"],
    "v2.txt": ["#include <stdio.h>", "#include <stdlib.h>", "", "int main(void)", "{",
               "    long sum = 0;", "    for (int i = 0; i < 10; i++)", "        sum += i;",
               "    printf(\"%ld\", sum);", "    return 0;", "}", "", "", "/* end */",
               "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"],
}

COMMANDS = [
    # sort
    "sort data.txt", "sort -r data.txt", "sort -n -k2 data.txt", "sort -k2,2 -n -r data.txt",
    "sort -u data.txt", "sort -f data.txt", "sort -b data.txt", "sort -t ' ' -k3 data.txt",
    "sort -k3,3 -k1 data.txt", "sort -t : -k2 colon.txt", "sort data.txt colon.txt",
    # uniq
    "sort data.txt | uniq", "sort data.txt | uniq -c", "sort data.txt | uniq -d",
    "sort data.txt | uniq -u", "sort data.txt | uniq -c -d", "uniq data.txt",
    # cut
    "cut -d : -f 2 colon.txt", "cut -d : -f 1,3- colon.txt", "cut -d : -s -f 2 colon.txt",
    "cut -b 2-4 data.txt", "cut -c -3,5 data.txt", "cut -d ' ' -f 2 data.txt",
    # tr
    "tr a-z A-Z < data.txt", "tr '[:lower:]' '[:upper:]' < data.txt",
    "tr -d '[:digit:]' < data.txt", "tr -s ' ' < data.txt", "tr -cd '[:alpha:]\\n' < data.txt",
    "tr -s a-z A-Z < data.txt", "tr a-f xy < data.txt", "tr -d ' \\n' < data.txt",
    # seq
    "seq 5", "seq 3 7", "seq 10 -3 1", "seq -w 8 11", "seq -w -3 2", "seq -s , 1 4",
    "seq 2 1", "seq 0 0", "seq -s : -w 1 10",
    # basename, dirname
    "basename /a/b/c", "basename a/b/", "basename /", "basename c", "basename a/b.txt .txt",
    "basename /x/.txt .txt", "dirname /a/b/c", "dirname a/b/", "dirname /", "dirname c",
    "dirname //x//y//", "dirname a",
    # cmp
    "cmp a b", "cmp a a", "cmp c a", "cmp a c", "cmp -l a b 2>/dev/null", "cmp -s a b",
    "cmp -l a c 2>/dev/null",
    # tee
    "tee t1 t2 < data.txt > /dev/null; cat t1 t2",
    "echo one | tee -a t1 > /dev/null; echo two | tee -a t1; cat t1",
    # head -c
    "head -c 10 data.txt", "head -c 0 data.txt", "head -c 1000 c",
    # xargs
    "seq 5 | xargs", "seq 7 | xargs -n 3", "seq 3 | xargs -n 1 echo n:", "cut -d ' ' -f 1 data.txt | xargs -t echo",
    "echo 'a b' \"c d\" e\\ f | xargs -n 1", "seq 3 | xargs -I X echo item X X",
    "seq 2 | xargs false", "echo x | xargs nosuchprogram",
    # expr
    "expr 1 + 2", "expr 7 / 2", "expr 7 % 3", "expr 2 '*' 3 + 4", "expr 2 + 3 '*' 4",
    "expr '(' 2 + 3 ')' '*' 4", "expr 5 - 10", "expr abc = abc", "expr abc '<' abd",
    "expr 10 '<' 9", "expr a '|' b", "expr '' '|' b", "expr 0 '|' 0", "expr a '&' 0",
    "expr hello : hel", "expr hello : '.*'", "expr hello : 'h\\(.*\\)o'", "expr hello : x",
    "expr abc123 : '[a-z]*\\([0-9]*\\)'", "expr 1 / 0", "expr a + 1", "expr 5 = 05",
    "expr foo.txt : '\\(.*\\)\\.txt'", "expr ab : 'a$'",
    # find (sorted: the order inside a directory is the file system's own)
    "find tree | sort", "find tree -name '*.txt' | sort", "find tree -type d | sort",
    "find tree -type f -name '[xy]*' | sort", "find tree -maxdepth 1 | sort",
    "find tree/e -name 'z.?'", "find nosuch",
    # stat -c (files only: directories' sizes are the file system's own)
    "stat -c '%n %s %a %A %F' data.txt colon.txt tree/x.txt tree/e/f/deep.txt",
    "stat -c '%s' nosuch 2>/dev/null",
    # od
    "od data.txt", "od -c colon.txt", "od -b a", "od -x b", "od -t x1 -A d data.txt",
    "od -A n -t u1 c", "od -t d1 -A x a b", "cat a b c | od -c",
    "head -c 100 /dev/zero | od", "head -c 100 /dev/zero | od -v -t x1",
    # diff (the unified format's first two lines carry the files' times)
    "diff a b", "diff a a", "diff c a", "diff a c", "diff v1.txt v2.txt", "diff v2.txt v1.txt",
    "diff -q v1.txt v2.txt", "diff -q a a", "cat a | diff - b", "diff nosuch a",
    "diff -u v1.txt v2.txt > d.out; echo diff=$?; tail -n +3 d.out",
    "diff -U 0 v1.txt v2.txt > d.out; echo diff=$?; tail -n +3 d.out",
    "diff -U 1 v2.txt v1.txt > d.out; echo diff=$?; tail -n +3 d.out",
    "diff -U 8 v1.txt v2.txt > d.out; echo diff=$?; tail -n +3 d.out",
    "head -c 9 v1.txt > nl.txt; diff nl.txt v1.txt; diff v1.txt nl.txt",
    "head -c 9 v1.txt > nl.txt; diff -u v1.txt nl.txt > d.out; tail -n +3 d.out",
    "seq 1 30 > s1; seq 1 30 | grep -v 1 > s2; diff s1 s2; diff -U 2 s2 s1 | tail -n +3",
    # wc: its columns as wide as GNU's (pipes and devices: 7; files: their total size's digits)
    "wc data.txt", "wc -l data.txt", "wc a b c", "wc -w a b", "wc < data.txt",
    "wc -l < data.txt", "cat data.txt | wc", "cat data.txt | wc -l", "cat a | wc -c -l",
    "wc a - < b", "cat b | wc a -", "wc -c a /dev/null", "wc nosuch a", "wc -c tree/e/f/deep.txt",
    # tail from a line on
    "tail -n +3 data.txt", "tail -n +1 c", "tail -n +20 data.txt", "seq 5 | tail -n +4",
    # pipelines of them
    "cut -d ' ' -f 1 data.txt | tr A-Z a-z | sort | uniq -c | sort -n -r -k1,1 -k2",
    "seq 20 | sort -r | tr '\\n' , ; echo",
]


# A small tree for find, du and stat.
TREE_DIRS = ["tree", "tree/e", "tree/e/f"]
TREE_FILES = {"tree/x.txt": "x", "tree/e/y.txt": "yy", "tree/e/z.c": "zzz"}
DEEP = "tree/e/f/deep.txt"   # seq 1 1000: 3893 bytes, 8 blocks of 512


@pytest.fixture(scope="module")
def host_dir(tmp_path_factory):
    d = tmp_path_factory.mktemp("tools")
    for name, lines in FILES.items():
        (d / name).write_text("".join(line + "\n" for line in lines))
    for t in TREE_DIRS:
        (d / t).mkdir()
    for f, text in TREE_FILES.items():
        (d / f).write_text(text + "\n")
    (d / DEEP).write_text("".join("%d\n" % i for i in range(1, 1001)))
    return d


@pytest.fixture(scope="module")
def node_sh(request):
    from conftest import Node
    node = Node("", mem=64)
    request.addfinalizer(node.close)
    sh = Shell(node)
    sh.run("mkdir /tools; cd /tools")
    for d in TREE_DIRS:
        sh.run("mkdir %s" % d)
    for f, text in TREE_FILES.items():
        sh.run("echo '%s' > %s" % (text, f))
    sh.run("seq 1 1000 > %s" % DEEP)
    for name, lines in FILES.items():
        sh.run("rm -f %s" % name)
        for line in lines:
            sh.run("echo '%s' >> %s" % (line, name))
    return sh


def both_outputs(cmd):
    """cmd with its standard error in its standard output (unless it
    redirects it itself), then its exit status."""
    return cmd + ("" if "2>" in cmd else " 2>&1") + "; echo rc=$?"


def host(cmd, d):
    r = subprocess.run(["/bin/sh", "-c", both_outputs(cmd)], cwd=d,
                       stdout=subprocess.PIPE, text=True,
                       env={"LC_ALL": "C", "PATH": "/usr/bin:/bin"})
    return r.stdout


@pytest.mark.parametrize("cmd", COMMANDS)
def test_tool_matches_host(cmd, node_sh, host_dir):
    if "tee " in cmd:   # tee's outputs start afresh on both sides
        for f in ("t1", "t2"):
            if os.path.exists(host_dir / f):
                os.unlink(host_dir / f)
        node_sh.run("rm -f t1 t2")
    want = host(cmd, host_dir)
    got = node_sh.run(both_outputs(cmd))
    assert got == want, (cmd, got, want)


def test_help_of_each_tool(node_sh):
    for tool in ("seq", "basename", "dirname", "tee", "cmp", "diff", "tr", "cut", "uniq", "sort",
                 "head", "xargs", "expr", "time", "nproc", "which", "chmod", "ln", "find", "stat",
                 "date", "du", "od", "tail", "df"):
        out = node_sh.run("%s --help; echo rc=$?" % tool)
        assert out.startswith("usage: %s" % tool) and out.endswith("rc=0\n"), out


def test_chmod_which_nproc_time_ln(node_sh):
    sh = node_sh
    sh.run("echo x > m")
    for mode, want in (("600", "-rw-------"), ("u+x", "-rwx------"), ("go+r", "-rwxr--r--"),
                       ("a-w,o-r", "-r-xr-----"), ("=rw", "-rw-r--r--")):
        sh.run("chmod %s m" % mode)
        assert sh.run("ls -l m").startswith(want), (mode, sh.run("ls -l m"))
    assert "invalid mode" in sh.run("chmod u+q m; echo rc=$?") and sh.status() == 0
    assert sh.run("which ls sh") == "/bin/ls\n/bin/sh\n"
    assert sh.run("which nosuch; echo rc=$?") == "rc=1\n"
    assert sh.run("nproc") == "1\n"   # one node, no cluster
    out = sh.run("time sleep 0.3; echo rc=$?")
    lines = out.splitlines()
    assert [l.split()[0] for l in lines[:3]] == ["real", "user", "sys"], out
    assert 0.25 <= float(lines[0].split()[1]) and lines[3] == "rc=0", out
    assert sh.run("time -p false 2>/dev/null; echo rc=$?") == "rc=1\n"
    assert "no links" in sh.run("ln m m2; echo rc=$?") and "rc=1" in sh.run("ln -s m m2; echo rc=$?")


def test_date_du(node_sh):
    sh = node_sh
    import time as hosttime
    now = int(sh.run("date +%s"))
    assert abs(now - hosttime.time()) < 120   # the node's clock is the host's, in UTC
    assert sh.run("date -u +%Y-%m-%d") == hosttime.strftime("%Y-%m-%d\n", hosttime.gmtime(now))
    import re
    assert re.match(r"^\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d UTC \d{4}$", sh.run("date").strip())
    # du: 3893 bytes take 8 blocks of 512 (4 KiB); the totals add up.
    assert sh.run("du -s tree/e/f/deep.txt") == "4\ttree/e/f/deep.txt\n"
    out = sh.run("du tree")
    sizes = {line.split("\t")[1]: int(line.split("\t")[0]) for line in out.splitlines()}
    assert sizes["tree"] >= sizes["tree/e"] >= sizes["tree/e/f"] >= 4, out
    assert "tree/x.txt" not in sizes and "tree/x.txt" in sh.run("du -a tree")
    # df: the root file system is the node's memory; its free room is free memory.
    import re as re2
    lines = sh.run("df").splitlines()
    assert lines[0].split() == ["Filesystem", "1K-blocks", "Used", "Available", "Use%",
                                "Mounted", "on"], lines
    f = lines[1].split()
    assert f[0] == "ramfs" and f[5] == "/" and int(f[1]) == int(f[2]) + int(f[3]), lines
    free_kb = int(re2.search(r"MemFree:\s+(\d+)", sh.run("cat /proc/meminfo")).group(1))
    assert abs(int(f[3]) - free_kb) < 1024, (lines, free_kb)


def test_tail_follows_a_growing_file(node_sh):
    import re
    import time as hosttime
    sh = node_sh
    sh.run("rm -f tf.log tf.out; seq 12 > tf.log")
    pid = sh.bg("tail -f -n 2 tf.log > tf.out")
    sh.run("echo thirteen >> tf.log; echo fourteen >> tf.log")
    deadline = hosttime.monotonic() + 60
    while sh.run("cat tf.out") != "11\n12\nthirteen\nfourteen\n":
        assert hosttime.monotonic() < deadline, sh.run("cat tf.out")
        hosttime.sleep(0.5)
    out = sh.run("kill %s; wait %s; echo rc=$?" % (pid, pid))
    assert "rc=143" in out, out   # ended by SIGTERM (128 + 15)


def test_diff_unified_header(node_sh):
    # The files' names and modification times, as GNU diff prints them.
    out = node_sh.run("diff -u a b | head -n 2")
    stamp = r"\t\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{9} \+0000\n"
    assert re.fullmatch(r"--- a" + stamp + r"\+\+\+ b" + stamp, out), out


def test_proc_profile_counts_ticks_and_names_functions(node_sh):
    # The kernel's sampling profiler (kernel/profile.c) and its reader
    # (tools/profile.py): user ticks from a busy program, kernel ticks from
    # the idle loop (in the scheduler), the TSC's account of idle time.
    import sys
    sys.path.insert(0, os.path.join(ROOT, "tools"))
    import kprofile
    sh = node_sh
    assert sh.run("cat /proc/profile").startswith("off"), "profiler on before it was asked"
    sh.run("echo on > /proc/profile")
    sh.run("spin 1; sleep 1")
    text = sh.run("cat /proc/profile")
    m = re.match(r"ticks (\d+) user (\d+) kernel (\d+) outside 0\n"
                 r"kcycles (\d+) idle (\d+) irq (\d+) irqs (\d+) sched \d+ switches \d+\n", text)
    assert m, text
    ticks, user, kernel, kcycles, idle = (int(m.group(i)) for i in (1, 2, 3, 4, 5))
    assert user > 0 and kernel > 0 and ticks == user + kernel, text
    assert 0 < idle < kcycles, text
    counts, total, _ = kprofile.by_function(text, kprofile.symbols(KERNEL_ELF))
    assert total == ticks and counts["scheduler"] > 0, counts   # the idle loop's hlt
    assert "ran sh" in text or "ran spin" in text, text
    # System calls, which the samples cannot see: counted per number with
    # the cycles of the calling thread only. sleep's nanosleep waited a
    # second, which other threads (the idle loop) had: its own share is
    # small; the shell's waitpid and the programs' execve are there.
    calls = {m.group(1): (int(m.group(2)), int(m.group(3)))
             for m in re.finditer(r"^syscall (\w+) (\d+) (\d+)$", text, re.M)}
    assert calls.get("nanosleep", (0, 0))[0] >= 1 and calls.get("execve", (0, 0))[0] >= 2, text
    assert calls["nanosleep"][1] < kcycles // 10, text
    assert re.search(r"^syscalls args \d+ envelope \d+$", text, re.M), text
    assert "system calls:" in kprofile.report(text, KERNEL_ELF, 10)
    assert sh.run("echo bogus > /proc/profile; echo rc=$?").endswith("rc=1\n")
    sh.run("echo off > /proc/profile")
    assert sh.run("cat /proc/profile").startswith("off")
