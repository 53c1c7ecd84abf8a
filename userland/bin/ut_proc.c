// usertests cases about processes: fork, exec, kill, wait, orphans.
#include "ut.h"

// Fork until the kernel refuses with EAGAIN or ENOMEM, then reap all.
int t_forkstorm(void)
{
    int gate[2];
    if (pipe(gate) < 0)
        return fail("pipe: %s", strerror(errno));
    static pid_t pids[FORK_MAX];
    int n = 0, err = 0;
    for (; n < FORK_MAX; n++) {
        pid_t pid = fork();
        if (pid < 0) {
            err = errno;
            break;
        }
        if (pid == 0) {
            char c;
            close(gate[1]);
            read(gate[0], &c, 1);   // returns 0 when the parent closes its end
            _exit(0);
        }
        pids[n] = pid;
    }
    close(gate[1]);
    close(gate[0]);
    for (int i = 0; i < n; i++) {
        int st = wait_for(pids[i]);
        if (st < 0 || !WIFEXITED(st))
            return fail("child %d: status %d", pids[i], st);
    }
    if (n == FORK_MAX)
        return fail("%d forks and no limit", n);
    if (err != EAGAIN && err != ENOMEM)
        return fail("fork failed with %s", strerror(err));
    if (wait(NULL) != -1 || errno != ECHILD)
        return fail("extra children after the storm");
    pid_t pid = fork();
    if (pid == 0)
        _exit(7);
    if (pid < 0 || wait_for(pid) != (7 << 8))
        return fail("fork after the storm does not work");
    return 0;
}

// exec of a file that does not exist.
int t_exec_missing(void)
{
    char *argv[] = { "nope", NULL };
    if (execve("/no/such/program", argv, environ) != -1 || errno != ENOENT)
        return fail("execve gave errno %d, want ENOENT", errno);
    return 0;
}

// Write len bytes of text to a file, exec it, remove it: 0 when execve
// failed with errno want, else fail()'s -1.
static int exec_refused(const char *text, size_t len, int want)
{
    if (make_file("refused", text, len) < 0)
        return -1;
    char *argv[] = { "refused", NULL };
    int r = execve("refused", argv, environ);
    int e = errno;
    unlink("refused");
    if (r != -1 || e != want)
        return fail("\"%.20s\": execve gave errno %d, want %d", text, e, want);
    return 0;
}

// exec of text that is not a program: fails with ENOEXEC.
int t_exec_garbage(void)
{
    static const char junk[] = "this is not an ELF file\n\x7f" "ELG\x01\x01\x01 and more junk";
    return exec_refused(junk, sizeof(junk), ENOEXEC);
}

// exec of the first 100 bytes of /bin/echo: headers that point past the
// end of the file must be refused, not crash anything.
int t_exec_truncated(void)
{
    char buf[100];
    int fd = open("/bin/echo", O_RDONLY);
    if (fd < 0 || read(fd, buf, sizeof(buf)) != (ssize_t)sizeof(buf))
        return fail("cannot read /bin/echo");
    close(fd);
    if (make_file("truncated", buf, sizeof(buf)) < 0)
        return -1;
    char *argv[] = { "truncated", "hello", NULL };
    int r = execve("truncated", argv, environ);
    int e = errno;
    unlink("truncated");
    if (r != -1 || (e != ENOEXEC && e != EINVAL && e != EIO))
        return fail("execve gave errno %d, want ENOEXEC", e);
    return 0;
}

// Run path with argv in a child, its output read back through a pipe into
// buf (size bytes, NUL-ended). The child's wait status (99 << 8 when its
// execve failed).
static int run_captured(const char *path, char *const argv[], char *buf, size_t size)
{
    int p[2];
    if (pipe(p) < 0)
        return fail("pipe: %s", strerror(errno));
    pid_t pid = fork();
    if (pid == 0) {
        dup2(p[1], 1);
        close(p[0]);
        close(p[1]);
        execve(path, argv, environ);
        _exit(99);
    }
    close(p[1]);
    size_t n = 0;
    ssize_t r;
    while ((r = read(p[0], buf + n, size - 1 - n)) > 0)
        n += (size_t)r;
    close(p[0]);
    buf[n] = '\0';
    return wait_for(pid);
}

// "#!" scripts: the interpreter runs with the line's argument, the
// script's path and the script's arguments (its own argv[0] dropped); a
// bad line, a missing interpreter and an interpreter that is itself a
// script are refused with the errno Linux gives.
int t_exec_script(void)
{
    static const char script[] = "#!/bin/echo  from a script \nthis line is not read\n";
    if (make_file("script", script, sizeof(script) - 1) < 0)
        return -1;
    char buf[128];
    char *argv[] = { "ignored", "one", "two", NULL };
    int st = run_captured("script", argv, buf, sizeof(buf));
    if (st != 0 || strcmp(buf, "from a script script one two\n") != 0)
        return fail("script: status %#x, printed \"%s\"", st, buf);
    struct { const char *text; int err; } bad[] = {
        { "#!\n", ENOEXEC },                       // no interpreter
        { "#!/no/such/interpreter\n", ENOENT },
        { "#!" WORKDIR "/script\n", ENOEXEC },      // a script runs a script
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        if (exec_refused(bad[i].text, strlen(bad[i].text), bad[i].err) < 0)
            return -1;
    // A line longer than the kernel takes.
    char longline[300];
    memset(longline, 'x', sizeof(longline));
    memcpy(longline, "#!/", 3);
    longline[sizeof(longline) - 1] = '\n';
    unlink("script");
    return exec_refused(longline, sizeof(longline), ENOEXEC);
}

// exec of /bin/echo with arguments, its output read back through a pipe.
int t_exec_echo(void)
{
    char buf[64];
    char *argv[] = { "echo", "hello", "from exec", NULL };
    int st = run_captured("/bin/echo", argv, buf, sizeof(buf));
    if (st != 0)
        return fail("echo status %#x", st);
    if (strcmp(buf, "hello from exec\n") != 0)
        return fail("echo printed \"%s\"", buf);
    return 0;
}

// SIGKILL of a child that spins; waitpid reports the signal.
int t_killbusy(void)
{
    pid_t pid = fork();
    if (pid == 0) {
        volatile unsigned long x = 0;
        for (;;)
            x++;
    }
    if (pid < 0)
        return fail("fork: %s", strerror(errno));
    msleep(100);
    if (kill(pid, SIGKILL) < 0)
        return fail("kill: %s", strerror(errno));
    int st = wait_for(pid);
    if (st < 0 || !WIFSIGNALED(st) || WTERMSIG(st) != SIGKILL)
        return fail("status %#x, want killed by SIGKILL", st);
    return 0;
}

// A child that dereferences NULL dies of SIGSEGV.
int t_nullderef(void)
{
    pid_t pid = fork();
    if (pid == 0) {
        *(volatile int *)0 = 1;
        _exit(0);
    }
    int st = wait_for(pid);
    if (st < 0 || !WIFSIGNALED(st) || WTERMSIG(st) != SIGSEGV)
        return fail("status %#x, want killed by SIGSEGV", st);
    pid = fork();
    if (pid == 0) {
        volatile int x = *(volatile int *)0xC0000000;   // kernel memory
        _exit(x);
    }
    st = wait_for(pid);
    if (st < 0 || !WIFSIGNALED(st) || WTERMSIG(st) != SIGSEGV)
        return fail("reading kernel memory: status %#x, want SIGSEGV", st);
    return 0;
}

// waitpid with WNOHANG returns 0 while the child runs; ECHILD for strangers.
int t_wnohang(void)
{
    int st, p[2];
    if (pipe(p) < 0)
        return fail("pipe: %s", strerror(errno));
    // The child runs until the parent closes the pipe, so it is surely
    // alive when WNOHANG asks, however late the scheduler runs either.
    pid_t pid = fork();
    if (pid == 0) {
        char c;
        close(p[1]);
        read(p[0], &c, 1);
        _exit(3);
    }
    close(p[0]);
    if (pid < 0)
        return fail("fork: %s", strerror(errno));
    pid_t r = waitpid(pid, &st, WNOHANG);
    close(p[1]);
    if (r != 0)
        return fail("WNOHANG on a running child gave %d", r);
    if (wait_for(pid) != (3 << 8))
        return fail("wrong exit status");
    if (waitpid(pid, &st, WNOHANG) != -1 || errno != ECHILD)
        return fail("second wait of the child did not give ECHILD");
    if (waitpid(1, &st, 0) != -1 || errno != ECHILD)
        return fail("waiting for init did not give ECHILD");
    return 0;
}

// The grandchild of this process outlives its parent: it must get init as
// parent (getppid() == 1), be reaped by init, and leave /proc.
int t_orphan(void)
{
    int p[2];
    if (pipe(p) < 0)
        return fail("pipe: %s", strerror(errno));
    pid_t child = fork();
    if (child == 0) {
        pid_t g = fork();
        if (g == 0) {
            pid_t parent = getppid();
            for (int i = 0; i < 500 && getppid() == parent; i++)
                msleep(10);
            pid_t now = getppid();
            write(p[1], &now, sizeof(now));
            _exit(0);
        }
        write(p[1], &g, sizeof(g));
        _exit(0);
    }
    close(p[1]);
    pid_t g = 0, gppid = 0;
    if (read(p[0], &g, sizeof(g)) != sizeof(g))
        return fail("no grandchild pid");
    if (wait_for(child) != 0)
        return fail("child failed");
    if (read(p[0], &gppid, sizeof(gppid)) != sizeof(gppid))
        return fail("no report from the grandchild");
    close(p[0]);
    if (gppid != 1)
        return fail("orphan's getppid() is %d, want 1", gppid);
    char path[64], text[512];
    snprintf(path, sizeof(path), "/proc/%d/status", g);
    for (int i = 0; i < 500; i++) {
        if (proc_read(path, text, sizeof(text)) < 0)
            return 0;
        msleep(10);
    }
    return fail("orphan %d still in /proc after 5 s", g);
}
