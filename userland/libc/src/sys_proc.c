// Thin wrappers of the process, memory and time system calls.
#include <stdarg.h>
#include <stdint.h>
#include <errno.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/utsname.h>
#include "syscall.h"

_Static_assert(sizeof(struct timeval) == sizeof(struct api_timeval), "struct timeval layout");
_Static_assert(sizeof(struct timespec) == sizeof(struct api_timespec), "struct timespec layout");
_Static_assert(sizeof(struct tms) == sizeof(struct api_tms), "struct tms layout");
_Static_assert(sizeof(struct utsname) == sizeof(struct api_utsname), "struct utsname layout");

// fork(2)
pid_t fork(void)
{
    return __syscall_ret(SC0(SYS_fork));
}

// vfork: a fork. (Its parent need not wait for the child's exec: POSIX
// allows vfork to be fork, and copy-on-write makes fork cheap.)
pid_t vfork(void)
{
    return fork();
}

// execve(2): returns only on failure.
int execve(const char *path, char *const argv[], char *const envp[])
{
    return __syscall_ret(SC3(SYS_execve, path, argv, envp));
}

// getpid(2)
pid_t getpid(void)
{
    return SC0(SYS_getpid);
}

// getppid(2)
pid_t getppid(void)
{
    return SC0(SYS_getppid);
}

// kill(2)
int kill(pid_t pid, int sig)
{
    return __syscall_ret(SC2(SYS_kill, pid, sig));
}

// waitpid(2): pid -1 waits for any child; options WNOHANG, WUNTRACED.
pid_t waitpid(pid_t pid, int *status, int options)
{
    return __syscall_ret(SC3(SYS_waitpid, pid, status, options));
}

// wait3: waitpid(-1, ...). The kernel keeps no usage per child: *ru (when
// given) is zero but for the CPU times of all the children waited for.
pid_t wait3(int *status, int options, struct rusage *ru)
{
    pid_t pid = waitpid(-1, status, options);
    if (pid > 0 && ru)
        getrusage(RUSAGE_CHILDREN, ru);
    return pid;
}

// wait(status) = waitpid(-1, status, 0)
pid_t wait(int *status)
{
    return waitpid(-1, status, 0);
}

// setpgid(2)
int setpgid(pid_t pid, pid_t pgid)
{
    return __syscall_ret(SC2(SYS_setpgid, pid, pgid));
}

// getpgrp(2)
pid_t getpgrp(void)
{
    return SC0(SYS_getpgrp);
}

// sched_yield(2)
int sched_yield(void)
{
    return __syscall_ret(SC0(SYS_sched_yield));
}

// The user ids: the system has one user, root.
uid_t getuid(void)
{
    return 0;
}

// The effective user id (root, as getuid).
uid_t geteuid(void)
{
    return 0;
}

// The group id (root's group).
gid_t getgid(void)
{
    return 0;
}

// getgroups: the supplementary groups; one user, one group: its own.
int getgroups(int size, gid_t list[])
{
    if (size == 0)
        return 1;
    if (size < 0) {
        errno = EINVAL;
        return -1;
    }
    list[0] = getgid();
    return 1;
}

// The effective group id (root's group).
gid_t getegid(void)
{
    return 0;
}

// The break (the end of the heap) as the kernel last reported it; 0
// until the first brk/sbrk.
static uintptr_t cur_break;

// brk(addr): set the end of the heap to addr; 0, or -1 with ENOMEM.
int brk(void *addr)
{
    long r = SC1(SYS_brk, addr);
    if ((unsigned long)r > (unsigned long)-4096L) {
        errno = (int)-r;
        return -1;
    }
    cur_break = (uintptr_t)r;
    if (cur_break != (uintptr_t)addr) {
        errno = ENOMEM;
        return -1;
    }
    return 0;
}

// sbrk(increment): move the break by increment bytes; returns the old
// break, or (void *)-1 with ENOMEM.
void *sbrk(intptr_t increment)
{
    if (cur_break == 0) {
        long r = SC1(SYS_brk, 0);
        if ((unsigned long)r > (unsigned long)-4096L) {
            errno = (int)-r;
            return (void *)-1;
        }
        cur_break = (uintptr_t)r;
    }
    uintptr_t old = cur_break;
    if (increment == 0)
        return (void *)old;
    uintptr_t want = old + (uintptr_t)increment;
    if ((increment > 0 && want < old) || (increment < 0 && want > old)) {
        errno = ENOMEM;
        return (void *)-1;
    }
    if (brk((void *)want) < 0) {
        errno = ENOMEM;
        return (void *)-1;
    }
    return (void *)old;
}

// syscall(number, a1..a6): any system call by number; -1 with errno on error.
long syscall(long number, ...)
{
    va_list ap;
    long a[6];
    va_start(ap, number);
    for (int i = 0; i < 6; i++)
        a[i] = va_arg(ap, long);
    va_end(ap);
    return __syscall_ret(__syscall6(number, a[0], a[1], a[2], a[3], a[4], a[5]));
}

// gettimeofday(2); tz is ignored (the system runs in UTC).
int gettimeofday(struct timeval *tv, void *tz)
{
    return __syscall_ret(SC2(SYS_gettimeofday, tv, tz));
}

// clock_gettime(2): CLOCK_REALTIME or CLOCK_MONOTONIC.
int clock_gettime(clockid_t clock, struct timespec *ts)
{
    return __syscall_ret(SC2(SYS_clock_gettime, clock, ts));
}

// nanosleep(2)
int nanosleep(const struct timespec *req, struct timespec *rem)
{
    return __syscall_ret(SC2(SYS_nanosleep, req, rem));
}

// sysconf(3): the few limits programs ask for; -1 (EINVAL) for others.
long sysconf(int name)
{
    switch (name) {
    case _SC_CLK_TCK:  return API_CLK_TCK;
    case _SC_PAGESIZE: return 4096;
    case _SC_OPEN_MAX: return OPEN_MAX;
    }
    errno = EINVAL;
    return -1;
}

// times(2): fills t and returns the ticks since boot (API_CLK_TCK a second).
clock_t times(struct tms *t)
{
    return __syscall_ret(SC1(SYS_times, t));
}

// uname(2)
int uname(struct utsname *u)
{
    return __syscall_ret(SC1(SYS_uname, u));
}

// gethostname: the node name from uname.
int gethostname(char *name, size_t len)
{
    struct utsname u;
    if (uname(&u) < 0)
        return -1;
    if (strlen(u.nodename) >= len) {
        errno = ENAMETOOLONG;
        return -1;
    }
    strcpy(name, u.nodename);
    return 0;
}

// sleep(seconds): 0, or the seconds left when a signal cut it short.
unsigned sleep(unsigned seconds)
{
    struct timespec req = { (time_t)seconds, 0 };
    struct timespec rem = { 0, 0 };
    if (nanosleep(&req, &rem) < 0 && errno == EINTR)
        return (unsigned)rem.tv_sec + (rem.tv_nsec > 0);
    return 0;
}

// usleep(usec): sleep usec microseconds.
int usleep(useconds_t usec)
{
    struct timespec req = { (time_t)(usec / 1000000), (long)(usec % 1000000) * 1000 };
    return nanosleep(&req, NULL);
}

// pause(): sleep until a signal handler has run; always -1 with EINTR.
int pause(void)
{
    for (;;) {
        struct timespec t = { 1000000, 0 };
        if (nanosleep(&t, NULL) < 0 && errno == EINTR)
            return -1;
    }
}
