// System call handlers for user sockets: IPv4 UDP datagram sockets on the
// kernel's socket API (net/udp_sock.h). A socket is an open file (struct
// file) whose priv is a struct sock; it is bound to a local port by bind,
// or to a free port by the first sendto or receive. Sockets live on the
// home node, like files (RUN_HOME in kernel/syscall_table.c).
#include "kernel/syscall.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/fd.h"
#include "kernel/api/errno.h"
#include "kernel/api/types.h"
#include "kernel/fs/vfs.h"
#include "drivers/pit.h"
#include "mm/kmalloc.h"
#include "net/net.h"
#include "net/udp_sock.h"
#include <string.h>

#define SOCK_WAIT_SLICE_MS 100   // a blocked receive looks for signals this often

// One user socket.
struct sock {
    struct udp_sock *us;     // the kernel socket; NULL until bound
    bool binding;            // a bind is in progress (it may sleep)
    int rcvtimeo_ms;         // SO_RCVTIMEO; 0: wait forever
};

// The socket behind descriptor fd of the current process: the file, or
// NULL with *err set (-EBADF, -ENOTSOCK).
static struct file *sock_file(struct proc *p, uint32_t fd, int *err);

// Bind s to port (0: any free port). 0, -EINVAL when already bound,
// -EADDRINUSE when the port is taken.
static int sock_bind_port(struct sock *s, uint16_t port)
{
    if (s->us || s->binding)
        return -EINVAL;
    s->binding = true;
    struct udp_sock *us = udp_sock_open(port);
    s->binding = false;
    if (!us)
        return -EADDRINUSE;
    s->us = us;
    return 0;
}

// Make sure s is bound, to a free port if nothing was asked for.
static int sock_autobind(struct sock *s)
{
    while (s->binding)
        yield();
    return s->us ? 0 : sock_bind_port(s, 0);
}

// Receive one datagram into buf (n bytes), its source into ip and port,
// waiting as the socket's timeout and the file's O_NONBLOCK say. Bytes,
// -EAGAIN when the time is up or nothing is there, -EINTR on a signal.
static int sock_receive(struct file *f, void *buf, size_t n, uint32_t *ip, uint16_t *port)
{
    struct sock *s = f->priv;
    int err = sock_autobind(s);
    if (err < 0)
        return err;
    if (f->flags & O_NONBLOCK) {
        int r = udp_sock_recvfrom(s->us, buf, n, ip, port, 0);
        return r == -ETIMEDOUT ? -EAGAIN : r;
    }
    uint64_t deadline = s->rcvtimeo_ms ? uptime_ms() + (uint64_t)s->rcvtimeo_ms : NET_FOREVER;
    for (;;) {
        uint64_t now = uptime_ms();
        if (now >= deadline)
            return -EAGAIN;
        int slice = SOCK_WAIT_SLICE_MS;
        if (deadline != NET_FOREVER && deadline - now < (uint64_t)slice)
            slice = (int)(deadline - now);
        int r = udp_sock_recvfrom(s->us, buf, n, ip, port, slice);
        if (r != -ETIMEDOUT && r != -EAGAIN)
            return r;
        if (signal_pending())
            return -EINTR;
    }
}

// read() on a socket: receive a datagram, forgetting where it came from.
static int sock_read(struct file *f, void *buf, size_t n)
{
    return sock_receive(f, buf, n, NULL, NULL);
}

// write() on a socket: a datagram socket here is never connected.
static int sock_write(struct file *f, const void *buf, size_t n)
{
    (void)f;
    (void)buf;
    (void)n;
    return -EDESTADDRREQ;
}

// The last descriptor is gone: close the kernel socket.
static void sock_close(struct file *f)
{
    struct sock *s = f->priv;
    if (s->us)
        udp_sock_close(s->us);
    kfree(s);
    f->priv = NULL;
}

static const struct file_ops sock_fops = {
    .read = sock_read,
    .write = sock_write,
    .close = sock_close,
    .seekable = false,
};

// The inode of a socket is freed with its last reference.
static void sock_inode_release(struct inode *ip)
{
    inode_free(ip);
}

static const struct inode_ops sock_iops = {
    .release = sock_inode_release,
};

static struct file *sock_file(struct proc *p, uint32_t fd, int *err)
{
    struct file *f = fd < NOFILE ? p->ofile[fd] : NULL;
    *err = 0;
    if (!f)
        *err = -EBADF;
    else if (f->ops != &sock_fops)
        *err = -ENOTSOCK;
    return *err ? NULL : f;
}

// Host byte order of a 32-bit and a 16-bit network-order value.
static uint32_t net32(uint32_t v)
{
    return __builtin_bswap32(v);
}

static uint16_t net16(uint16_t v)
{
    return __builtin_bswap16(v);
}

// socket(domain, type, protocol): AF_INET, SOCK_DGRAM, 0 or IPPROTO_UDP.
int32_t sys_socket(struct sysreq *r)
{
    if (r->arg[0] != AF_INET)
        return -EAFNOSUPPORT;
    if (r->arg[1] != SOCK_DGRAM || (r->arg[2] != 0 && r->arg[2] != IPPROTO_UDP))
        return -EPROTONOSUPPORT;
    static uint32_t sock_dev, next_ino = 1;
    struct sock *s = kzalloc(sizeof(*s));
    struct inode *ip = inode_alloc();
    struct file *f = s && ip ? file_alloc(ip, &sock_fops, O_RDWR) : NULL;
    if (!f) {
        if (ip)
            inode_free(ip);
        kfree(s);
        return -ENOMEM;
    }
    if (!sock_dev)
        sock_dev = vfs_new_dev();
    ip->mode = S_IFSOCK | 0600;
    ip->nlink = 1;
    ip->dev = sock_dev;
    ip->ino = next_ino++;
    ip->ops = &sock_iops;
    f->priv = s;
    int fd = fd_install(r->p, f, 0);
    if (fd < 0)
        file_close(f);
    return fd;
}

// bind(fd, addr, len): the port of addr (0: any); the address must be
// INADDR_ANY or this node's.
int32_t sys_bind(struct sysreq *r)
{
    int err;
    struct file *f = sock_file(r->p, r->arg[0], &err);
    if (!f)
        return err;
    const struct api_sockaddr_in *a = r->buf[1];
    if ((int32_t)r->arg[2] < (int32_t)sizeof(*a) || a->sin_family != AF_INET)
        return -EINVAL;
    uint32_t ip = net32(a->sin_addr);
    if (ip != INADDR_ANY && ip != net_local_ip())
        return -EADDRNOTAVAIL;
    return sock_bind_port(f->priv, net16(a->sin_port));
}

// sendto(fd, buf, n, flags, to, tolen): one datagram to an address.
int32_t sys_sendto(struct sysreq *r)
{
    int err;
    struct file *f = sock_file(r->p, r->arg[0], &err);
    if (!f)
        return err;
    const struct api_sockaddr_in *to = r->buf[4];
    if (!to)
        return -EDESTADDRREQ;
    if ((int32_t)r->arg[5] < (int32_t)sizeof(*to) || to->sin_family != AF_INET)
        return -EINVAL;
    struct sock *s = f->priv;
    if ((err = sock_autobind(s)) < 0)
        return err;
    return udp_sock_sendto(s->us, net32(to->sin_addr), net16(to->sin_port), r->buf[1], r->len[1]);
}

// recvfrom(fd, buf, n, flags, from, fromlen): one datagram, and where it
// came from when from is not NULL (fromlen then says its room and gets
// the size of the address). The address is written whole (the system call
// table copies a whole struct sockaddr_in back), so a room smaller than
// one is refused (EINVAL) rather than written past.
int32_t sys_recvfrom(struct sysreq *r)
{
    int err;
    struct file *f = sock_file(r->p, r->arg[0], &err);
    if (!f)
        return err;
    struct api_sockaddr_in *from = r->buf[4];
    int32_t *fromlen = r->buf[5];
    if (from && (!fromlen || *fromlen < (int32_t)sizeof(*from)))
        return -EINVAL;
    uint32_t ip = 0;
    uint16_t port = 0;
    int n = sock_receive(f, r->buf[1], r->len[1], &ip, &port);
    if (n >= 0 && from) {
        memset(from, 0, sizeof(*from));
        from->sin_family = AF_INET;
        from->sin_port = net16(port);
        from->sin_addr = net32(ip);
        *fromlen = sizeof(*from);
    }
    return n;
}

// setsockopt(fd, level, name, val, len): SOL_SOCKET SO_RCVTIMEO with a
// struct timeval (zero: wait forever).
int32_t sys_setsockopt(struct sysreq *r)
{
    int err;
    struct file *f = sock_file(r->p, r->arg[0], &err);
    if (!f)
        return err;
    if (r->arg[1] != SOL_SOCKET || r->arg[2] != SO_RCVTIMEO)
        return -EINVAL;
    const struct api_timeval *tv = r->buf[3];
    if (r->len[3] < sizeof(*tv) || tv->tv_sec < 0 || tv->tv_usec < 0 || tv->tv_usec >= 1000000)
        return -EINVAL;
    if (tv->tv_sec > INT32_MAX / 1000 - 1)
        return -EDOM;
    struct sock *s = f->priv;
    s->rcvtimeo_ms = tv->tv_sec * 1000 + (tv->tv_usec + 999) / 1000;
    return 0;
}
