// usertests cases devices, libc and sigchld: the device files, the parts
// of the C library that only a real process can check (non-local jumps,
// exit handlers, local time, file times and modes), and SIGCHLD.
#include "ut.h"
#include <setjmp.h>
#include <utime.h>

// /dev/zero reads as zeros, /dev/null swallows writes and reads as empty.
int t_devices(void)
{
    char buf[300];
    memset(buf, 'x', sizeof(buf));
    int z = open("/dev/zero", O_RDONLY);
    if (z < 0)
        return fail("open /dev/zero: %s", strerror(errno));
    ssize_t n = read(z, buf, sizeof(buf));
    close(z);
    if (n != (ssize_t)sizeof(buf))
        return fail("read /dev/zero: %zd", n);
    for (size_t i = 0; i < sizeof(buf); i++)
        if (buf[i] != 0)
            return fail("/dev/zero byte %zu is %d", i, buf[i]);
    int nul = open("/dev/null", O_RDWR);
    if (nul < 0)
        return fail("open /dev/null: %s", strerror(errno));
    if (write(nul, buf, sizeof(buf)) != (ssize_t)sizeof(buf))
        return fail("write /dev/null: %s", strerror(errno));
    n = read(nul, buf, sizeof(buf));
    close(nul);
    if (n != 0)
        return fail("read /dev/null gave %zd, want 0 (end of file)", n);
    return 0;
}

static jmp_buf jump;
static volatile int depth_reached;
static volatile int dive_limit = 50;

// Recurse n levels, then jump straight back to the caller of setjmp.
static void dive(int n)
{
    volatile char frame[64];
    frame[0] = (char)n;
    depth_reached = n;
    if (n == dive_limit)
        longjmp(jump, 42);
    if (n < dive_limit)
        dive(n + 1);
    (void)frame[0];
}

static int exit_pipe = -1;
static void at_exit_1(void) { write(exit_pipe, "1", 1); }
static void at_exit_2(void) { write(exit_pipe, "2", 1); }

// setjmp/longjmp across frames; atexit handlers run in reverse order on
// exit(); localtime and strftime agree with the epoch; utime, chmod and
// umask change what stat reports.
int t_libc(void)
{
    volatile int kept = 7;
    int v = setjmp(jump);
    if (v == 0) {
        kept = 8;
        dive(0);
        return fail("longjmp did not jump");
    }
    if (v != 42 || depth_reached != 50 || kept != 8)
        return fail("setjmp returned %d, depth %d, kept %d", v, depth_reached, kept);

    int p[2];
    if (pipe(p) < 0)
        return fail("pipe: %s", strerror(errno));
    pid_t pid = fork();
    if (pid == 0) {
        close(p[0]);
        exit_pipe = p[1];
        atexit(at_exit_1);
        atexit(at_exit_2);
        exit(0);
    }
    close(p[1]);
    // Each handler writes on its own, so one read may see only the first
    // byte: read until every writer has closed the pipe.
    char order[8] = "";
    ssize_t n = 0, r;
    while (n < (ssize_t)sizeof(order) - 1 &&
           (r = read(p[0], order + n, sizeof(order) - 1 - (size_t)n)) > 0)
        n += r;
    close(p[0]);
    if (wait_for(pid) != 0 || n != 2 || memcmp(order, "21", 2) != 0)
        return fail("atexit handlers ran as '%.*s', want '21'", n > 0 ? (int)n : 0, order);

    time_t t = 86400 * 365 + 3600 + 61;   // 1971-01-01 01:01:01 UTC
    struct tm *tm = localtime(&t);
    char text[64];
    if (!tm || strftime(text, sizeof(text), "%Y-%m-%d %H:%M:%S %j", tm) == 0 ||
        strcmp(text, "1971-01-01 01:01:01 001") != 0)
        return fail("localtime/strftime gave '%s'", tm ? text : "(null)");

    if (make_file("times", "x", 1) < 0)
        return -1;
    struct utimbuf ub = { 1000000, 2000000 };
    struct stat st;
    if (utime("times", &ub) < 0 || stat("times", &st) < 0)
        return fail("utime: %s", strerror(errno));
    if (st.st_mtime != 2000000)
        return fail("mtime %ld after utime, want 2000000", (long)st.st_mtime);
    if (chmod("times", 0640) < 0 || stat("times", &st) < 0 || (st.st_mode & 07777) != 0640)
        return fail("mode %o after chmod 0640", (unsigned)(st.st_mode & 07777));
    // fchmod changes the open file, wherever its name went since.
    int cfd = open("times", O_RDONLY);
    if (cfd < 0 || rename("times", "times2") < 0 || fchmod(cfd, 0604) < 0 ||
        stat("times2", &st) < 0 || (st.st_mode & 07777) != 0604)
        return fail("mode %o after fchmod 0604", (unsigned)(st.st_mode & 07777));
    if (fchmod(99, 0600) == 0 || errno != EBADF)
        return fail("fchmod of a closed fd did not fail with EBADF");
    // One user owns everything: chown to it works, to another is refused.
    if (fchown(cfd, 0, 0) < 0 || chown("times2", (uid_t)-1, 0) < 0)
        return fail("chown to root: %s", strerror(errno));
    if (chown("times2", 1000, 1000) == 0 || errno != EPERM)
        return fail("chown to another user did not fail with EPERM");
    if (chown("nosuch", 0, 0) == 0 || errno != ENOENT)
        return fail("chown of a missing file did not fail with ENOENT");
    close(cfd);
    rename("times2", "times");
    mode_t old = umask(077);
    int fd = open("masked", O_WRONLY | O_CREAT, 0666);
    umask(old);
    if (fd < 0 || fstat(fd, &st) < 0)
        return fail("open under umask: %s", strerror(errno));
    close(fd);
    if ((st.st_mode & 0777) != 0600)
        return fail("mode %o with umask 077, want 600", (unsigned)(st.st_mode & 0777));
    if (umask(old) != old)
        return fail("umask did not return the previous mask");
    unlink("times");
    unlink("masked");
    return 0;
}

static volatile int chld_seen;
static void on_chld(int sig) { (void)sig; chld_seen++; }

// A child's exit sends its parent SIGCHLD, which a handler can catch.
int t_sigchld(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_chld;
    if (sigaction(SIGCHLD, &sa, NULL) < 0)
        return fail("sigaction: %s", strerror(errno));
    pid_t pid = fork();
    if (pid == 0)
        _exit(3);
    for (int i = 0; i < 200 && !chld_seen; i++)
        msleep(10);
    int st = wait_for(pid);
    if (!chld_seen)
        return fail("no SIGCHLD after the child exited");
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 3)
        return fail("child status %#x", st);
    return 0;
}

// What programs from elsewhere needed of the C library (docs/ports.md):
// temporary files, the C locale, resource limits and usage.
int t_ports(void)
{
    // tmpnam: a name in /tmp that no file has; tmpfile: a file gone from
    // the directory already, readable and writable until closed.
    char a[L_tmpnam], b[L_tmpnam];
    struct stat st;
    if (!tmpnam(a) || !tmpnam(b) || strcmp(a, b) == 0 || strncmp(a, "/tmp/", 5) != 0)
        return fail("tmpnam gave \"%s\" and \"%s\"", a, b);
    if (stat(a, &st) == 0)
        return fail("tmpnam's %s exists", a);
    FILE *f = tmpfile();
    if (!f)
        return fail("tmpfile: %s", strerror(errno));
    char line[32] = "";
    if (fputs("kept\n", f) < 0 || fseek(f, 0, SEEK_SET) != 0 || !fgets(line, sizeof(line), f) ||
        strcmp(line, "kept\n") != 0)
        return fail("tmpfile read back \"%s\"", line);
    fclose(f);
    // The one locale.
    if (!setlocale(LC_ALL, "C") || !setlocale(LC_NUMERIC, "") || !setlocale(LC_ALL, "POSIX") ||
        strcmp(setlocale(LC_ALL, NULL), "C") != 0)
        return fail("setlocale refused the C locale");
    if (setlocale(LC_ALL, "fr_FR.UTF-8") != NULL || setlocale(99, "C") != NULL)
        return fail("setlocale took a locale that is not there");
    if (strcmp(localeconv()->decimal_point, ".") != 0)
        return fail("decimal point \"%s\"", localeconv()->decimal_point);
    // Limits: reported, never changed; usage: the CPU time spent.
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) < 0 || rl.rlim_cur != OPEN_MAX)
        return fail("RLIMIT_NOFILE %lu", (unsigned long)rl.rlim_cur);
    if (setrlimit(RLIMIT_NOFILE, &rl) < 0)
        return fail("setrlimit to the same limit: %s", strerror(errno));
    rl.rlim_cur = 3;
    if (setrlimit(RLIMIT_NOFILE, &rl) != -1 || errno != EPERM)
        return fail("setrlimit changed a limit");
    if (getrlimit(RLIM_NLIMITS, &rl) != -1 || errno != EINVAL)
        return fail("getrlimit of no resource");
    volatile unsigned long spin = 0;
    struct rusage ru;
    do {
        for (int i = 0; i < 1000000; i++)
            spin++;
        if (getrusage(RUSAGE_SELF, &ru) < 0)
            return fail("getrusage: %s", strerror(errno));
    } while (ru.ru_utime.tv_sec == 0 && ru.ru_utime.tv_usec == 0);
    if (ru.ru_utime.tv_usec < 0 || ru.ru_utime.tv_usec >= 1000000)
        return fail("getrusage: %ld us", ru.ru_utime.tv_usec);
    if (getrusage(5, &ru) != -1 || errno != EINVAL)
        return fail("getrusage of nobody");
    return 0;
}
