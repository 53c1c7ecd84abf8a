// The virtual file system: inodes, open file descriptions, path resolution
// and the operations behind the file system calls.
//
// Every function here takes and returns kernel memory only: the system call
// dispatcher copies user buffers in and out. Errors are negative errno
// values (kernel/api/errno.h); nothing here panics on bad input.
//
// Reference counting:
// - An inode's ref counts the in-memory users (open files, current
//   directories, a path walk in progress). Its nlink counts the directory
//   entries naming it. The file system frees an inode when both are zero
//   (inode_put calls ops->release at ref 0 and the fs decides).
// - A struct file's ref counts the descriptors (in any process) sharing it;
//   file_dup adds one, file_close drops one and releases at zero.
//
// The file system code is not reentrant: it expects the kernel not to
// switch threads in the middle of a call except where a call sleeps (pipes
// and the tty, which recheck their state after every sleep).
#ifndef FS_VFS_H
#define FS_VFS_H

#include "kernel/types.h"
#include "kernel/api/types.h"
#include "kernel/fs/fsparam.h"

struct inode;
struct file;

// One directory entry, as a file system's readdir reports it.
struct vfs_dirent {
    uint32_t ino;                   // inode number
    uint8_t type;                   // DT_* (kernel/api/types.h)
    char name[FS_NAME_MAX + 1];     // NUL-terminated
};

// What a file system does with its inodes. Directory operations receive a
// name that is not NUL-terminated (name, len), never "." or "..", at most
// FS_NAME_MAX bytes. A missing operation means the inode cannot do it.
struct inode_ops {
    // Find name in directory dir; *out gets a counted reference.
    // -ENOENT when there is no such entry.
    int (*lookup)(struct inode *dir, const char *name, size_t len, struct inode **out);
    // Make a new entry in dir for a new inode of the given mode (S_IFREG or
    // S_IFDIR plus permission bits); *out gets a counted reference. The VFS
    // has checked that name does not exist.
    int (*create)(struct inode *dir, const char *name, size_t len, uint32_t mode,
                  struct inode **out);
    // Remove the entry name from dir (a file, or a directory the VFS has
    // checked is empty and unused).
    int (*unlink)(struct inode *dir, const char *name, size_t len);
    // Move the entry oldname of olddir to newname in newdir (same file
    // system); an existing newname (checked compatible by the VFS) is
    // replaced.
    int (*rename)(struct inode *olddir, const char *oldname, size_t oldlen,
                  struct inode *newdir, const char *newname, size_t newlen);
    // The entry number index of dir ("." and ".." are not entries); returns
    // 0 with *out filled, 1 when index is past the end, or -errno.
    int (*readdir)(struct inode *dir, uint32_t index, struct vfs_dirent *out);
    // Copy up to n bytes at offset off into buf; returns bytes (0 at end).
    int (*read)(struct inode *ip, uint32_t off, void *buf, size_t n);
    // Write n bytes at off, growing the file; returns bytes written.
    int (*write)(struct inode *ip, uint32_t off, const void *buf, size_t n);
    // Set the size, freeing or zero-filling data as needed.
    int (*truncate)(struct inode *ip, uint32_t size);
    // Called when ref drops to zero; the fs frees the inode if it wants.
    void (*release)(struct inode *ip);
};

// What an open file does. The VFS fills these for directories and regular
// files; devices, pipes and procfs files bring their own.
struct file_ops {
    // Called once by vfs_open after f is set up (optional); a negative
    // return fails the open.
    int (*open)(struct file *f);
    // Read up to n bytes into buf; returns bytes, 0 at end of file.
    int (*read)(struct file *f, void *buf, size_t n);
    // Write n bytes; returns bytes written (maybe fewer).
    int (*write)(struct file *f, const void *buf, size_t n);
    // Device control; arg points to kernel memory of file_ioctl_size(req).
    int (*ioctl)(struct file *f, uint32_t req, void *arg);
    // The last reference is going away (optional).
    void (*close)(struct file *f);
    bool seekable;                  // lseek allowed (false: -ESPIPE)
};

// An inode: one file, directory, device or pipe.
struct inode {
    uint32_t ino;                   // inode number, unique within dev
    uint32_t dev;                   // file system instance (vfs_new_dev)
    uint32_t mode;                  // S_IF* type and permission bits
    uint32_t nlink;                 // directory entries naming it
    uint32_t size;                  // bytes (regular files)
    uint32_t rdev;                  // device number (device inodes)
    int32_t atime, mtime, ctime;    // seconds (vfs_now)
    int ref;                        // in-memory references
    bool readonly;                  // contents and metadata cannot change
    const struct inode_ops *ops;    // the file system's operations
    const struct file_ops *fops;    // how an open file of it behaves (NULL: generic)
    void *priv;                     // the file system's data
    struct inode *parent;           // directories: the parent (self at a fs root); not counted
    struct inode *mounted;          // directories: root of the fs mounted here, or NULL
    struct inode *covered;          // fs roots: the directory this root covers, or NULL
};

// An open file description, shared by dup'ed descriptors and across fork.
struct file {
    int ref;                        // descriptors sharing it
    uint32_t flags;                 // O_ACCMODE, O_APPEND, O_NONBLOCK as opened
    uint32_t offset;                // position (bytes, or entry index for directories)
    struct inode *ip;               // counted reference
    const struct file_ops *ops;     // behaviour
    void *priv;                     // the ops' data (pipe end, procfs snapshot...)
};

#define S_ISDIR(m) (((m) & S_IFMT) == S_IFDIR)
#define S_ISREG(m) (((m) & S_IFMT) == S_IFREG)

// --- inodes ----------------------------------------------------------------

// A new zeroed inode with ref 1, times set to now; NULL when out of memory.
struct inode *inode_alloc(void);
// Free an inode from inode_alloc (the file system's release calls it).
void inode_free(struct inode *ip);
// Add a reference; returns ip.
struct inode *inode_get(struct inode *ip);
// Drop a reference (NULL is fine); at zero ops->release runs.
void inode_put(struct inode *ip);
// A new file system instance number for st_dev.
uint32_t vfs_new_dev(void);
// The DT_* type (getdents) of an st_mode.
uint8_t vfs_dtype(uint32_t mode);
// Seconds now, from the clock registered with vfs_set_clock (0 before).
int32_t vfs_now(void);
void vfs_set_clock(int32_t (*now)(void));

// --- mounts ----------------------------------------------------------------

// Make root (a counted reference, kept) the root directory "/".
void vfs_set_root(struct inode *root);
// The root directory, with a new reference (NULL before vfs_set_root).
struct inode *vfs_root(void);
// Cover the directory at path with the file system whose root is root
// (a reference is kept). -EBUSY if already covered, -ENOTDIR, -ENOMEM.
int vfs_mount(const char *path, struct inode *root);
// Forget every mount and the root (tests start over with it).
void vfs_reset(void);

// --- paths -----------------------------------------------------------------

// Resolve path from cwd (NULL: the root) to a counted inode reference.
// "." and ".." and repeated slashes are handled; a trailing slash demands a
// directory. -ENOENT (also for an empty path), -ENOTDIR, -ENAMETOOLONG.
int vfs_lookup(struct inode *cwd, const char *path, struct inode **out);
// Resolve all but the last component: *dir gets the directory (counted),
// name the last component (NUL-terminated, may be "." or ".."; empty for
// "/"), *trailing whether the path ended in a slash.
int vfs_lookup_parent(struct inode *cwd, const char *path, struct inode **dir,
                      char name[FS_NAME_MAX + 1], bool *trailing);

// --- operations on paths ---------------------------------------------------

// Open (and with O_CREAT maybe create, mode's permission bits) path.
// *out gets a file with ref 1. Errors: -ENOENT, -EEXIST (O_CREAT|O_EXCL),
// -EISDIR (a directory opened for writing), -ENOTDIR (O_DIRECTORY on a
// non-directory, or a file used as a directory), -EROFS, -EINVAL (bad
// access mode), -ENAMETOOLONG, -ENOMEM.
int vfs_open(struct inode *cwd, const char *path, uint32_t flags, uint32_t mode,
             struct file **out);
int vfs_stat(struct inode *cwd, const char *path, struct api_stat *st);
// Remove a non-directory (-EISDIR for a directory).
int vfs_unlink(struct inode *cwd, const char *path);
int vfs_mkdir(struct inode *cwd, const char *path, uint32_t mode);
// Remove an empty directory. Rule: -EINVAL for a last component ".";
// -ENOTEMPTY for ".." or a non-empty directory; -EBUSY for the root, a
// mount point or a file system root, and for a directory in use (some
// process's current directory or an open file), so that every live
// directory keeps its place in the tree and its parent link.
int vfs_rmdir(struct inode *cwd, const char *path);
// Rename within one file system (-EXDEV across). Replaces a file target, or
// an empty unused directory target when the source is a directory;
// -EINVAL for moving a directory into itself and for "." or "..".
int vfs_rename(struct inode *cwd, const char *oldpath, const char *newpath);
// *newcwd gets a counted reference to the directory at path.
int vfs_chdir(struct inode *cwd, const char *path, struct inode **newcwd);
// Write the absolute path of directory dir into buf (n bytes), NUL-
// terminated; returns its length with the NUL (as Linux's getcwd call),
// -ERANGE when it does not fit.
int vfs_getcwd(struct inode *dir, char *buf, size_t n);
// Set access and modification times (t NULL: now).
int vfs_utime(struct inode *cwd, const char *path, const struct api_utimbuf *t);
// Set the permission bits (mode & 07777).
int vfs_chmod(struct inode *cwd, const char *path, uint32_t mode);
// Set ip's permission bits (chmod, fchmod): 0, or -EROFS.
int vfs_set_mode(struct inode *ip, uint32_t mode);

// --- operations on open files ----------------------------------------------

// A new file on ip (ip's reference is taken over) with ops and flags; NULL
// when out of memory (ip is then not put).
struct file *file_alloc(struct inode *ip, const struct file_ops *ops, uint32_t flags);
int file_read(struct file *f, void *buf, size_t n);
int file_write(struct file *f, const void *buf, size_t n);
// New offset, or -ESPIPE (pipes, ttys), -EINVAL (bad whence, negative).
int file_lseek(struct file *f, int32_t off, int whence);
int file_stat(struct file *f, struct api_stat *st);
// Set the size of an open regular file (ftruncate): -EBADF when not open
// for writing, -EINVAL for other kinds of files, -EFBIG.
int file_truncate(struct file *f, uint32_t size);
// Pack struct api_dirent records into buf; returns bytes, 0 at the end,
// -EINVAL when buf cannot hold the next record, -ENOTDIR.
int file_getdents(struct file *f, void *buf, size_t n);
// arg is kernel memory of file_ioctl_size(req) bytes.
int file_ioctl(struct file *f, uint32_t req, void *arg);
// Bytes of the argument of ioctl request req (copied in before and out
// after the call), or -EINVAL for a request nobody knows.
int file_ioctl_size(uint32_t req);
// The open flags, and changing O_APPEND / O_NONBLOCK (fcntl F_GETFL/SETFL).
uint32_t file_getfl(struct file *f);
void file_setfl(struct file *f, uint32_t flags);
// Add a reference; returns f.
struct file *file_dup(struct file *f);
// Drop a reference; the last one releases the file.
void file_close(struct file *f);

#endif
