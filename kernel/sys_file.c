// System call handlers for files and directories. Thin: the arguments are
// already in kernel memory; the work is done by the VFS (kernel/fs/).
#include "kernel/syscall.h"
#include "kernel/proc.h"
#include "kernel/signal.h"
#include "kernel/api/errno.h"
#include "kernel/api/types.h"
#include "kernel/fs/vfs.h"
#include "kernel/fs/pipe.h"
#include "kernel/fd.h"
#include <string.h>

// The open file behind descriptor fd of process p, or NULL.
static struct file *fd_file(struct proc *p, uint32_t fd)
{
    return fd < NOFILE ? p->ofile[fd] : NULL;
}

// Install f at the lowest free descriptor >= from (see kernel/fd.h).
int fd_install(struct proc *p, struct file *f, int from)
{
    for (int fd = from; fd < NOFILE; fd++) {
        if (!p->ofile[fd]) {
            p->ofile[fd] = f;
            p->cloexec &= ~(1u << fd);
            return fd;
        }
    }
    return -EMFILE;
}

int32_t sys_read(struct sysreq *r)
{
    struct file *f = fd_file(r->p, r->arg[0]);
    return f ? file_read(f, r->buf[1], r->len[1]) : -EBADF;
}

int32_t sys_write(struct sysreq *r)
{
    struct file *f = fd_file(r->p, r->arg[0]);
    if (!f)
        return -EBADF;
    int n = file_write(f, r->buf[1], r->len[1]);
    if (n == -EPIPE)
        signal_send(r->p, SIGPIPE);
    return n;
}

int32_t sys_open(struct sysreq *r)
{
    struct file *f;
    int err = vfs_open(r->p->cwd, r->buf[0], r->arg[1], r->arg[2] & ~r->p->umask, &f);
    if (err < 0)
        return err;
    int fd = fd_install(r->p, f, 0);
    if (fd < 0)
        file_close(f);
    else if (r->arg[1] & O_CLOEXEC)
        r->p->cloexec |= 1u << fd;
    return fd;
}

int32_t sys_close(struct sysreq *r)
{
    struct file *f = fd_file(r->p, r->arg[0]);
    if (!f)
        return -EBADF;
    r->p->ofile[r->arg[0]] = NULL;
    file_close(f);
    return 0;
}

int32_t sys_lseek(struct sysreq *r)
{
    struct file *f = fd_file(r->p, r->arg[0]);
    return f ? file_lseek(f, (int32_t)r->arg[1], (int)r->arg[2]) : -EBADF;
}

int32_t sys_stat(struct sysreq *r)
{
    return vfs_stat(r->p->cwd, r->buf[0], r->buf[1]);
}

int32_t sys_fstat(struct sysreq *r)
{
    struct file *f = fd_file(r->p, r->arg[0]);
    return f ? file_stat(f, r->buf[1]) : -EBADF;
}

int32_t sys_dup(struct sysreq *r)
{
    struct file *f = fd_file(r->p, r->arg[0]);
    if (!f)
        return -EBADF;
    int fd = fd_install(r->p, file_dup(f), 0);
    if (fd < 0)
        file_close(f);
    return fd;
}

int32_t sys_dup2(struct sysreq *r)
{
    uint32_t oldfd = r->arg[0], newfd = r->arg[1];
    struct file *f = fd_file(r->p, oldfd);
    if (!f || newfd >= NOFILE)
        return -EBADF;
    if (oldfd == newfd)
        return (int32_t)newfd;
    struct proc *p = r->p;
    if (p->ofile[newfd])
        file_close(p->ofile[newfd]);
    p->ofile[newfd] = file_dup(f);
    p->cloexec &= ~(1u << newfd);
    return (int32_t)newfd;
}

int32_t sys_fcntl(struct sysreq *r)
{
    uint32_t fd = r->arg[0];
    struct file *f = fd_file(r->p, fd);
    struct proc *p = r->p;
    if (!f)
        return -EBADF;
    switch (r->arg[1]) {
    case F_DUPFD: {
        if (r->arg[2] >= NOFILE)
            return -EINVAL;
        int nfd = fd_install(r->p, file_dup(f), (int)r->arg[2]);
        if (nfd < 0)
            file_close(f);
        return nfd;
    }
    case F_GETFD:
        return (p->cloexec >> fd) & 1 ? FD_CLOEXEC : 0;
    case F_SETFD:
        if (r->arg[2] & FD_CLOEXEC)
            p->cloexec |= 1u << fd;
        else
            p->cloexec &= ~(1u << fd);
        return 0;
    case F_GETFL:
        return (int32_t)file_getfl(f);
    case F_SETFL:
        file_setfl(f, r->arg[2]);
        return 0;
    default:
        return -EINVAL;
    }
}

int32_t sys_pipe(struct sysreq *r)
{
    struct file *rd, *wr;
    int err = pipe_create(&rd, &wr);
    if (err < 0)
        return err;
    int fds[2];
    fds[0] = fd_install(r->p, rd, 0);
    fds[1] = fds[0] < 0 ? -EMFILE : fd_install(r->p, wr, 0);
    if (fds[1] < 0) {
        if (fds[0] >= 0)
            r->p->ofile[fds[0]] = NULL;
        file_close(rd);
        file_close(wr);
        return -EMFILE;
    }
    memcpy(r->buf[0], fds, sizeof(fds));
    return 0;
}

int32_t sys_unlink(struct sysreq *r)
{
    return vfs_unlink(r->p->cwd, r->buf[0]);
}

int32_t sys_mkdir(struct sysreq *r)
{
    return vfs_mkdir(r->p->cwd, r->buf[0], r->arg[1] & ~r->p->umask);
}

int32_t sys_rmdir(struct sysreq *r)
{
    return vfs_rmdir(r->p->cwd, r->buf[0]);
}

int32_t sys_rename(struct sysreq *r)
{
    return vfs_rename(r->p->cwd, r->buf[0], r->buf[1]);
}

int32_t sys_getdents(struct sysreq *r)
{
    struct file *f = fd_file(r->p, r->arg[0]);
    return f ? file_getdents(f, r->buf[1], r->len[1]) : -EBADF;
}

int32_t sys_chdir(struct sysreq *r)
{
    struct proc *p = r->p;
    struct inode *dir;
    int err = vfs_chdir(p->cwd, r->buf[0], &dir);
    if (err < 0)
        return err;
    inode_put(p->cwd);
    p->cwd = dir;
    return 0;
}

int32_t sys_getcwd(struct sysreq *r)
{
    return vfs_getcwd(r->p->cwd, r->buf[0], r->len[0]);
}

int32_t sys_ioctl(struct sysreq *r)
{
    struct file *f = fd_file(r->p, r->arg[0]);
    return f ? file_ioctl(f, r->arg[1], r->buf[2]) : -EBADF;
}

int ioctl_arg_size(const uint32_t *args)
{
    return file_ioctl_size(args[1]);
}

int32_t sys_utime(struct sysreq *r)
{
    return vfs_utime(r->p->cwd, r->buf[0], r->buf[1]);
}

int32_t sys_chmod(struct sysreq *r)
{
    return vfs_chmod(r->p->cwd, r->buf[0], r->arg[1]);
}

// The mode of an open file: the one it was opened from, wherever its name
// went since.
int32_t sys_fchmod(struct sysreq *r)
{
    struct file *f = fd_file(r->p, r->arg[0]);
    return f ? vfs_set_mode(f->ip, r->arg[1]) : -EBADF;
}

int32_t sys_umask(struct sysreq *r)
{
    struct proc *p = r->p;
    uint32_t old = p->umask;
    p->umask = r->arg[0] & 0777;
    return (int32_t)old;
}
