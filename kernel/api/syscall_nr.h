// System call numbers: the user/kernel interface, included by the kernel
// (kernel/syscall_table.c) and by the C library (userland/libc).
//
// Calling convention (int 0x80): eax = number, ebx ecx edx esi edi ebp =
// arguments 1-6; the result comes back in eax, a negative errno on error.
// Numbers are never reused: a retired call keeps its number.
#ifndef API_SYSCALL_NR_H
#define API_SYSCALL_NR_H

#define SYS_exit          1   // (int status)
#define SYS_fork          2   // ()
#define SYS_read          3   // (int fd, void *buf, size_t n)
#define SYS_write         4   // (int fd, const void *buf, size_t n)
#define SYS_open          5   // (const char *path, int flags, int mode)
#define SYS_close         6   // (int fd)
#define SYS_waitpid       7   // (int pid, int *status, int options)
#define SYS_execve        8   // (const char *path, char *const argv[], char *const envp[])
#define SYS_getpid        9   // ()
#define SYS_getppid      10   // ()
#define SYS_kill         11   // (int pid, int sig)
#define SYS_nanosleep    12   // (const struct timespec *req, struct timespec *rem)
#define SYS_brk          13   // (void *addr) -> new break; addr 0 asks for the current one
#define SYS_gettimeofday 14   // (struct timeval *tv, void *tz)
#define SYS_uname        15   // (struct utsname *u)
#define SYS_sched_yield  16   // ()
#define SYS_lseek        17   // (int fd, long off, int whence)
#define SYS_stat         18   // (const char *path, struct stat *st)
#define SYS_fstat        19   // (int fd, struct stat *st)
#define SYS_dup          20   // (int fd)
#define SYS_dup2         21   // (int fd, int newfd)
#define SYS_pipe         22   // (int fds[2])
#define SYS_unlink       23   // (const char *path)
#define SYS_mkdir        24   // (const char *path, int mode)
#define SYS_rmdir        25   // (const char *path)
#define SYS_getdents     26   // (int fd, void *buf, size_t n) -> bytes of struct dirent
#define SYS_chdir        27   // (const char *path)
#define SYS_getcwd       28   // (char *buf, size_t n)
#define SYS_sigaction    29   // (int sig, const struct sigaction *act, struct sigaction *old)
#define SYS_sigprocmask  30   // (int how, const sigset_t *set, sigset_t *old)
#define SYS_sigreturn    31   // () from a signal handler's trampoline
#define SYS_ioctl        32   // (int fd, int request, void *arg)
#define SYS_setpgid      33   // (int pid, int pgid)
#define SYS_getpgrp      34   // ()
#define SYS_utime        35   // (const char *path, const struct utimbuf *times)
#define SYS_chmod        36   // (const char *path, int mode)
#define SYS_times        37   // (struct tms *t) -> ticks since boot
#define SYS_socket       38   // (int domain, int type, int protocol)
#define SYS_bind         39   // (int fd, const struct sockaddr *a, int len)
#define SYS_sendto       40   // (int fd, const void *buf, size_t n, int flags, const struct sockaddr *to, int len)
#define SYS_recvfrom     41   // (int fd, void *buf, size_t n, int flags, struct sockaddr *from, int *len)
#define SYS_setsockopt   42   // (int fd, int level, int name, const void *val, int len)
#define SYS_rename       43   // (const char *from, const char *to)
#define SYS_clock_gettime 44  // (int clock, struct timespec *ts)
#define SYS_fcntl        45   // (int fd, int cmd, int arg)
#define SYS_icmp_echo    46   // (uint32_t ip_network_order, uint32_t seq, uint32_t size, uint32_t timeout_ms) -> round trip in us

#define SYS_umask        47   // (int mask) -> the previous mask
#define SYS_fchmod       48   // (int fd, int mode)
#define SYS_sigsuspend   49   // (const sigset_t *mask) -> always -EINTR

#define SYS_MAX          50   // one past the highest number

#endif
