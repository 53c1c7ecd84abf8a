// Unpacking the initrd into the root file system (see cpio_load.h).
#include "kernel/fs/cpio_load.h"
#include "kernel/api/errno.h"
#include "kernel/cpio.h"
#include "kernel/format.h"
#include <string.h>

// Make every directory on the way to name (all components but the last).
static int make_parents(struct inode *dir, const char *name)
{
    char prefix[CPIO_NAME_MAX];
    for (size_t i = 0; name[i]; i++) {
        if (name[i] != '/')
            continue;
        memcpy(prefix, name, i);
        prefix[i] = '\0';
        int r = vfs_mkdir(dir, prefix, 0755);
        if (r < 0 && r != -EEXIST)
            return r;
    }
    return 0;
}

// Make the directory of entry e (or keep an existing one, new mode).
static int load_dir(struct inode *dir, const struct cpio_entry *e)
{
    int r = vfs_mkdir(dir, e->name, e->mode & 07777);
    if (r == -EEXIST)
        r = vfs_chmod(dir, e->name, e->mode & 07777);
    return r;
}

// Write the data of entry e into a new regular file.
static int load_file(struct inode *dir, const struct cpio_entry *e)
{
    struct file *f;
    int r = vfs_open(dir, e->name, O_WRONLY | O_CREAT | O_TRUNC, e->mode & 07777, &f);
    if (r < 0)
        return r;
    uint32_t done = 0;
    while (done < e->size) {
        r = file_write(f, e->data + done, e->size - done);
        if (r <= 0)
            break;
        done += (uint32_t)r;
    }
    file_close(f);
    if (done < e->size)
        return r < 0 ? r : -ENOSPC;
    return vfs_chmod(dir, e->name, e->mode & 07777);
}

// Unpack one entry; 1 when it was unpacked, 0 when skipped, or -errno.
static int load_entry(struct inode *dir, const struct cpio_entry *e)
{
    uint32_t type = e->mode & CPIO_S_IFMT;
    if (type != CPIO_S_IFDIR && type != CPIO_S_IFREG && type != CPIO_S_IFLNK)
        return 0;
    int r = make_parents(dir, e->name);
    if (r == 0)
        r = type == CPIO_S_IFDIR ? load_dir(dir, e) : load_file(dir, e);
    if (r == 0) {
        struct api_utimbuf t = { (int32_t)e->mtime, (int32_t)e->mtime };
        r = vfs_utime(dir, e->name, &t);
    }
    return r < 0 ? r : 1;
}

// Unpack the archive (see cpio_load.h).
int ramfs_load_cpio(struct inode *dir, const void *archive, size_t len,
                    char *msg, size_t msgsize)
{
    struct cpio_reader rd;
    struct cpio_entry e;
    int count = 0, rc;
    if (msgsize)
        msg[0] = '\0';
    cpio_init(&rd, archive, len);
    while ((rc = cpio_next(&rd, &e)) == CPIO_OK) {
        int r = load_entry(dir, &e);
        if (r < 0) {
            snformat(msg, msgsize, "initrd: cannot unpack '%s' (entry at offset %u): error %d; "
                     "%d entries unpacked before it", e.name, (unsigned)e.offset, -r, count);
            return r;
        }
        count += r;
    }
    if (rc != CPIO_END) {
        snformat(msg, msgsize, "initrd: bad archive entry at offset %u: %s; "
                 "%d entries unpacked before it", (unsigned)rd.err_offset,
                 cpio_strerror(rc), count);
        return -EINVAL;
    }
    return count;
}
