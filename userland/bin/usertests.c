// usertests: tests of the kernel through its system calls, as xv6's. A
// table of named cases; each runs in a child process and passes only by
// writing "OK" to a pipe, so a case that crashes, exits early or is
// replaced by an exec fails. Prints "NAME: OK" or "NAME: FAILED (reason)"
// per case and "ALL TESTS PASSED" (exit 0) only when all passed.
//   usertests          every case, then the page-leak check
//   usertests -q       the quick cases
//   usertests NAME...  the named cases
// Files are made in /usertests.d (removed at the end).
#include "ut.h"

char reason[256];   // why the running case failed

// Record why the case failed; returns -1 for "return fail(...)".
int fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof(reason), fmt, ap);
    va_end(ap);
    return -1;
}

// Wait for pid; its status, or -1.
int wait_for(pid_t pid)
{
    int st;
    pid_t r;
    while ((r = waitpid(pid, &st, 0)) < 0 && errno == EINTR)
        ;
    return r == pid ? st : -1;
}

// Sleep ms milliseconds.
void msleep(long ms)
{
    struct timespec t = { ms / 1000, (ms % 1000) * 1000000 };
    nanosleep(&t, NULL);
}

// Write n bytes of data to a new executable file path.
int make_file(const char *path, const void *data, size_t n)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0755);
    if (fd < 0)
        return fail("create %s: %s", path, strerror(errno));
    if (write(fd, data, n) != (ssize_t)n) {
        close(fd);
        return fail("write %s: %s", path, strerror(errno));
    }
    close(fd);
    return 0;
}

// Byte i of the test pattern.
char pattern(size_t i)
{
    return (char)((i * 7 + i / 251) & 0xff);
}


// One case.
struct test {
    const char *name;     // what the command line names it
    int (*fn)(void);      // 0 on success, else fail()'s -1
    bool quick;           // part of usertests -q
};

static const struct test tests[] = {
    { "exec_missing", t_exec_missing, true },
    { "exec_garbage", t_exec_garbage, true },
    { "exec_truncated", t_exec_truncated, true },
    { "exec_echo", t_exec_echo, true },
    { "exec_script", t_exec_script, true },
    { "ports", t_ports, true },
    { "sigsuspend", t_sigsuspend, true },
    { "wuntraced", t_wuntraced, true },
    { "badptr", t_badptr, true },
    { "nullderef", t_nullderef, true },
    { "killbusy", t_killbusy, true },
    { "wnohang", t_wnohang, true },
    { "orphan", t_orphan, true },
    { "signals", t_signals, true },
    { "sleepintr", t_sleepintr, true },
    { "sleepstop", t_sleepstop, true },
    { "dirflag", t_dirflag, true },
    { "fpu", t_fpu, true },
    { "devices", t_devices, true },
    { "libc", t_libc, true },
    { "sigchld", t_sigchld, true },
    { "dup", t_dup, true },
    { "lseek", t_lseek, true },
    { "ramfs", t_ramfs, true },
    { "pipeeof", t_pipeeof, true },
    { "malloc", t_malloc, true },
    { "bigfile", t_bigfile, false },
    { "pipe1m", t_pipe1m, false },
    { "stack", t_stack, false },
    { "openfiles", t_openfiles, false },
    { "sbrk", t_sbrk, false },
    { "forkstorm", t_forkstorm, false },
};
#define NTESTS (int)(sizeof(tests) / sizeof(tests[0]))

// Run one case in a child; print and return whether it passed.
static bool run(const struct test *t)
{
    printf("%s: ", t->name);
    fflush(stdout);
    int p[2];
    if (pipe(p) < 0) {
        printf("FAILED (pipe: %s)\n", strerror(errno));
        return false;
    }
    pid_t pid = fork();
    if (pid < 0) {
        printf("FAILED (fork: %s)\n", strerror(errno));
        return false;
    }
    if (pid == 0) {
        close(p[0]);
        reason[0] = '\0';
        int r = t->fn();
        if (r == 0)
            write(p[1], "OK", 2);
        else
            write(p[1], reason, strlen(reason));
        _exit(r == 0 ? 0 : 1);
    }
    close(p[1]);
    char msg[256];
    size_t n = 0;
    ssize_t r;
    while (n < sizeof(msg) - 1 && (r = read(p[0], msg + n, sizeof(msg) - 1 - n)) > 0)
        n += (size_t)r;
    msg[n] = '\0';
    close(p[0]);
    int st = wait_for(pid);
    if (st == 0 && strcmp(msg, "OK") == 0) {
        printf("OK\n");
        return true;
    }
    if (st >= 0 && WIFSIGNALED(st))
        printf("FAILED (killed by signal %d%s%s)\n", WTERMSIG(st), n ? ": " : "", msg);
    else if (n == 0)
        printf("FAILED (no result, status %#x)\n", st);
    else
        printf("FAILED (%s)\n", msg);
    return false;
}

// MemFree of /proc/meminfo in KiB, or -1.
static long mem_free(void)
{
    char text[1024];
    if (proc_read("/proc/meminfo", text, sizeof(text)) < 0)
        return -1;
    return proc_number(text, "MemFree");
}

// Remove what the cases may have left in the work directory.
static void clean_workdir(void)
{
    DIR *d = opendir(".");
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            unlink(e->d_name);
    if (d)
        closedir(d);
}

int main(int argc, char **argv)
{
    bool quick = argc == 2 && strcmp(argv[1], "-q") == 0;
    bool named = argc >= 2 && !quick;
    for (int i = 1; named && i < argc; i++) {
        int k = 0;
        while (k < NTESTS && strcmp(tests[k].name, argv[i]) != 0)
            k++;
        if (k == NTESTS) {
            fprintf(stderr, "usertests: no case %s; the cases are:", argv[i]);
            for (k = 0; k < NTESTS; k++)
                fprintf(stderr, " %s", tests[k].name);
            fprintf(stderr, "\n");
            return 2;
        }
    }
    if ((mkdir(WORKDIR, 0755) < 0 && errno != EEXIST) || chdir(WORKDIR) < 0) {
        printf("usertests: cannot use %s: %s\n", WORKDIR, strerror(errno));
        return 1;
    }
    long free_before = mem_free();
    int failed = 0, ran = 0;
    for (int k = 0; k < NTESTS; k++) {
        bool want = !named ? (!quick || tests[k].quick) : false;
        for (int i = 1; named && i < argc; i++)
            if (strcmp(argv[i], tests[k].name) == 0)
                want = true;
        if (!want)
            continue;
        ran++;
        if (!run(&tests[k]))
            failed++;
    }
    clean_workdir();
    chdir("/");
    rmdir(WORKDIR);
    if (!named && !quick) {
        // Let init reap the last orphans before measuring.
        msleep(1000);
        long free_after = mem_free();
        printf("pageleak: ");
        if (free_before < 0 || free_after < 0) {
            printf("FAILED (cannot read MemFree from /proc/meminfo)\n");
            failed++;
        } else if (free_after < free_before - LEAK_TOLERANCE_KB) {
            printf("FAILED (MemFree %ld kB before, %ld kB after, tolerance %d kB)\n",
                   free_before, free_after, LEAK_TOLERANCE_KB);
            failed++;
        } else {
            printf("OK (MemFree %ld kB before, %ld kB after)\n", free_before, free_after);
        }
    }
    if (failed) {
        printf("%d OF %d TESTS FAILED\n", failed, ran);
        return 1;
    }
    printf("ALL TESTS PASSED\n");
    return 0;
}
