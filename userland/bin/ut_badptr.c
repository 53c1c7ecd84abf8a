// usertests case badptr: bad pointers and lengths given to every system
// call that takes a pointer.
#include "ut.h"
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <sys/ioctl.h>
#include <termios.h>

// Addresses no system call may accept: NULL, kernel space, the top of
// memory, and user space that is not mapped (between the heap and the
// stack). Read-only text and ranges that cross 0xC0000000 are tried
// separately below.
static void *const bad_ptrs[] = {
    (void *)0, (void *)0xC0000000, (void *)0xFFFFFFFF, (void *)0xFFFFF000, (void *)0x40000000,
};
#define NBAD (int)(sizeof(bad_ptrs) / sizeof(bad_ptrs[0]))

// Check that a raw system call result is -1 with EFAULT or EINVAL.
static int want_fault(long r, const char *what, const void *ptr)
{
    if (r != -1)
        return fail("%s with %p returned %ld", what, ptr, r);
    if (errno != EFAULT && errno != EINVAL)
        return fail("%s with %p: errno %d, want EFAULT", what, ptr, errno);
    return 0;
}

// The socket calls, each pointer argument in turn bad. Sockets exist on
// every node (lwIP runs with or without a card), so socket() must work.
static int bad_socket_args(void *b)
{
    int s = socket(AF_INET, SOCK_DGRAM, 0);
    if (s < 0)
        return fail("socket: %s", strerror(errno));
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(9) };
    a.sin_addr.s_addr = htonl(0x7f000001);
    socklen_t alen = sizeof(a);
    char buf[16] = "x";
    int r = want_fault(syscall(SYS_bind, s, b, sizeof(a)), "bind addr", b) ||
            want_fault(syscall(SYS_sendto, s, b, 16, 0, &a, sizeof(a)), "sendto buf", b) ||
            want_fault(syscall(SYS_setsockopt, s, SOL_SOCKET, SO_RCVTIMEO, b, 8),
                       "setsockopt value", b);
    if (!r && b != NULL)   // NULL is "no address" for these two
        r = want_fault(syscall(SYS_sendto, s, buf, 1, 0, b, sizeof(a)), "sendto addr", b) ||
            want_fault(syscall(SYS_recvfrom, s, buf, 1, 0, b, &alen),
                       "recvfrom addr", b) ||
            want_fault(syscall(SYS_recvfrom, s, buf, 1, 0, &a, b),
                       "recvfrom addrlen", b);
    if (!r)
        r = want_fault(syscall(SYS_recvfrom, s, b, 16, 0, &a, &alen),
                       "recvfrom buf", b);
    close(s);
    return r ? -1 : 0;
}

// Every system call that takes a pointer, given bad pointers and lengths
// that wrap: each must fail with EFAULT (or EINVAL), never crash.
int t_badptr(void)
{
    int fd = open("/bin/echo", O_RDONLY);
    int p[2];
    if (fd < 0 || pipe(p) < 0)
        return fail("setup: %s", strerror(errno));
    write(p[1], "x", 1);
    int dfd = open("/", O_RDONLY | O_DIRECTORY);
    char buf[64];
    for (int i = 0; i < NBAD; i++) {
        void *b = bad_ptrs[i];
        if (want_fault(syscall(SYS_read, fd, b, 16), "read", b) ||
            want_fault(syscall(SYS_write, p[1], b, 16), "write", b) ||
            want_fault(syscall(SYS_open, b, O_RDONLY, 0), "open", b) ||
            want_fault(syscall(SYS_stat, b, buf), "stat path", b) ||
            want_fault(syscall(SYS_stat, "/", b), "stat buf", b) ||
            want_fault(syscall(SYS_fstat, fd, b), "fstat", b) ||
            want_fault(syscall(SYS_pipe, b), "pipe", b) ||
            want_fault(syscall(SYS_unlink, b), "unlink", b) ||
            want_fault(syscall(SYS_mkdir, b, 0755), "mkdir", b) ||
            want_fault(syscall(SYS_rmdir, b), "rmdir", b) ||
            want_fault(syscall(SYS_chdir, b), "chdir", b) ||
            want_fault(syscall(SYS_getcwd, b, 64), "getcwd", b) ||
            want_fault(syscall(SYS_nanosleep, b, 0), "nanosleep", b) ||
            want_fault(syscall(SYS_uname, b), "uname", b) ||
            want_fault(syscall(SYS_clock_gettime, CLOCK_REALTIME, b), "clock_gettime", b) ||
            want_fault(syscall(SYS_utime, b, 0), "utime", b) ||
            want_fault(syscall(SYS_chmod, b, 0644), "chmod", b) ||
            want_fault(syscall(SYS_rename, b, "x"), "rename from", b) ||
            want_fault(syscall(SYS_rename, "/no-such-file", b), "rename to", b) ||
            want_fault(syscall(SYS_ioctl, 0, TCGETS, b), "ioctl TCGETS", b) ||
            want_fault(syscall(SYS_ioctl, 0, TIOCGWINSZ, b), "ioctl TIOCGWINSZ", b) ||
            want_fault(syscall(SYS_execve, b, 0, 0), "execve path", b))
            return -1;
        if (dfd >= 0 && want_fault(syscall(SYS_getdents, dfd, b, 512), "getdents", b))
            return -1;
        // NULL is a valid "no such argument" for these.
        if (b != NULL &&
            (want_fault(syscall(SYS_gettimeofday, b, 0), "gettimeofday", b) ||
             want_fault(syscall(SYS_times, b), "times", b) ||
             want_fault(syscall(SYS_sigaction, SIGUSR1, b, 0), "sigaction act", b) ||
             want_fault(syscall(SYS_sigaction, SIGUSR1, 0, b), "sigaction old", b) ||
             want_fault(syscall(SYS_sigprocmask, SIG_BLOCK, b, 0), "sigprocmask set", b) ||
             want_fault(syscall(SYS_sigprocmask, SIG_BLOCK, 0, b), "sigprocmask old", b)))
            return -1;
        struct timespec ts = { 0, 1000 };
        if (b != NULL &&
            (want_fault(syscall(SYS_nanosleep, &ts, b), "nanosleep rem", b) ||
             want_fault(syscall(SYS_waitpid, -1, b, WNOHANG), "waitpid status", b) ||
             want_fault(syscall(SYS_utime, "/bin/echo", b), "utime times", b)))
            return -1;
        if (bad_socket_args(b) < 0)
            return -1;
        char *envp[] = { "A=1", b, NULL };
        if (b != NULL && want_fault(syscall(SYS_execve, "/bin/echo", (char *[]){ "echo", NULL }, envp),
                                    "execve envp[1]", b))
            return -1;
        char *argv[] = { "echo", b, NULL };
        if (b != NULL && want_fault(syscall(SYS_execve, "/bin/echo", argv, environ),
                                    "execve argv[1]", b))
            return -1;
        if (b != NULL && want_fault(syscall(SYS_execve, "/bin/echo", b, environ),
                                    "execve argv", b))
            return -1;
    }
    // Writing into the program's own read-only text.
    if (want_fault(syscall(SYS_read, fd, (void *)0x08048000, 16), "read into text",
                   (void *)0x08048000))
        return -1;
    // Lengths that run past the end of user space or wrap around.
    if (want_fault(syscall(SYS_read, fd, buf, 0xFFFFFFFFu), "read len 0xFFFFFFFF", buf) ||
        want_fault(syscall(SYS_write, p[1], buf, 0x80000000u), "write len 2^31", buf) ||
        want_fault(syscall(SYS_read, fd, (void *)0xBFFFF000, 0x2000), "read across 0xC0000000",
                   (void *)0xBFFFF000) ||
        want_fault(syscall(SYS_getcwd, buf, 0xFFFFFFFFu), "getcwd len 0xFFFFFFFF", buf) ||
        (dfd >= 0 && want_fault(syscall(SYS_getdents, dfd, buf, 0xFFFFFFFFu),
                                "getdents len 0xFFFFFFFF", buf)))
        return -1;
    int s = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(9) };
    to.sin_addr.s_addr = htonl(0x7f000001);
    if (s >= 0 && want_fault(syscall(SYS_sendto, s, buf, 0xFFFFFFFFu, 0, &to, sizeof(to)),
                             "sendto len 0xFFFFFFFF", buf))
        return -1;
    if (s >= 0)
        close(s);
    pid_t pid = fork();
    if (pid == 0)
        _exit(0);
    msleep(50);
    if (want_fault(syscall(SYS_waitpid, pid, (void *)0xC0000000, 0), "waitpid status",
                   (void *)0xC0000000))
        return -1;
    wait_for(pid);
    // The process still works.
    if (getpid() <= 0 || lseek(fd, 0, SEEK_SET) != 0 || read(fd, buf, 4) != 4 || memcmp(buf, "\x7f" "ELF", 4) != 0)
        return fail("the process is damaged after the bad calls");
    close(fd);
    close(p[0]);
    close(p[1]);
    if (dfd >= 0)
        close(dfd);
    return 0;
}
