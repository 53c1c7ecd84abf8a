// ramfs: a writable file system kept in memory. Directories are lists of
// entries; file data lives in pages (holes read as zeros). It is both the
// root file system (filled from the initrd) and the base of devfs.
#ifndef FS_RAMFS_H
#define FS_RAMFS_H

#include "kernel/fs/vfs.h"

// A new empty ramfs; returns its root directory (one reference) or NULL
// when memory is out.
struct inode *ramfs_create(void);

// Add a node of the given mode (a device: S_IFCHR, with rdev and the file
// ops its open files use) named name to ramfs directory dir, even when dir
// is read-only. *out (if not NULL) gets a reference. -EEXIST, -ENOMEM,
// -ENAMETOOLONG.
int ramfs_mknod(struct inode *dir, const char *name, uint32_t mode, uint32_t rdev,
                const struct file_ops *fops, struct inode **out);

// Free a whole ramfs from its root, whatever references remain: only when
// nothing uses it any more (tests, a failed set-up). root's reference goes.
void ramfs_destroy(struct inode *root);

// Pages of file data the ramfs instance of ip holds now (for tests and
// accounting).
uint32_t ramfs_pages(struct inode *ip);

#endif
