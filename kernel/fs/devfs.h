// devfs, mounted at /dev: the device files console (the terminal, tty.h),
// null (reads end at once, writes vanish) and zero (reads give zeros).
#ifndef FS_DEVFS_H
#define FS_DEVFS_H

#include "kernel/fs/vfs.h"

// A new read-only directory holding the device nodes (a ramfs); its root
// with one reference, or NULL when memory is out.
struct inode *devfs_create(void);

#endif
