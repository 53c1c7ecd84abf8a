// usertests cases about signals and the FPU state of processes.
#include "ut.h"

static volatile sig_atomic_t got_signal;   // the number the handler saw

// The SIGTERM/SIGUSR1 handler: records the signal.
static void on_signal(int sig)
{
    got_signal = sig;
}

// nanosleep interrupted by a handled signal: -1 with EINTR, and the time
// left comes back in rem (more than none, less than asked). The signal is
// sent when the child says it is about to sleep, so no timing matters.
int t_sleepintr(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    if (sigaction(SIGUSR1, &sa, NULL) < 0)
        return fail("sigaction: %s", strerror(errno));
    got_signal = 0;
    pid_t me = getpid();
    int ready[2];
    if (pipe(ready) < 0)
        return fail("pipe: %s", strerror(errno));
    pid_t pid = fork();
    if (pid == 0) {
        char c;
        close(ready[1]);
        read(ready[0], &c, 1);   // the parent is about to sleep
        msleep(100);
        kill(me, SIGUSR1);
        _exit(0);
    }
    close(ready[0]);
    struct timespec req = { 30, 0 }, rem = { -1, -1 };
    write(ready[1], "s", 1);
    int r = nanosleep(&req, &rem);
    int e = errno;
    close(ready[1]);
    wait_for(pid);
    if (r != -1 || e != EINTR)
        return fail("nanosleep gave %d (errno %d), want -1 with EINTR", r, e);
    if (got_signal != SIGUSR1)
        return fail("the handler did not run");
    if (rem.tv_sec < 0 || rem.tv_nsec < 0 || rem.tv_nsec >= 1000000000)
        return fail("rem not set: %ld s %ld ns", (long)rem.tv_sec, (long)rem.tv_nsec);
    if (rem.tv_sec == 0 && rem.tv_nsec == 0)
        return fail("rem is zero after an interrupted 30 s sleep");
    if (rem.tv_sec >= 30)
        return fail("rem is %ld s: no time passed", (long)rem.tv_sec);
    return 0;
}

// Microseconds of CLOCK_MONOTONIC.
static long long now_us(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000000 + t.tv_nsec / 1000;
}

// nanosleep stopped by SIGSTOP and continued by SIGCONT: no handler runs,
// so the call goes on (no EINTR) and ends when it was going to: not
// early, and not a whole sleep after the SIGCONT.
int t_sleepstop(void)
{
    const long long sleep_us = 4000000;
    int out[2];
    if (pipe(out) < 0)
        return fail("pipe: %s", strerror(errno));
    pid_t pid = fork();
    if (pid == 0) {
        long long t[3];
        t[0] = now_us();
        write(out[1], t, sizeof(t[0]));
        struct timespec req = { sleep_us / 1000000, 0 };
        t[1] = nanosleep(&req, NULL) == 0 ? 0 : errno;
        t[2] = now_us();
        write(out[1], t + 1, 2 * sizeof(t[0]));
        _exit(0);
    }
    close(out[1]);
    long long start, res[2];
    if (read(out[0], &start, sizeof(start)) != sizeof(start))
        return fail("no start time from the child");
    msleep(300);
    kill(pid, SIGSTOP);
    msleep(300);
    long long cont = now_us();
    kill(pid, SIGCONT);
    size_t got = 0;
    ssize_t n;
    while (got < sizeof(res) && (n = read(out[0], (char *)res + got, sizeof(res) - got)) > 0)
        got += (size_t)n;
    close(out[0]);
    wait_for(pid);
    if (got != sizeof(res))
        return fail("no result from the child");
    if (res[0] != 0)
        return fail("nanosleep failed with errno %lld after SIGSTOP/SIGCONT", res[0]);
    long long end = res[1], due = start + sleep_us;
    if (end < due)
        return fail("woke %lld us early", due - end);
    if (end - (due > cont ? due : cont) >= 3000000)
        return fail("slept %lld us past its end: the sleep started over", end - due);
    return 0;
}

// The direction flag set by user code (std) when it enters the kernel:
// the kernel's string copies must still run forwards. A system call made
// with DF set moves its bytes right, and a sigreturn that restores DF
// does too; before the kernel cleared DF on entry this corrupted kernel
// memory.
int t_dirflag(void)
{
    int p[2];
    if (pipe(p) < 0)
        return fail("pipe: %s", strerror(errno));
    static char out[300], in[300];
    for (int i = 0; i < (int)sizeof(out); i++)
        out[i] = pattern((size_t)i);
    long r;
    __asm__ volatile("std\n\tint $0x80\n\tcld"
                     : "=a"(r)
                     : "a"(SYS_write), "b"(p[1]), "c"(out), "d"(sizeof(out))
                     : "memory", "cc");
    if (r != (long)sizeof(out))
        return fail("write with DF set returned %ld", r);
    __asm__ volatile("std\n\tint $0x80\n\tcld"
                     : "=a"(r)
                     : "a"(SYS_read), "b"(p[0]), "c"(in), "d"(sizeof(in))
                     : "memory", "cc");
    close(p[0]);
    close(p[1]);
    if (r != (long)sizeof(in))
        return fail("read with DF set returned %ld", r);
    if (memcmp(in, out, sizeof(in)) != 0)
        return fail("the bytes moved with DF set differ");
    return 0;
}

// SIGTERM to a handler (sent by another process), sigreturn resumes the
// interrupted loop with its state intact; SIG_IGN ignores; the mask
// holds a signal back until it is unblocked.
int t_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    if (sigaction(SIGTERM, &sa, NULL) < 0 || sigaction(SIGUSR1, &sa, NULL) < 0)
        return fail("sigaction: %s", strerror(errno));
    got_signal = 0;
    pid_t me = getpid();
    pid_t pid = fork();
    if (pid == 0) {
        msleep(50);
        kill(me, SIGTERM);
        _exit(0);
    }
    volatile unsigned long a = 1, b = 2, c = 3;
    unsigned long rounds = 0;
    while (!got_signal) {
        a += b;
        b ^= a;
        c = c * 3 + 1;
        rounds++;
        if (rounds > 2000000000ul)
            return fail("SIGTERM never arrived");
    }
    wait_for(pid);
    if (got_signal != SIGTERM)
        return fail("handler got %d", got_signal);
    // Recompute the loop: the registers were restored if the values agree.
    unsigned long x = 1, y = 2, z = 3;
    for (unsigned long i = 0; i < rounds; i++) {
        x += y;
        y ^= x;
        z = z * 3 + 1;
    }
    if (x != a || y != b || z != c)
        return fail("state changed across the handler");
    signal(SIGUSR1, SIG_IGN);
    if (raise(SIGUSR1) < 0)
        return fail("raise: %s", strerror(errno));
    sigset_t set, old;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    got_signal = 0;
    if (sigprocmask(SIG_BLOCK, &set, &old) < 0)
        return fail("sigprocmask: %s", strerror(errno));
    raise(SIGTERM);
    msleep(20);
    if (got_signal)
        return fail("a blocked signal was delivered");
    sigprocmask(SIG_SETMASK, &old, NULL);
    for (int i = 0; i < 100 && !got_signal; i++)
        msleep(10);
    if (got_signal != SIGTERM)
        return fail("the unblocked signal was not delivered");
    return 0;
}

// Long enough that the timer preempts the computing processes many times
// in the middle of the loop, with live values in the x87 registers: no
// system calls in the loop, so only a correct save/restore on preemption
// gives each process its own registers back.
#define FPU_ROUNDS 2000000

// A floating point computation whose exact result is known beforehand.
// noinline: every caller runs the same instructions (an inlined copy could
// keep s in an 80-bit register where another spills it to a 64-bit double).
__attribute__((noinline)) static double fpu_work(int seed, int n)
{
    double s = seed;
    for (int i = 1; i <= n; i++) {
        s = s * 1.0000001 + sqrt((double)i) / (double)(i + seed);
    }
    return s;
}

// Two processes compute with doubles at the same time; each result must
// match the one computed alone (the FPU state is saved per process).
int t_fpu(void)
{
    // volatile: compare doubles as stored (64-bit), not as the x87 keeps
    // them in its 80-bit registers, or excess precision decides the result.
    volatile double want1 = fpu_work(1, FPU_ROUNDS);
    volatile double want2 = fpu_work(2, FPU_ROUNDS);
    if (fabs(sqrt(2.0) * sqrt(2.0) - 2.0) > 1e-15 || floor(-2.5) != -3.0 || pow(2, 10) != 1024)
        return fail("basic math wrong");
    pid_t pids[2];
    for (int k = 0; k < 2; k++) {
        pids[k] = fork();
        if (pids[k] == 0) {
            volatile double r = fpu_work(k + 1, FPU_ROUNDS);
            _exit(r == (k ? want2 : want1) ? 0 : 1);
        }
    }
    volatile double again = fpu_work(3, FPU_ROUNDS);
    int bad = 0;
    for (int k = 0; k < 2; k++)
        if (wait_for(pids[k]) != 0)
            bad++;
    if (bad)
        return fail("%d of 2 children computed a wrong result", bad);
    volatile double check = fpu_work(3, FPU_ROUNDS);
    if (again != check)
        return fail("the parent's result changed");
    char text[64];
    snprintf(text, sizeof(text), "%.3f %g %e", 3.14159, 1e-5, 12345.678);
    if (strcmp(text, "3.142 1e-05 1.234568e+04") != 0)
        return fail("printf of doubles gave \"%s\"", text);
    return 0;
}

// sigsuspend: waits with its mask for a signal that runs a handler, then
// the caller's mask is back; a signal its mask blocks, or one ignored
// (SIGCHLD by default), does not end it.
int t_sigsuspend(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sigaction(SIGUSR1, &sa, NULL);
    sigset_t block, old, wait_mask, now;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    sigaddset(&block, SIGUSR2);   // held until we wait: no race with the child
    sigprocmask(SIG_BLOCK, &block, &old);
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid == 0) {
        // SIGUSR2 (blocked by the wait's mask), then our exit (SIGCHLD,
        // ignored), then SIGUSR1, which ends the wait.
        msleep(50);
        kill(parent, SIGUSR2);
        pid_t grandchild = fork();
        if (grandchild == 0)
            _exit(0);
        msleep(50);
        kill(parent, SIGUSR1);
        _exit(0);
    }
    got_signal = 0;
    sigfillset(&wait_mask);
    sigdelset(&wait_mask, SIGUSR1);
    sigdelset(&wait_mask, SIGCHLD);
    int r = sigsuspend(&wait_mask);
    int e = errno;
    sigprocmask(SIG_BLOCK, NULL, &now);
    if (r != -1 || e != EINTR || got_signal != SIGUSR1)
        return fail("sigsuspend gave %d errno %d, handler saw %d", r, e, (int)got_signal);
    if (!sigismember(&now, SIGUSR1) || !sigismember(&now, SIGUSR2) || sigismember(&now, SIGINT))
        return fail("the mask after sigsuspend is not the caller's");
    if (wait_for(pid) != 0)
        return fail("child failed");
    // SIGUSR2 waited, blocked: it is still pending. Take it with a handler.
    got_signal = 0;
    sigaction(SIGUSR2, &sa, NULL);
    sigset_t usr1_only;
    sigemptyset(&usr1_only);
    sigaddset(&usr1_only, SIGUSR1);
    sigprocmask(SIG_SETMASK, &usr1_only, NULL);
    if (got_signal != SIGUSR2)
        return fail("the SIGUSR2 sent during sigsuspend was lost (%d)", (int)got_signal);
    signal(SIGUSR2, SIG_DFL);
    sigprocmask(SIG_SETMASK, &old, NULL);
    signal(SIGUSR1, SIG_DFL);
    // A bad pointer.
    if (syscall(SYS_sigsuspend, (void *)1) != -1 || errno != EFAULT)
        return fail("sigsuspend of a bad pointer: errno %d", errno);
    return 0;
}

// waitpid with WUNTRACED reports a child that stopped, once per stop;
// after SIGCONT it runs on and its exit is reported as usual.
int t_wuntraced(void)
{
    pid_t pid = fork();
    if (pid == 0) {
        raise(SIGSTOP);
        _exit(3);
    }
    int st = 0;
    if (waitpid(pid, &st, WUNTRACED) != pid || !WIFSTOPPED(st) || WSTOPSIG(st) != SIGSTOP)
        return fail("waitpid WUNTRACED gave status %#x", st);
    if (waitpid(pid, &st, WUNTRACED | WNOHANG) != 0)
        return fail("the same stop was reported twice");
    kill(pid, SIGCONT);
    struct rusage ru;
    memset(&ru, 0xff, sizeof(ru));
    if (wait3(&st, 0, &ru) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != 3)
        return fail("after SIGCONT: status %#x", st);
    if (ru.ru_utime.tv_usec < 0 || ru.ru_utime.tv_usec >= 1000000)
        return fail("wait3's usage: %ld us", ru.ru_utime.tv_usec);
    // vfork is a fork; getgroups: one group; stpncpy.
    pid = vfork();
    if (pid == 0)
        _exit(5);
    if (pid < 0 || wait_for(pid) != (5 << 8))
        return fail("vfork");
    gid_t groups[4];
    if (getgroups(0, NULL) != 1 || getgroups(4, groups) != 1 || groups[0] != getgid())
        return fail("getgroups");
    char buf[8];
    volatile size_t six = 6, four = 4;   // sizes the compiler does not check
    memset(buf, 'x', sizeof(buf));
    if (stpncpy(buf, "abc", six) != buf + 3 || memcmp(buf, "abc\0\0\0xx", 8) != 0 ||
        stpncpy(buf, "abcdefgh", four) != buf + 4 || memcmp(buf, "abcd", 4) != 0)
        return fail("stpncpy");
    return 0;
}
