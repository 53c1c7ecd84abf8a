// File system set-up at boot (see fs.h), and /proc/meminfo.
#include "kernel/fs/fs.h"
#include "mm/kmalloc.h"
#include "kernel/fs/vfs.h"
#include "kernel/fs/ramfs.h"
#include "kernel/fs/cpio_load.h"
#include "kernel/fs/devfs.h"
#include "kernel/fs/procfs.h"
#include "kernel/fs/tty.h"
#include "kernel/api/errno.h"
#include "kernel/console.h"
#include "kernel/format.h"
#include "mm/phys.h"

// /proc/meminfo: the node's RAM managed by the frame pool, and free now.
static int gen_meminfo(char *buf, size_t size, void *arg)
{
    return snformat(buf, size, "MemTotal:  %u kB\nMemFree:  %u kB\nKernelHeap:  %u kB\n"
                    "KernelHeapUsed:  %u kB\n",
                    (unsigned)(phys_managed_bytes() >> 10), (unsigned)(phys_free_bytes() >> 10),
                    (unsigned)(kheap.arena_bytes >> 10), (unsigned)(kheap.used_bytes >> 10));
}

// Make directory path (if missing) and mount root over it.
static void mount_at(const char *path, struct inode *root, const char *what)
{
    int r = vfs_mkdir(NULL, path, 0755);
    if (r == 0 || r == -EEXIST)
        r = vfs_mount(path, root);
    if (r < 0)
        kprintf("fs: cannot mount %s at %s: error %d\n", what, path, -r);
}

void fs_init(const void *initrd, size_t initrd_len)
{
    struct inode *root = ramfs_create();
    if (!root) {
        kprintf("fs: out of memory for the root file system\n");
        return;
    }
    vfs_set_root(root);
    if (initrd) {
        char msg[200];
        int n = ramfs_load_cpio(root, initrd, initrd_len, msg, sizeof(msg));
        if (n < 0)
            kprintf("%s\n", msg);
        else
            kprintf("fs: %d entries unpacked from the initrd\n", n);
    }
    struct inode *dev = devfs_create();
    if (dev) {
        mount_at("/dev", dev, "devfs");
        inode_put(dev);
    } else {
        kprintf("fs: out of memory for devfs\n");
    }
    struct inode *proc = procfs_root();
    if (proc) {
        mount_at("/proc", proc, "procfs");
        inode_put(proc);
        if (procfs_add_file("meminfo", gen_meminfo, NULL) < 0 ||
            procfs_add_pid_file("status", false) < 0)
            kprintf("fs: out of memory for /proc files\n");
    } else {
        kprintf("fs: out of memory for procfs\n");
    }
    tty_init();
}
