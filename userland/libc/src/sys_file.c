// Thin wrappers of the file system calls: each returns the kernel's
// result, or -1 with errno set (see __syscall_ret).
#include <stdarg.h>
#include <stdlib.h>
#include <stddef.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <unistd.h>
#include <utime.h>
#include <stdio.h>
#include <termios.h>
#include <sys/stat.h>
#include <sys/ioctl.h>
#include "syscall.h"

_Static_assert(sizeof(struct stat) == sizeof(struct api_stat), "struct stat layout");
_Static_assert(offsetof(struct stat, st_size) == offsetof(struct api_stat, st_size), "st_size");
_Static_assert(offsetof(struct stat, st_ctime) == offsetof(struct api_stat, st_ctime), "st_ctime");
_Static_assert(sizeof(struct utimbuf) == sizeof(struct api_utimbuf), "struct utimbuf layout");
_Static_assert(sizeof(struct termios) == sizeof(struct api_termios), "struct termios layout");
_Static_assert(sizeof(struct winsize) == sizeof(struct api_winsize), "struct winsize layout");

// read(2)
ssize_t read(int fd, void *buf, size_t n)
{
    return __syscall_ret(SC3(SYS_read, fd, buf, n));
}

// write(2)
ssize_t write(int fd, const void *buf, size_t n)
{
    return __syscall_ret(SC3(SYS_write, fd, buf, n));
}

// open(path, flags[, mode]): the mode is read only with O_CREAT.
int open(const char *path, int flags, ...)
{
    int mode = 0;
    if (flags & O_CREAT) {
        va_list ap;
        va_start(ap, flags);
        mode = va_arg(ap, int);
        va_end(ap);
    }
    return __syscall_ret(SC3(SYS_open, path, flags, mode));
}

// creat(path, mode) = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode)
int creat(const char *path, mode_t mode)
{
    return open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
}

// close(2)
int close(int fd)
{
    return __syscall_ret(SC1(SYS_close, fd));
}

// lseek(2)
off_t lseek(int fd, off_t off, int whence)
{
    return __syscall_ret(SC3(SYS_lseek, fd, off, whence));
}

// dup(2)
int dup(int fd)
{
    return __syscall_ret(SC1(SYS_dup, fd));
}

// dup2(2)
int dup2(int fd, int newfd)
{
    return __syscall_ret(SC2(SYS_dup2, fd, newfd));
}

// pipe(2): fds[0] is the read end, fds[1] the write end.
int pipe(int fds[2])
{
    return __syscall_ret(SC1(SYS_pipe, fds));
}

// fcntl(fd, cmd[, arg]): the third argument is an int for every command
// this system has.
int fcntl(int fd, int cmd, ...)
{
    va_list ap;
    va_start(ap, cmd);
    int arg = va_arg(ap, int);
    va_end(ap);
    return __syscall_ret(SC3(SYS_fcntl, fd, cmd, arg));
}

// ioctl(fd, request[, pointer])
int ioctl(int fd, int request, ...)
{
    va_list ap;
    va_start(ap, request);
    void *arg = va_arg(ap, void *);
    va_end(ap);
    return __syscall_ret(SC3(SYS_ioctl, fd, request, arg));
}

// 1 when fd is a terminal (the console answers TCGETS), else 0 with errno.
int isatty(int fd)
{
    struct termios t;
    if (ioctl(fd, TCGETS, &t) < 0) {
        errno = ENOTTY;
        return 0;
    }
    return 1;
}

// The console's modes.
int tcgetattr(int fd, struct termios *t)
{
    return ioctl(fd, TCGETS, t);
}

// Set the console's modes (every action takes effect at once).
int tcsetattr(int fd, int action, const struct termios *t)
{
    (void)action;
    return ioctl(fd, TCSETS, t);
}

// The foreground process group of the terminal fd.
pid_t tcgetpgrp(int fd)
{
    pid_t pg;
    if (ioctl(fd, TIOCGPGRP, &pg) < 0)
        return -1;
    return pg;
}

// Make pgrp the foreground process group of the terminal fd.
int tcsetpgrp(int fd, pid_t pgrp)
{
    return ioctl(fd, TIOCSPGRP, &pgrp);
}

// unlink(2)
int unlink(const char *path)
{
    return __syscall_ret(SC1(SYS_unlink, path));
}

// remove(): unlink a file or remove an empty directory.
int remove(const char *path)
{
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return rmdir(path);
    return unlink(path);
}

// rename(2)
int rename(const char *from, const char *to)
{
    return __syscall_ret(SC2(SYS_rename, from, to));
}

// mkdir(2)
int mkdir(const char *path, mode_t mode)
{
    return __syscall_ret(SC2(SYS_mkdir, path, mode));
}

// rmdir(2)
int rmdir(const char *path)
{
    return __syscall_ret(SC1(SYS_rmdir, path));
}

// chdir(2)
int chdir(const char *path)
{
    return __syscall_ret(SC1(SYS_chdir, path));
}

// getcwd(buf, size): the current directory in buf; with buf NULL, in a
// malloc'ed buffer of size bytes (PATH_MAX when size is 0). NULL on error.
char *getcwd(char *buf, size_t size)
{
    char *mem = NULL;
    if (buf == NULL) {
        if (size == 0)
            size = PATH_MAX;
        buf = mem = malloc(size);
        if (buf == NULL)
            return NULL;
    }
    if (__syscall_ret(SC2(SYS_getcwd, buf, size)) < 0) {
        free(mem);
        return NULL;
    }
    return buf;
}

// stat(2)
int stat(const char *path, struct stat *st)
{
    return __syscall_ret(SC2(SYS_stat, path, st));
}

// lstat: the system has no symbolic links, so it is stat.
int lstat(const char *path, struct stat *st)
{
    return stat(path, st);
}

// fstat(2)
int fstat(int fd, struct stat *st)
{
    return __syscall_ret(SC2(SYS_fstat, fd, st));
}

// chmod(2)
int chmod(const char *path, mode_t mode)
{
    return __syscall_ret(SC2(SYS_chmod, path, mode));
}

// fchmod(2)
int fchmod(int fd, mode_t mode)
{
    return __syscall_ret(SC2(SYS_fchmod, fd, mode));
}

// chown(2) and fchown(2). The system has one user, root (uid 0, gid 0),
// who owns every file: giving a file to its owner (or -1: unchanged)
// succeeds, to anyone else fails with EPERM, as for a user who may not
// give files away.
static int owner_only(uid_t uid, gid_t gid)
{
    if ((uid == (uid_t)-1 || uid == 0) && (gid == (gid_t)-1 || gid == 0))
        return 0;
    errno = EPERM;
    return -1;
}

int chown(const char *path, uid_t uid, gid_t gid)
{
    struct stat st;
    if (stat(path, &st) < 0)
        return -1;
    return owner_only(uid, gid);
}

int fchown(int fd, uid_t uid, gid_t gid)
{
    struct stat st;
    if (fstat(fd, &st) < 0)
        return -1;
    return owner_only(uid, gid);
}

// umask(2): the new mask; returns the old one (never fails).
mode_t umask(mode_t mask)
{
    return (mode_t)SC1(SYS_umask, mask);
}

// utime(2): NULL times means now.
int utime(const char *path, const struct utimbuf *times)
{
    return __syscall_ret(SC2(SYS_utime, path, times));
}

// access(): the system has one user with every right, so a file that
// exists is readable and writable; X_OK asks for an execute bit (or a
// directory).
int access(const char *path, int mode)
{
    struct stat st;
    if (stat(path, &st) < 0)
        return -1;
    if ((mode & X_OK) && !S_ISDIR(st.st_mode) && !(st.st_mode & 0111)) {
        errno = EACCES;
        return -1;
    }
    return 0;
}
