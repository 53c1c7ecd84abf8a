// Pipes (see pipe.h). Both ends sleep on the struct pipe: a read wakes
// writers waiting for room, a write wakes readers waiting for data, and a
// close wakes both.
#include "kernel/fs/pipe.h"
#include "kernel/fs/pipe_ring.h"
#include "kernel/x86.h"
#include "kernel/api/errno.h"
#include "kernel/param.h"
#include "kernel/sched.h"
#include "mm/kmalloc.h"
#include "mm/phys.h"

// One pipe (the priv of its anonymous inode).
struct pipe {
    struct pipe_ring ring;      // the bytes in transit
    uint8_t *page;              // the ring's storage (one page)
    int readers;                // open read ends
    int writers;                // open write ends
};

_Static_assert(PIPE_SIZE <= PAGE_SIZE, "a pipe's ring is one page");

static uint32_t pipe_dev;       // st_dev of pipes
static uint32_t next_ino = 1;   // inode number of the next pipe

// Read what is there, waiting for at least one byte or end of file.
static int pipe_read(struct file *f, void *buf, size_t n)
{
    struct pipe *p = f->ip->priv;
    if (n == 0)
        return 0;
    uint32_t fl = intr_save();
    while (pipe_ring_used(&p->ring) == 0) {
        int r = 0;
        if (p->writers == 0)
            r = 0;
        else if (f->flags & O_NONBLOCK)
            r = -EAGAIN;
        else if (signal_pending())
            r = -EINTR;
        else {
            sleep(p);
            continue;
        }
        intr_restore(fl);
        return r;
    }
    uint32_t got = pipe_ring_get(&p->ring, buf, n > PIPE_SIZE ? PIPE_SIZE : (uint32_t)n);
    wakeup(p);
    intr_restore(fl);
    return (int)got;
}

// Write everything, waiting for room; writes of up to PIPE_SIZE bytes go
// in one piece.
static int pipe_write(struct file *f, const void *buf, size_t n)
{
    struct pipe *p = f->ip->priv;
    bool atomic = n <= PIPE_SIZE;
    size_t done = 0;
    int err = 0;
    uint32_t fl = intr_save();
    while (done < n) {
        if (p->readers == 0) {
            err = -EPIPE;
            break;
        }
        uint32_t space = pipe_ring_space(&p->ring);
        size_t want = n - done;
        if (space == 0 || (atomic && space < want)) {
            if (f->flags & O_NONBLOCK) {
                err = -EAGAIN;
                break;
            }
            if (signal_pending()) {
                err = -EINTR;
                break;
            }
            sleep(p);
            continue;
        }
        done += pipe_ring_put(&p->ring, (const uint8_t *)buf + done,
                              want < space ? (uint32_t)want : space);
        wakeup(p);
    }
    intr_restore(fl);
    return done ? (int)done : err;
}

// An end is closed; the pipe goes with the last end.
static void pipe_close(struct file *f)
{
    struct pipe *p = f->ip->priv;
    uint32_t fl = intr_save();
    if ((f->flags & O_ACCMODE) == O_RDONLY)
        p->readers--;
    else
        p->writers--;
    wakeup(p);
    intr_restore(fl);
    if (p->readers == 0 && p->writers == 0) {
        page_free(p->page);
        kfree(p);
        f->ip->priv = NULL;
    }
}

// The pipe's inode has no users left.
static void pipe_release(struct inode *ip)
{
    inode_free(ip);
}

static const struct inode_ops pipe_iops = {
    .release = pipe_release,
};

static const struct file_ops pipe_fops = {
    .read = pipe_read,
    .write = pipe_write,
    .close = pipe_close,
    .seekable = false,
};

// Make a pipe (see pipe.h).
int pipe_create(struct file **rd, struct file **wr)
{
    struct pipe *p = kzalloc(sizeof(*p));
    uint8_t *page = page_alloc();
    struct inode *ip = inode_alloc();
    struct file *r = NULL, *w = NULL;
    if (p && page && ip) {
        r = file_alloc(ip, &pipe_fops, O_RDONLY);
        w = file_alloc(ip, &pipe_fops, O_WRONLY);
    }
    if (!r || !w) {
        kfree(r);
        kfree(w);
        if (ip)
            inode_free(ip);
        if (page)
            page_free(page);
        kfree(p);
        return -ENOMEM;
    }
    if (!pipe_dev)
        pipe_dev = vfs_new_dev();
    pipe_ring_init(&p->ring, page, PIPE_SIZE);
    p->page = page;
    p->readers = p->writers = 1;
    ip->ref = 2;                // one for each end
    ip->mode = S_IFIFO | 0600;
    ip->nlink = 1;
    ip->dev = pipe_dev;
    ip->ino = next_ino++;
    ip->ops = &pipe_iops;
    ip->priv = p;
    *rd = r;
    *wr = w;
    return 0;
}
