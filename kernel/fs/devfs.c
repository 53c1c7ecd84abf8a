// devfs (see devfs.h): a ramfs whose root is read-only, holding device
// nodes whose open files use the devices' file ops.
#include "kernel/fs/devfs.h"
#include "kernel/fs/ramfs.h"
#include "kernel/fs/tty.h"
#include <string.h>

// /dev/null: nothing to read, everything written is dropped.
static int null_read(struct file *f, void *buf, size_t n)
{
    return 0;
}

static int null_write(struct file *f, const void *buf, size_t n)
{
    return (int)n;
}

// /dev/zero: as many zero bytes as asked for.
static int zero_read(struct file *f, void *buf, size_t n)
{
    memset(buf, 0, n);
    return (int)n;
}

static const struct file_ops null_fops = {
    .read = null_read,
    .write = null_write,
    .seekable = true,
};

static const struct file_ops zero_fops = {
    .read = zero_read,
    .write = null_write,
    .seekable = true,
};

struct inode *devfs_create(void)
{
    struct inode *root = ramfs_create();
    if (!root)
        return NULL;
    if (ramfs_mknod(root, "console", S_IFCHR | 0620, DEV_CONSOLE, &tty_fops, NULL) < 0 ||
        ramfs_mknod(root, "null", S_IFCHR | 0666, DEV_NULL, &null_fops, NULL) < 0 ||
        ramfs_mknod(root, "zero", S_IFCHR | 0666, DEV_ZERO, &zero_fops, NULL) < 0) {
        ramfs_destroy(root);
        return NULL;
    }
    root->readonly = true;
    return root;
}
