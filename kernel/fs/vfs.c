// The VFS core: inodes, the mount table and path resolution (see vfs.h).
#include "kernel/fs/vfs.h"
#include "kernel/fs/vfs_internal.h"
#include "kernel/api/errno.h"
#include "mm/kmalloc.h"
#include <string.h>

// One mounted file system: the directory it covers and its root.
struct mount {
    struct inode *covered;          // directory of the parent fs (counted), NULL when free
    struct inode *root;             // the mounted root (counted)
};

static struct inode *root_dir;              // "/" (counted)
static struct mount mounts[FS_MAX_MOUNTS];  // the mount table
static uint32_t next_dev = 1;               // st_dev of the next fs instance
static int32_t (*clock_fn)(void);           // wall clock in seconds, or NULL

static int32_t no_clock(void)
{
    return 0;
}

// Seconds now (0 until a clock is registered).
int32_t vfs_now(void)
{
    return clock_fn ? clock_fn() : no_clock();
}

// Register the clock that timestamps inodes.
void vfs_set_clock(int32_t (*now)(void))
{
    clock_fn = now;
}

// A fresh number for a file system instance.
uint32_t vfs_new_dev(void)
{
    return next_dev++;
}

// A zeroed inode with one reference and the current time, or NULL.
struct inode *inode_alloc(void)
{
    struct inode *ip = kzalloc(sizeof(*ip));
    if (!ip)
        return NULL;
    ip->ref = 1;
    ip->atime = ip->mtime = ip->ctime = vfs_now();
    return ip;
}

// Give back the memory of an inode (its fs has freed its data).
void inode_free(struct inode *ip)
{
    kfree(ip);
}

// One more reference to ip.
struct inode *inode_get(struct inode *ip)
{
    ip->ref++;
    return ip;
}

// One reference less; the file system is told when none are left.
void inode_put(struct inode *ip)
{
    if (!ip)
        return;
    if (--ip->ref > 0)
        return;
    if (ip->ops && ip->ops->release)
        ip->ops->release(ip);
}

// Install the root directory (its reference is kept).
void vfs_set_root(struct inode *root)
{
    inode_put(root_dir);
    root_dir = root;
}

// "/", counted, or NULL before the root is set.
struct inode *vfs_root(void)
{
    return root_dir ? inode_get(root_dir) : NULL;
}

// Cover the directory at path with the fs rooted at root.
int vfs_mount(const char *path, struct inode *root)
{
    struct inode *dir;
    int r = vfs_lookup(NULL, path, &dir);
    if (r < 0)
        return r;
    if (!S_ISDIR(dir->mode) || !S_ISDIR(root->mode)) {
        inode_put(dir);
        return -ENOTDIR;
    }
    if (dir->mounted || dir == root_dir || root->covered) {
        inode_put(dir);
        return -EBUSY;
    }
    for (int i = 0; i < FS_MAX_MOUNTS; i++) {
        if (mounts[i].covered)
            continue;
        mounts[i].covered = dir;            // takes the lookup's reference
        mounts[i].root = inode_get(root);
        dir->mounted = root;
        root->covered = dir;
        return 0;
    }
    inode_put(dir);
    return -ENOMEM;
}

// Unmount everything and drop the root.
void vfs_reset(void)
{
    for (int i = 0; i < FS_MAX_MOUNTS; i++) {
        if (!mounts[i].covered)
            continue;
        mounts[i].covered->mounted = NULL;
        mounts[i].root->covered = NULL;
        inode_put(mounts[i].root);
        inode_put(mounts[i].covered);
        mounts[i].covered = mounts[i].root = NULL;
    }
    vfs_set_root(NULL);
}

// The directory ".." leads to from dir.
struct inode *vfs_dotdot(struct inode *dir)
{
    // From the root of a mounted fs, ".." is taken in the covered directory.
    while (dir->parent == dir && dir->covered)
        dir = dir->covered;
    struct inode *p = dir->parent ? dir->parent : dir;
    while (p->mounted)
        p = p->mounted;
    return p;
}

// One step of a path walk (see vfs_internal.h).
int vfs_step(struct inode *dir, const char *name, size_t len, struct inode **out)
{
    if (!S_ISDIR(dir->mode))
        return -ENOTDIR;
    if (len == 1 && name[0] == '.') {
        *out = inode_get(dir);
        return 0;
    }
    if (len == 2 && name[0] == '.' && name[1] == '.') {
        *out = inode_get(vfs_dotdot(dir));
        return 0;
    }
    if (!dir->ops || !dir->ops->lookup)
        return -ENOENT;
    struct inode *next;
    int r = dir->ops->lookup(dir, name, len, &next);
    if (r < 0)
        return r;
    while (next->mounted) {
        struct inode *m = inode_get(next->mounted);
        inode_put(next);
        next = m;
    }
    *out = next;
    return 0;
}

// Where a walk starts: the root for an absolute path, else cwd.
static int walk_start(struct inode *cwd, const char *path, struct inode **out)
{
    size_t n = strnlen(path, FS_PATH_MAX);
    if (n == FS_PATH_MAX)
        return -ENAMETOOLONG;
    if (n == 0)
        return -ENOENT;
    struct inode *start = (path[0] == '/' || !cwd) ? root_dir : cwd;
    if (!start)
        return -ENOENT;
    *out = inode_get(start);
    return 0;
}

// Next component of path at *p: sets *name and *len and moves *p past it;
// false when only slashes are left.
static bool next_component(const char **p, const char **name, size_t *len)
{
    const char *s = *p;
    while (*s == '/')
        s++;
    if (*s == '\0') {
        *p = s;
        return false;
    }
    const char *e = s;
    while (*e && *e != '/')
        e++;
    *name = s;
    *len = (size_t)(e - s);
    *p = e;
    return true;
}

// True when a component follows at p (after any slashes).
static bool more_components(const char *p)
{
    while (*p == '/')
        p++;
    return *p != '\0';
}

// True when only slashes (at least one) are left at p.
static bool only_slashes(const char *p)
{
    if (*p != '/')
        return false;
    while (*p == '/')
        p++;
    return *p == '\0';
}

// Walk path from cwd; with stop_last the last component is not looked up
// but returned in lastname. *out gets a counted reference.
static int walk(struct inode *cwd, const char *path, bool stop_last, struct inode **out,
                char *lastname, bool *trailing)
{
    struct inode *cur;
    int r = walk_start(cwd, path, &cur);
    if (r < 0)
        return r;
    const char *p = path;
    const char *after = path;       // just past the last component seen
    const char *name;
    size_t len;
    if (lastname)
        lastname[0] = '\0';
    while (next_component(&p, &name, &len)) {
        if (len > FS_NAME_MAX) {
            inode_put(cur);
            return -ENAMETOOLONG;
        }
        after = p;
        if (stop_last && !more_components(p)) {
            if (!S_ISDIR(cur->mode)) {
                inode_put(cur);
                return -ENOTDIR;
            }
            memcpy(lastname, name, len);
            lastname[len] = '\0';
            break;
        }
        struct inode *next;
        r = vfs_step(cur, name, len, &next);
        inode_put(cur);
        if (r < 0)
            return r;
        cur = next;
    }
    bool slash = only_slashes(after);
    if (trailing)
        *trailing = slash;
    if (!stop_last && slash && !S_ISDIR(cur->mode)) {
        inode_put(cur);
        return -ENOTDIR;
    }
    *out = cur;
    return 0;
}

// Resolve a whole path (see vfs.h).
int vfs_lookup(struct inode *cwd, const char *path, struct inode **out)
{
    return walk(cwd, path, false, out, NULL, NULL);
}

// Resolve all but the last component (see vfs.h).
int vfs_lookup_parent(struct inode *cwd, const char *path, struct inode **dir,
                      char name[FS_NAME_MAX + 1], bool *trailing)
{
    return walk(cwd, path, true, dir, name, trailing);
}

// The DT_* type for a mode.
uint8_t vfs_dtype(uint32_t mode)
{
    switch (mode & S_IFMT) {
    case S_IFDIR: return DT_DIR;
    case S_IFREG: return DT_REG;
    case S_IFCHR: return DT_CHR;
    case S_IFIFO: return DT_FIFO;
    default: return DT_UNKNOWN;
    }
}

// Fill st from ip.
void vfs_fill_stat(struct inode *ip, struct api_stat *st)
{
    memset(st, 0, sizeof(*st));
    st->st_dev = ip->dev;
    st->st_ino = ip->ino;
    st->st_mode = ip->mode;
    st->st_nlink = ip->nlink;
    st->st_rdev = ip->rdev;
    st->st_size = ip->size;
    st->st_blksize = 4096;
    st->st_blocks = (ip->size + 511) / 512;
    st->st_atime = ip->atime;
    st->st_mtime = ip->mtime;
    st->st_ctime = ip->ctime;
}
