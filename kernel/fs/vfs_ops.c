// The VFS operations on paths: open, stat, mkdir, unlink, rmdir, rename,
// chdir, getcwd, utime, chmod (see vfs.h).
#include "kernel/fs/vfs.h"
#include "kernel/fs/vfs_internal.h"
#include "kernel/api/errno.h"
#include <string.h>

// True for the names "." and "..", and for the empty last name of "/".
static bool is_special(const char *name)
{
    return name[0] == '\0' || strcmp(name, ".") == 0 || strcmp(name, "..") == 0;
}

// Look name up in dir without crossing a mount point: the entry itself.
static int entry_lookup(struct inode *dir, const char *name, struct inode **out)
{
    if (!dir->ops || !dir->ops->lookup)
        return -ENOENT;
    return dir->ops->lookup(dir, name, strlen(name), out);
}

// True when directory dir has no entries besides "." and "..".
static bool dir_is_empty(struct inode *dir)
{
    struct vfs_dirent e;
    if (!dir->ops || !dir->ops->readdir)
        return true;
    return dir->ops->readdir(dir, 0, &e) != 0;
}

// True when the directory dir can take new entries.
static bool dir_writable(struct inode *dir)
{
    return !dir->readonly && dir->ops && dir->ops->create;
}

// Find or create the file of an O_CREAT open; *ip gets a reference.
static int open_create(struct inode *cwd, const char *path, uint32_t flags, uint32_t mode,
                       struct inode **ip)
{
    struct inode *dir;
    char name[FS_NAME_MAX + 1];
    bool trailing;
    int r = vfs_lookup_parent(cwd, path, &dir, name, &trailing);
    if (r < 0)
        return r;
    if (name[0] == '\0') {          // "/" itself
        *ip = dir;
        return (flags & O_EXCL) ? -EEXIST : 0;
    }
    r = vfs_step(dir, name, strlen(name), ip);
    if (r == 0) {
        inode_put(dir);
        if (flags & O_EXCL) {
            inode_put(*ip);
            return -EEXIST;
        }
        if (trailing && !S_ISDIR((*ip)->mode)) {
            inode_put(*ip);
            return -ENOTDIR;
        }
        return 0;
    }
    if (r == -ENOENT) {
        if (trailing)
            r = -EISDIR;
        else if (!dir_writable(dir))
            r = -EROFS;
        else
            r = dir->ops->create(dir, name, strlen(name), S_IFREG | (mode & 07777), ip);
    }
    inode_put(dir);
    return r;
}

// Open a file (see vfs.h).
int vfs_open(struct inode *cwd, const char *path, uint32_t flags, uint32_t mode,
             struct file **out)
{
    uint32_t acc = flags & O_ACCMODE;
    if (acc == O_ACCMODE)
        return -EINVAL;
    struct inode *ip;
    int r = (flags & O_CREAT) ? open_create(cwd, path, flags, mode, &ip)
                              : vfs_lookup(cwd, path, &ip);
    if (r < 0)
        return r;
    bool dir = S_ISDIR(ip->mode);
    bool writing = acc != O_RDONLY;
    if ((flags & O_DIRECTORY) && !dir)
        r = -ENOTDIR;
    else if (dir && writing)
        r = -EISDIR;
    else if (writing && ip->readonly)
        r = -EROFS;
    else if ((flags & O_TRUNC) && writing && S_ISREG(ip->mode) && ip->size > 0)
        r = ip->ops && ip->ops->truncate ? ip->ops->truncate(ip, 0) : -EINVAL;
    if (r < 0) {
        inode_put(ip);
        return r;
    }
    const struct file_ops *ops = ip->fops ? ip->fops : dir ? &vfs_dir_fops : &vfs_reg_fops;
    struct file *f = file_alloc(ip, ops, flags & (O_ACCMODE | O_APPEND | O_NONBLOCK));
    if (!f) {
        inode_put(ip);
        return -ENOMEM;
    }
    if (ops->open && (r = ops->open(f)) < 0) {
        f->ops = &vfs_reg_fops;     // its close must not run: open failed
        file_close(f);
        return r;
    }
    *out = f;
    return 0;
}

// Status of the file at path.
int vfs_stat(struct inode *cwd, const char *path, struct api_stat *st)
{
    struct inode *ip;
    int r = vfs_lookup(cwd, path, &ip);
    if (r < 0)
        return r;
    vfs_fill_stat(ip, st);
    inode_put(ip);
    return 0;
}

// Make a directory.
int vfs_mkdir(struct inode *cwd, const char *path, uint32_t mode)
{
    struct inode *dir, *ip;
    char name[FS_NAME_MAX + 1];
    int r = vfs_lookup_parent(cwd, path, &dir, name, NULL);
    if (r < 0)
        return r;
    if (is_special(name)) {
        r = -EEXIST;
    } else if ((r = entry_lookup(dir, name, &ip)) == 0) {
        inode_put(ip);
        r = -EEXIST;
    } else if (r == -ENOENT) {
        if (!dir_writable(dir))
            r = -EROFS;
        else if ((r = dir->ops->create(dir, name, strlen(name), S_IFDIR | (mode & 07777), &ip)) == 0)
            inode_put(ip);
    }
    inode_put(dir);
    return r;
}

// Remove a file that is not a directory.
int vfs_unlink(struct inode *cwd, const char *path)
{
    struct inode *dir, *ip;
    char name[FS_NAME_MAX + 1];
    bool trailing;
    int r = vfs_lookup_parent(cwd, path, &dir, name, &trailing);
    if (r < 0)
        return r;
    if (is_special(name)) {
        inode_put(dir);
        return -EISDIR;
    }
    r = entry_lookup(dir, name, &ip);
    if (r == 0) {
        if (S_ISDIR(ip->mode))
            r = -EISDIR;
        else if (trailing)
            r = -ENOTDIR;
        else if (dir->readonly || !dir->ops->unlink)
            r = -EROFS;
        else
            r = dir->ops->unlink(dir, name, strlen(name));
        inode_put(ip);
    }
    inode_put(dir);
    return r;
}

// Why directory ip (found as an entry, one reference held by the caller)
// cannot be removed or replaced, or 0.
static int dir_removable(struct inode *ip)
{
    if (!S_ISDIR(ip->mode))
        return -ENOTDIR;
    if (ip->mounted || ip->parent == ip)
        return -EBUSY;
    if (!dir_is_empty(ip))
        return -ENOTEMPTY;
    if (ip->ref > 1)
        return -EBUSY;
    return 0;
}

// Remove an empty directory (the rule is in vfs.h).
int vfs_rmdir(struct inode *cwd, const char *path)
{
    struct inode *dir, *ip;
    char name[FS_NAME_MAX + 1];
    int r = vfs_lookup_parent(cwd, path, &dir, name, NULL);
    if (r < 0)
        return r;
    if (name[0] == '\0')
        r = -EBUSY;
    else if (strcmp(name, ".") == 0)
        r = -EINVAL;
    else if (strcmp(name, "..") == 0)
        r = -ENOTEMPTY;
    else if ((r = entry_lookup(dir, name, &ip)) == 0) {
        r = dir_removable(ip);
        if (r == 0 && (dir->readonly || !dir->ops->unlink))
            r = -EROFS;
        if (r == 0)
            r = dir->ops->unlink(dir, name, strlen(name));
        inode_put(ip);
    }
    inode_put(dir);
    return r;
}

// True when directory d is dir or lies below it (same file system).
static bool is_below(struct inode *d, struct inode *dir)
{
    for (int depth = 0; d && depth < FS_PATH_MAX; depth++) {
        if (d == dir)
            return true;
        if (d->parent == d)
            return false;
        d = d->parent;
    }
    return false;
}

// Check that src may move over dst (an existing entry) in a rename.
static int rename_target_ok(struct inode *src, struct inode *dst)
{
    if (dst->mounted)
        return -EBUSY;
    if (S_ISDIR(src->mode))
        return dir_removable(dst);
    return S_ISDIR(dst->mode) ? -EISDIR : 0;
}

// The checks and the move of vfs_rename, with both parents resolved.
static int rename_in(struct inode *odir, const char *oname, bool otrail,
                     struct inode *ndir, const char *nname, bool ntrail)
{
    if (is_special(oname) || is_special(nname))
        return oname[0] == '\0' || nname[0] == '\0' ? -EBUSY : -EINVAL;
    struct inode *src, *dst = NULL;
    int r = entry_lookup(odir, oname, &src);
    if (r < 0)
        return r;
    if (src->mounted)
        r = -EBUSY;
    else if (odir->dev != ndir->dev)
        r = -EXDEV;
    else if ((otrail || ntrail) && !S_ISDIR(src->mode))
        r = -ENOTDIR;
    else if ((r = entry_lookup(ndir, nname, &dst)) == -ENOENT)
        r = 0;
    else if (r == 0 && dst != src)
        r = rename_target_ok(src, dst);
    if (r == 0 && dst == src) {
        inode_put(src);
        inode_put(dst);
        return 0;
    }
    if (r == 0 && S_ISDIR(src->mode) && is_below(ndir, src))
        r = -EINVAL;
    if (r == 0 && (odir->readonly || ndir->readonly || !odir->ops->rename))
        r = -EROFS;
    if (r == 0)
        r = odir->ops->rename(odir, oname, strlen(oname), ndir, nname, strlen(nname));
    inode_put(dst);
    inode_put(src);
    return r;
}

// Rename oldpath to newpath (see vfs.h).
int vfs_rename(struct inode *cwd, const char *oldpath, const char *newpath)
{
    struct inode *odir, *ndir;
    char oname[FS_NAME_MAX + 1], nname[FS_NAME_MAX + 1];
    bool otrail, ntrail;
    int r = vfs_lookup_parent(cwd, oldpath, &odir, oname, &otrail);
    if (r < 0)
        return r;
    r = vfs_lookup_parent(cwd, newpath, &ndir, nname, &ntrail);
    if (r < 0) {
        inode_put(odir);
        return r;
    }
    r = rename_in(odir, oname, otrail, ndir, nname, ntrail);
    inode_put(ndir);
    inode_put(odir);
    return r;
}

// The directory at path, for a new current directory.
int vfs_chdir(struct inode *cwd, const char *path, struct inode **newcwd)
{
    struct inode *ip;
    int r = vfs_lookup(cwd, path, &ip);
    if (r < 0)
        return r;
    if (!S_ISDIR(ip->mode)) {
        inode_put(ip);
        return -ENOTDIR;
    }
    *newcwd = ip;
    return 0;
}

// The name under which directory d appears in its parent p; 0 or -ENOENT.
static int name_in_parent(struct inode *p, struct inode *d, struct vfs_dirent *e)
{
    if (!p->ops || !p->ops->readdir)
        return -ENOENT;
    for (uint32_t i = 0;; i++) {
        int r = p->ops->readdir(p, i, e);
        if (r != 0)
            return r < 0 ? r : -ENOENT;
        if (e->ino == d->ino)
            return 0;
    }
}

// The absolute path of directory dir (see vfs.h).
int vfs_getcwd(struct inode *dir, char *buf, size_t n)
{
    char path[FS_PATH_MAX];
    size_t pos = sizeof(path) - 1;
    path[pos] = '\0';
    struct inode *d = dir;
    struct vfs_dirent e;
    if (!d || !S_ISDIR(d->mode))
        return -ENOTDIR;
    for (;;) {
        while (d->parent == d && d->covered)
            d = d->covered;
        if (!d->parent || d->parent == d)
            break;
        int r = name_in_parent(d->parent, d, &e);
        if (r < 0)
            return r;
        size_t len = strlen(e.name);
        if (len + 1 > pos)
            return -ERANGE;
        pos -= len;
        memcpy(path + pos, e.name, len);
        path[--pos] = '/';
        d = d->parent;
    }
    if (pos == sizeof(path) - 1)
        path[--pos] = '/';
    size_t total = sizeof(path) - pos;   // with the NUL
    if (total > n)
        return -ERANGE;
    memcpy(buf, path + pos, total);
    return (int)total;
}

// Set the times of the file at path.
int vfs_utime(struct inode *cwd, const char *path, const struct api_utimbuf *t)
{
    struct inode *ip;
    int r = vfs_lookup(cwd, path, &ip);
    if (r < 0)
        return r;
    if (ip->readonly) {
        r = -EROFS;
    } else {
        int32_t now = vfs_now();
        ip->atime = t ? t->actime : now;
        ip->mtime = t ? t->modtime : now;
        ip->ctime = now;
    }
    inode_put(ip);
    return r;
}

// Set the permission bits of the file at path.
int vfs_set_mode(struct inode *ip, uint32_t mode)
{
    if (ip->readonly)
        return -EROFS;
    ip->mode = (ip->mode & S_IFMT) | (mode & 07777);
    ip->ctime = vfs_now();
    return 0;
}

int vfs_chmod(struct inode *cwd, const char *path, uint32_t mode)
{
    struct inode *ip;
    int r = vfs_lookup(cwd, path, &ip);
    if (r < 0)
        return r;
    r = vfs_set_mode(ip, mode);
    inode_put(ip);
    return r;
}
