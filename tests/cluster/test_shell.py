"""A node boots to a shell on its serial console; usertests and shell
scenarios run as a user would run them."""
import re

import pytest

from conftest import Node
from shell import Shell, USERTESTS_TIMEOUT


@pytest.fixture
def sh(boot):
    return Shell(boot("", mem=64))


def test_usertests_all_pass(sh):
    out = sh.run("usertests", timeout=USERTESTS_TIMEOUT)
    assert "ALL TESTS PASSED" in out, out
    assert "FAILED" not in out, out
    assert sh.status() == 0


def test_usertests_with_16_mib(boot):
    # Small memory: forks, sbrk and large pipes run into the limit and must
    # fail cleanly, never take the kernel down.
    sh = Shell(boot("", mem=16))
    out = sh.run("usertests", timeout=USERTESTS_TIMEOUT)
    assert "ALL TESTS PASSED" in out, out


def test_usertests_single_case_and_unknown(sh):
    out = sh.run("usertests pipeeof")
    assert "pipeeof: OK" in out and "ALL TESTS PASSED" in out
    sh.run("usertests no_such_case")
    assert sh.status() != 0


def test_pipelines(sh):
    assert sh.run("echo one two three | wc -w").strip() == "3"
    assert sh.run("ls /bin | grep -c sh").strip() != "0"
    assert sh.run("echo abc | cat | cat | cat").strip() == "abc"


def test_redirection(sh):
    sh.run("echo first > /f1")
    sh.run("echo second >> /f1")
    assert sh.run("cat /f1") == "first\nsecond\n"
    assert sh.run("wc -l < /f1").strip() == "2"
    sh.run("echo over > /f1")
    assert sh.run("cat /f1") == "over\n"
    sh.run("rm /f1")
    assert "No such file" in sh.run("cat /f1")


def test_a_script_runs_by_its_name(sh):
    # The kernel reads the "#!" line: the script runs as "/bin/sh /s.sh ARGS".
    sh.run("echo '#!/bin/sh' > /s.sh")
    sh.run("echo 'echo hello $1 from $0' >> /s.sh")
    assert sh.run("/s.sh there") == "hello there from /s.sh\n"
    assert sh.status() == 0
    sh.run("echo '#!/no/such/shell' > /s.sh")
    assert "not found" in sh.run("/s.sh")   # its interpreter is missing
    assert sh.status() != 0
    sh.run("rm /s.sh")


def test_quoting_and_status(sh):
    assert sh.run("echo 'a  b' \"c  d\"") == "a  b c  d\n"
    sh.run("false")
    assert sh.status() == 1
    sh.run("true")
    assert sh.status() == 0
    sh.run("sh -c 'exit 7'")
    assert sh.status() == 7
    sh.run("no_such_program")
    assert sh.status() == 127
    # $? is expanded for each command just before it runs, not per line.
    assert sh.run("false; echo $?") == "1\n"
    assert sh.run("sh -c 'exit 3'; echo $?") == "3\n"


def test_sequence_cd_and_scripts(sh):
    assert sh.run("mkdir /d1; cd /d1; pwd") == "/d1\n"
    sh.run("echo 'echo from script' > s.sh")
    sh.run("echo 'echo line two' >> s.sh")
    assert sh.run("sh s.sh") == "from script\nline two\n"
    sh.run("cd /")
    assert sh.run("pwd") == "/\n"


def test_ps_lists_processes(sh):
    out = sh.run("ps")
    assert re.search(r"PID\s+PPID", out)
    assert re.search(r"^\s*1\s+0\s+\w\s+.*init$", out, re.M), out
    assert re.search(r"\bsh$", out, re.M)
    assert re.search(r"\bps$", out, re.M)


def listed_in_ps(sh, pid):
    return re.search(r"^\s*%d\s" % pid, sh.run("ps"), re.M) is not None


def test_background_job_and_kill(sh):
    pid = sh.bg("spin 1000")
    assert listed_in_ps(sh, pid)
    sh.run("kill %d" % pid)
    sh.run("sleep 1")
    assert not listed_in_ps(sh, pid)


def test_ctrl_c_interrupts_foreground_job(sh):
    sh.node.child.sendline("spin 1000")
    sh.node.expect(r"spin 1000\r*\n")
    sh.node.child.send("\x03")
    sh.node.expect(r"\^C\r*\n")
    sh.node.expect(r"\$ ")
    assert sh.status() == 130   # 128 + SIGINT
    assert sh.run("echo still here") == "still here\n"


def test_null_dereference_kills_program_not_shell(sh):
    out = sh.run("segv")
    assert "segmentation fault" in out, out
    assert "still alive" not in out
    assert sh.status() == 128 + 11
    assert sh.run("echo alive") == "alive\n"


def test_proc_files(sh):
    assert re.search(r"MemTotal:\s+\d+ kB", sh.run("cat /proc/meminfo"))
    assert re.match(r"\d+\.\d\d \d+\.\d\d\n", sh.run("cat /proc/uptime"))
    assert re.match(r"\d+\.\d\d \d+\.\d\d \d+\.\d\d \d+/\d+ \d+\n", sh.run("cat /proc/loadavg"))
    pid = sh.run("echo $$").strip()
    status = sh.run("cat /proc/%s/status" % pid)
    assert "Name:\tsh" in status and "Pid:\t%s\n" % pid in status, status
    assert "Name:\tinit" in sh.run("cat /proc/1/status")
    assert "Mem:" in sh.run("free") or "total" in sh.run("free")


def test_init_survives_signals_from_users(sh):
    # Init has no handlers: every signal that would kill or stop it is
    # refused, and the node carries on.
    for sig in ("HUP", "QUIT", "USR1", "USR2", "PIPE", "ALRM", "SEGV", "TERM",
                "KILL", "STOP", "TSTP"):
        sh.run("kill -%s 1" % sig)
        assert sh.status() != 0, sig
    assert "Name:\tinit" in sh.run("cat /proc/1/status")
    assert sh.run("echo alive") == "alive\n"


def cpu_ticks(sh, pid):
    status = sh.run("cat /proc/%d/status" % pid)
    return status, int(re.search(r"CpuTicks:\t(\d+)", status).group(1))


def test_stop_and_continue(sh):
    pid = sh.bg("spin 1000")
    sh.run("kill -STOP %d" % pid)
    assert sh.status() == 0
    status, before = cpu_ticks(sh, pid)
    assert "State:\tT (stopped)" in status, status
    sh.run("sleep 1")
    status, after = cpu_ticks(sh, pid)
    assert after == before, (before, after)      # a stopped process gets no CPU
    sh.run("kill -CONT %d" % pid)
    sh.run("sleep 1")
    status, resumed = cpu_ticks(sh, pid)
    assert "T (stopped)" not in status and resumed > after, status
    sh.run("kill -KILL %d" % pid)
    sh.run("sleep 1")
    assert not listed_in_ps(sh, pid)


def test_line_editing_and_ctrl_d(sh):
    # Backspace (DEL, as terminals send it, and ^H) erases the last character.
    sh.node.child.send("echo abxx\x7f\x08c\r")
    sh.node.expect(r"\r*\nabc\r*\n")
    sh.node.expect(r"\$ ")
    # Ctrl-D at an empty prompt ends the shell; init starts a new one.
    sh.node.child.send("\x04")
    sh.node.expect(r"init: shell exited with status 0, restarting\r*\n")
    sh.node.expect(r"\$ ")
    assert sh.run("echo new shell") == "new shell\n"


def test_small_programs(sh):
    assert sh.run("uname") == "cluster-os\n"
    assert re.match(r"cluster-os \S+ .* i686\n", sh.run("uname -a"))
    assert re.search(r"up .*load average", sh.run("uptime"))
    free = sh.run("free")
    assert re.search(r"Mem:\s+\d+\s+\d+\s+\d+", free), free
    assert sh.run("cat /dev/null | wc -c").strip() == "0"


def test_usertests_quick(sh):
    out = sh.run("usertests -q", timeout=USERTESTS_TIMEOUT)
    assert "ALL TESTS PASSED" in out and "FAILED" not in out, out
    assert sh.status() == 0


def test_job_control_ctrl_z_jobs_bg_fg(sh):
    """The console's shell is dash: Ctrl-Z stops the foreground job (the
    console sends SIGTSTP to its group; the shell's waitpid WUNTRACED sees
    the stop), jobs lists it, bg and fg resume it, Ctrl-C ends it."""
    pid = sh.bg("spin 1000 > /dev/null")
    sh.node.child.sendline("sleep 300")
    sh.node.expect(r"sleep 300\r*\n")
    sh.node.child.send("\x1a")
    sh.node.expect(r"\^Z\r*\n")
    sh.node.expect(r"\[2\] \+ Stopped\s+sleep 300\r*\n")
    sh.node.expect(r"\$ ")
    out = sh.run("jobs")
    assert re.search(r"^\[2\] \+ Stopped\s+sleep 300$", out, re.M), out
    assert re.search(r"^\[1\] - Running\s+spin 1000 1>/dev/null$", out, re.M), out
    assert re.search(r"^\[2\] sleep 300$", sh.run("bg %2"), re.M)
    assert re.search(r"^\[2\] \+ Running\s+sleep 300$", sh.run("jobs"), re.M)
    sh.node.child.sendline("fg %2")
    sh.node.expect(r"fg %2\r*\nsleep 300\r*\n")
    sh.node.child.send("\x03")
    sh.node.expect(r"\^C\r*\n")
    sh.node.expect(r"\$ ")
    out = sh.run("jobs")
    assert "sleep 300" not in out and "spin 1000" in out, out
    out = sh.run("kill %%1; wait %d; echo rc=$?" % pid)
    assert re.search(r"^rc=143$", out, re.M), out   # 128 + SIGTERM


def test_trap_on_ctrl_c_from_the_console(sh):
    """A trap on INT runs when Ctrl-C is typed; the shell goes on."""
    sh.node.child.sendline("trap 'echo caught INT' INT; sleep 300; echo after")
    sh.node.expect(r"echo after\r*\n")
    sh.node.child.send("\x03")
    sh.node.expect(r"\^C\r*\n")
    sh.node.expect(r"caught INT\r*\n")
    sh.node.expect(r"\$ ")
    assert sh.run("trap - INT; echo still here") == "still here\n"
