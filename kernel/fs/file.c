// Open file descriptions and the operations on them (see vfs.h).
#include "kernel/fs/vfs.h"
#include "kernel/fs/vfs_internal.h"
#include "kernel/api/errno.h"
#include "mm/kmalloc.h"
#include <stddef.h>
#include <string.h>

#define IO_MAX 0x7FFFFFFFu   // one call moves at most this many bytes (fits the int result)

// Read from a regular file at the file's offset.
static int reg_read(struct file *f, void *buf, size_t n)
{
    struct inode *ip = f->ip;
    if (!ip->ops || !ip->ops->read)
        return -EINVAL;
    int r = ip->ops->read(ip, f->offset, buf, n);
    if (r > 0)
        f->offset += (uint32_t)r;
    return r;
}

// Write to a regular file at the offset (at the end with O_APPEND).
static int reg_write(struct file *f, const void *buf, size_t n)
{
    struct inode *ip = f->ip;
    if (!ip->ops || !ip->ops->write)
        return -EINVAL;
    if (f->flags & O_APPEND)
        f->offset = ip->size;
    if (n == 0)
        return 0;
    if (f->offset >= FS_MAX_FILE_SIZE)
        return -EFBIG;
    if (n > FS_MAX_FILE_SIZE - f->offset)
        n = FS_MAX_FILE_SIZE - f->offset;
    int r = ip->ops->write(ip, f->offset, buf, n);
    if (r > 0)
        f->offset += (uint32_t)r;
    return r;
}

// Reading or writing a directory as bytes.
static int dir_read(struct file *f, void *buf, size_t n)
{
    return -EISDIR;
}

static int dir_write(struct file *f, const void *buf, size_t n)
{
    return -EISDIR;
}

const struct file_ops vfs_reg_fops = {
    .read = reg_read,
    .write = reg_write,
    .seekable = true,
};

const struct file_ops vfs_dir_fops = {
    .read = dir_read,
    .write = dir_write,
    .seekable = true,
};

// A new file description with one reference (see vfs.h).
struct file *file_alloc(struct inode *ip, const struct file_ops *ops, uint32_t flags)
{
    struct file *f = kzalloc(sizeof(*f));
    if (!f)
        return NULL;
    f->ref = 1;
    f->flags = flags;
    f->ip = ip;
    f->ops = ops;
    return f;
}

// Read n bytes at most; -EBADF when not open for reading.
int file_read(struct file *f, void *buf, size_t n)
{
    if ((f->flags & O_ACCMODE) == O_WRONLY)
        return -EBADF;
    if (!f->ops->read)
        return -EINVAL;
    if (n > IO_MAX)
        n = IO_MAX;
    return f->ops->read(f, buf, n);
}

// Write n bytes at most; -EBADF when not open for writing.
int file_write(struct file *f, const void *buf, size_t n)
{
    if ((f->flags & O_ACCMODE) == O_RDONLY)
        return -EBADF;
    if (!f->ops->write)
        return -EINVAL;
    if (n > IO_MAX)
        n = IO_MAX;
    return f->ops->write(f, buf, n);
}

// Move the offset (see vfs.h).
int file_lseek(struct file *f, int32_t off, int whence)
{
    if (!f->ops->seekable)
        return -ESPIPE;
    int64_t base;
    switch (whence) {
    case SEEK_SET: base = 0; break;
    case SEEK_CUR: base = f->offset; break;
    case SEEK_END: base = f->ip->size; break;
    default: return -EINVAL;
    }
    int64_t pos = base + off;
    if (pos < 0 || pos > 0x7FFFFFFF)
        return -EINVAL;
    f->offset = (uint32_t)pos;
    return (int)pos;
}

// Status of the open file's inode.
int file_stat(struct file *f, struct api_stat *st)
{
    vfs_fill_stat(f->ip, st);
    return 0;
}

// Set the size of an open regular file.
int file_truncate(struct file *f, uint32_t size)
{
    struct inode *ip = f->ip;
    if ((f->flags & O_ACCMODE) == O_RDONLY)
        return -EBADF;
    if (!S_ISREG(ip->mode) || f->ops != &vfs_reg_fops || !ip->ops->truncate)
        return -EINVAL;
    return ip->ops->truncate(ip, size);
}

// Entry number index of directory dir, "." and ".." first. 0, 1 at the end,
// or -errno.
static int dir_entry(struct inode *dir, uint32_t index, struct vfs_dirent *e)
{
    if (index < 2) {
        struct inode *ip = index == 0 ? dir : vfs_dotdot(dir);
        e->ino = ip->ino;
        e->type = DT_DIR;
        memcpy(e->name, "..", 3);
        if (index == 0)
            e->name[1] = '\0';
        return 0;
    }
    if (!dir->ops || !dir->ops->readdir)
        return 1;
    return dir->ops->readdir(dir, index - 2, e);
}

// Pack directory records into buf (see vfs.h).
int file_getdents(struct file *f, void *buf, size_t n)
{
    if (!S_ISDIR(f->ip->mode))
        return -ENOTDIR;
    if ((f->flags & O_ACCMODE) == O_WRONLY)
        return -EBADF;
    size_t used = 0;
    struct vfs_dirent e;
    for (;;) {
        int r = dir_entry(f->ip, f->offset, &e);
        if (r < 0)
            return used ? (int)used : r;
        if (r > 0)
            break;
        size_t namelen = strlen(e.name);
        size_t reclen = (offsetof(struct api_dirent, d_name) + namelen + 1 + 3) & ~(size_t)3;
        if (n - used < reclen) {
            if (used == 0)
                return -EINVAL;
            break;
        }
        struct api_dirent *d = (struct api_dirent *)((char *)buf + used);
        d->d_ino = e.ino;
        d->d_reclen = (uint16_t)reclen;
        d->d_type = e.type;
        memset(d->d_name, 0, reclen - offsetof(struct api_dirent, d_name));
        memcpy(d->d_name, e.name, namelen);
        used += reclen;
        f->offset++;
    }
    return (int)used;
}

// Device control; -ENOTTY for files that have none.
int file_ioctl(struct file *f, uint32_t req, void *arg)
{
    if (!f->ops->ioctl)
        return -ENOTTY;
    return f->ops->ioctl(f, req, arg);
}

// Size of the argument of each known ioctl request.
int file_ioctl_size(uint32_t req)
{
    switch (req) {
    case TCGETS:
    case TCSETS:
        return sizeof(struct api_termios);
    case TIOCGPGRP:
    case TIOCSPGRP:
        return sizeof(int32_t);
    case TIOCGWINSZ:
        return sizeof(struct api_winsize);
    default:
        return -EINVAL;
    }
}

// The flags the file was opened with (access mode and status flags).
uint32_t file_getfl(struct file *f)
{
    return f->flags;
}

// Change the status flags fcntl may change: O_APPEND and O_NONBLOCK.
void file_setfl(struct file *f, uint32_t flags)
{
    uint32_t settable = O_APPEND | O_NONBLOCK;
    f->flags = (f->flags & ~settable) | (flags & settable);
}

// One more descriptor shares f.
struct file *file_dup(struct file *f)
{
    f->ref++;
    return f;
}

// One descriptor less; the last one closes the file.
void file_close(struct file *f)
{
    if (!f || --f->ref > 0)
        return;
    if (f->ops && f->ops->close)
        f->ops->close(f);
    inode_put(f->ip);
    kfree(f);
}
