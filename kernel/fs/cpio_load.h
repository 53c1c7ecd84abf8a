// Unpacking the initrd (a "cpio -H newc" archive) into a directory.
#ifndef FS_CPIO_LOAD_H
#define FS_CPIO_LOAD_H

#include "kernel/fs/vfs.h"

// Unpack the len bytes of archive at archive under directory dir (usually
// the root ramfs): directories, regular files, and symbolic links as
// regular files holding their target; other kinds (devices, fifos) are
// skipped. Missing parent directories are made. Returns the number of
// entries unpacked when the whole archive was read. A malformed entry, or
// a file system error, stops unpacking at that entry: what was unpacked
// before stays, msg (msgsize bytes) says what and where, and the result is
// negative (-EINVAL for a bad archive, else the file system's -errno).
// msg is an empty string on success.
int ramfs_load_cpio(struct inode *dir, const void *archive, size_t len,
                    char *msg, size_t msgsize);

#endif
