// Declarations shared by the VFS's own files (vfs.c, vfs_ops.c, file.c);
// file systems and the rest of the kernel use vfs.h only.
#ifndef FS_VFS_INTERNAL_H
#define FS_VFS_INTERNAL_H

#include "kernel/fs/vfs.h"

// How open files of a regular file and of a directory behave.
extern const struct file_ops vfs_reg_fops;
extern const struct file_ops vfs_dir_fops;

// Look name (len bytes, may be "." or "..") up in directory dir, crossing
// mount points; *out gets a counted reference. dir is not put.
int vfs_step(struct inode *dir, const char *name, size_t len, struct inode **out);
// The directory ".." names from dir, crossing back over mount points (not
// counted).
struct inode *vfs_dotdot(struct inode *dir);
// Fill st from ip.
void vfs_fill_stat(struct inode *ip, struct api_stat *st);

#endif
