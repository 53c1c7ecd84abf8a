// ramfs (see ramfs.h). Inodes stay in memory while a directory entry names
// them or someone holds a reference; the last of both frees them.
#include "kernel/fs/ramfs.h"
#include "kernel/api/errno.h"
#include "kernel/param.h"
#include "mm/kmalloc.h"
#include "mm/phys.h"
#include <string.h>

// One instance of the file system.
struct ramfs {
    uint32_t dev;                   // st_dev of its inodes
    uint32_t next_ino;              // number of the next inode
    uint32_t pages;                 // data pages held by its files
};

// One entry of a directory.
struct ramfs_dirent {
    char *name;                     // NUL-terminated, kmalloc'ed
    struct inode *ip;               // the inode named (not counted: nlink is)
    struct ramfs_dirent *next;      // next entry, in creation order
};

// What ramfs keeps for each inode (inode.priv).
struct ramfs_node {
    struct ramfs *fs;               // the instance
    struct ramfs_dirent *entries;   // directories: the entries
    uint8_t **pages;                // files: data pages (NULL: a hole)
    uint32_t npages;                // files: slots in pages
};

static const struct inode_ops ramfs_ops;

static struct ramfs_node *node(struct inode *ip)
{
    return ip->priv;
}

// A new inode of this instance with the given mode, or NULL.
static struct inode *new_inode(struct ramfs *fs, uint32_t mode)
{
    struct inode *ip = inode_alloc();
    struct ramfs_node *n = kzalloc(sizeof(*n));
    if (!ip || !n) {
        kfree(n);
        if (ip)
            inode_free(ip);
        return NULL;
    }
    n->fs = fs;
    ip->priv = n;
    ip->ops = &ramfs_ops;
    ip->mode = mode;
    ip->dev = fs->dev;
    ip->ino = fs->next_ino++;
    ip->nlink = S_ISDIR(mode) ? 2 : 1;
    return ip;
}

// Free the data and memory of an inode nobody uses or names.
static void free_inode(struct inode *ip)
{
    struct ramfs_node *n = node(ip);
    for (uint32_t i = 0; i < n->npages; i++) {
        if (n->pages[i]) {
            page_free(n->pages[i]);
            n->fs->pages--;
        }
    }
    kfree(n->pages);
    kfree(n);
    inode_free(ip);
}

// The entry called name (len bytes) in dir, and the link that points to it.
static struct ramfs_dirent **find(struct inode *dir, const char *name, size_t len)
{
    struct ramfs_dirent **pp = &node(dir)->entries;
    for (; *pp; pp = &(*pp)->next)
        if (strncmp((*pp)->name, name, len) == 0 && (*pp)->name[len] == '\0')
            return pp;
    return NULL;
}

// A NUL-terminated copy of name, or NULL.
static char *copy_name(const char *name, size_t len)
{
    char *s = kmalloc(len + 1);
    if (s) {
        memcpy(s, name, len);
        s[len] = '\0';
    }
    return s;
}

// Append an entry for ip to dir; -ENOMEM.
static int add_entry(struct inode *dir, const char *name, size_t len, struct inode *ip)
{
    struct ramfs_dirent *d = kzalloc(sizeof(*d));
    char *s = copy_name(name, len);
    if (!d || !s) {
        kfree(d);
        kfree(s);
        return -ENOMEM;
    }
    d->name = s;
    d->ip = ip;
    struct ramfs_dirent **pp = &node(dir)->entries;
    while (*pp)
        pp = &(*pp)->next;
    *pp = d;
    dir->mtime = dir->ctime = vfs_now();
    return 0;
}

// Take the entry at *pp out of dir and drop the link it held.
static void remove_entry(struct inode *dir, struct ramfs_dirent **pp)
{
    struct ramfs_dirent *d = *pp;
    struct inode *ip = d->ip;
    *pp = d->next;
    kfree(d->name);
    kfree(d);
    if (S_ISDIR(ip->mode)) {
        ip->nlink = 0;
        dir->nlink--;
    } else {
        ip->nlink--;
    }
    ip->ctime = dir->mtime = dir->ctime = vfs_now();
    if (ip->nlink == 0 && ip->ref == 0)
        free_inode(ip);
}

// Find name in dir.
static int ramfs_lookup(struct inode *dir, const char *name, size_t len, struct inode **out)
{
    struct ramfs_dirent **pp = find(dir, name, len);
    if (!pp)
        return -ENOENT;
    *out = inode_get((*pp)->ip);
    return 0;
}

// Make a node in dir (the common part of create and mknod).
static int make_node(struct inode *dir, const char *name, size_t len, uint32_t mode,
                     struct inode **out)
{
    if (len == 0 || len > FS_NAME_MAX)
        return len ? -ENAMETOOLONG : -ENOENT;
    if (find(dir, name, len))
        return -EEXIST;
    struct inode *ip = new_inode(node(dir)->fs, mode);
    if (!ip)
        return -ENOMEM;
    int r = add_entry(dir, name, len, ip);
    if (r < 0) {
        free_inode(ip);
        return r;
    }
    if (S_ISDIR(mode)) {
        ip->parent = dir;
        dir->nlink++;
    }
    *out = ip;
    return 0;
}

// Create a file or directory in dir.
static int ramfs_create_node(struct inode *dir, const char *name, size_t len, uint32_t mode,
                             struct inode **out)
{
    uint32_t type = mode & S_IFMT;
    if (type != S_IFREG && type != S_IFDIR)
        return -EINVAL;
    return make_node(dir, name, len, mode, out);
}

// Remove the entry name of dir.
static int ramfs_unlink(struct inode *dir, const char *name, size_t len)
{
    struct ramfs_dirent **pp = find(dir, name, len);
    if (!pp)
        return -ENOENT;
    struct inode *ip = (*pp)->ip;
    if (S_ISDIR(ip->mode) && node(ip)->entries)
        return -ENOTEMPTY;
    remove_entry(dir, pp);
    return 0;
}

// Move an entry, replacing an existing target (checked by the VFS).
static int ramfs_rename(struct inode *odir, const char *oname, size_t olen,
                        struct inode *ndir, const char *nname, size_t nlen)
{
    struct ramfs_dirent **src = find(odir, oname, olen);
    if (!src)
        return -ENOENT;
    if (nlen == 0 || nlen > FS_NAME_MAX)
        return -ENAMETOOLONG;
    char *s = copy_name(nname, nlen);
    if (!s)
        return -ENOMEM;
    struct ramfs_dirent *d = *src;
    struct ramfs_dirent **dst = find(ndir, nname, nlen);
    if (dst && (*dst)->ip == d->ip) {   // two names of one file: nothing to do
        kfree(s);
        return 0;
    }
    if (dst) {
        if (S_ISDIR((*dst)->ip->mode) && node((*dst)->ip)->entries) {
            kfree(s);
            return -ENOTEMPTY;
        }
        remove_entry(ndir, dst);
        src = find(odir, oname, olen);   // the list may have changed
    }
    *src = d->next;
    kfree(d->name);
    d->name = s;
    d->next = NULL;
    struct ramfs_dirent **pp = &node(ndir)->entries;
    while (*pp)
        pp = &(*pp)->next;
    *pp = d;
    if (S_ISDIR(d->ip->mode) && odir != ndir) {
        odir->nlink--;
        ndir->nlink++;
        d->ip->parent = ndir;
    }
    d->ip->ctime = odir->mtime = ndir->mtime = vfs_now();
    return 0;
}

// Entry number index of dir.
static int ramfs_readdir(struct inode *dir, uint32_t index, struct vfs_dirent *out)
{
    struct ramfs_dirent *d = node(dir)->entries;
    for (uint32_t i = 0; d && i < index; i++)
        d = d->next;
    if (!d)
        return 1;
    out->ino = d->ip->ino;
    out->type = vfs_dtype(d->ip->mode);
    size_t len = strlen(d->name);
    memcpy(out->name, d->name, len + 1);
    return 0;
}

// Copy file bytes at off into buf.
static int ramfs_read(struct inode *ip, uint32_t off, void *buf, size_t n)
{
    struct ramfs_node *nd = node(ip);
    if (off >= ip->size)
        return 0;
    if (n > ip->size - off)
        n = ip->size - off;
    size_t done = 0;
    while (done < n) {
        uint32_t pos = off + (uint32_t)done;
        uint32_t pg = pos / PAGE_SIZE, in = pos % PAGE_SIZE;
        size_t chunk = PAGE_SIZE - in;
        if (chunk > n - done)
            chunk = n - done;
        if (pg < nd->npages && nd->pages[pg])
            memcpy((char *)buf + done, nd->pages[pg] + in, chunk);
        else
            memset((char *)buf + done, 0, chunk);
        done += chunk;
    }
    ip->atime = vfs_now();
    return (int)done;
}

// Make room for at least want page slots; -ENOMEM.
static int grow_slots(struct ramfs_node *nd, uint32_t want)
{
    if (want <= nd->npages)
        return 0;
    uint32_t cap = nd->npages ? nd->npages * 2 : 8;
    if (cap < want)
        cap = want;
    uint8_t **p = kzalloc(cap * sizeof(*p));
    if (!p)
        return -ENOMEM;
    if (nd->npages)
        memcpy(p, nd->pages, nd->npages * sizeof(*p));
    kfree(nd->pages);
    nd->pages = p;
    nd->npages = cap;
    return 0;
}

// Write n bytes at off, filling holes with new zeroed pages.
static int ramfs_write(struct inode *ip, uint32_t off, const void *buf, size_t n)
{
    struct ramfs_node *nd = node(ip);
    if (off >= FS_MAX_FILE_SIZE)
        return -EFBIG;
    if (n > FS_MAX_FILE_SIZE - off)
        n = FS_MAX_FILE_SIZE - off;
    if (n == 0)
        return 0;
    uint32_t end = off + (uint32_t)n;
    int r = grow_slots(nd, (end + PAGE_SIZE - 1) / PAGE_SIZE);
    if (r < 0)
        return r;
    size_t done = 0;
    while (done < n) {
        uint32_t pos = off + (uint32_t)done;
        uint32_t pg = pos / PAGE_SIZE, in = pos % PAGE_SIZE;
        size_t chunk = PAGE_SIZE - in;
        if (chunk > n - done)
            chunk = n - done;
        if (!nd->pages[pg]) {
            nd->pages[pg] = page_alloc();
            if (!nd->pages[pg])
                break;
            nd->fs->pages++;
        }
        memcpy(nd->pages[pg] + in, (const char *)buf + done, chunk);
        done += chunk;
    }
    if (done == 0)
        return -ENOMEM;
    if (off + done > ip->size)
        ip->size = off + (uint32_t)done;
    ip->mtime = ip->ctime = vfs_now();
    return (int)done;
}

// Set the size: pages past it are freed and the rest of the last page
// zeroed, so that bytes past the end always read as zeros when it grows.
static int ramfs_truncate(struct inode *ip, uint32_t size)
{
    struct ramfs_node *nd = node(ip);
    if (!S_ISREG(ip->mode))
        return -EINVAL;
    if (size > FS_MAX_FILE_SIZE)
        return -EFBIG;
    if (size < ip->size) {
        uint32_t keep = (size + PAGE_SIZE - 1) / PAGE_SIZE;
        for (uint32_t i = keep; i < nd->npages; i++) {
            if (nd->pages[i]) {
                page_free(nd->pages[i]);
                nd->pages[i] = NULL;
                nd->fs->pages--;
            }
        }
        uint32_t in = size % PAGE_SIZE;
        if (in && size / PAGE_SIZE < nd->npages && nd->pages[size / PAGE_SIZE])
            memset(nd->pages[size / PAGE_SIZE] + in, 0, PAGE_SIZE - in);
    }
    ip->size = size;
    ip->mtime = ip->ctime = vfs_now();
    return 0;
}

// The last reference is gone: free the inode if no entry names it.
static void ramfs_release(struct inode *ip)
{
    if (ip->nlink == 0)
        free_inode(ip);
}

static const struct inode_ops ramfs_ops = {
    .lookup = ramfs_lookup,
    .create = ramfs_create_node,
    .unlink = ramfs_unlink,
    .rename = ramfs_rename,
    .readdir = ramfs_readdir,
    .read = ramfs_read,
    .write = ramfs_write,
    .truncate = ramfs_truncate,
    .release = ramfs_release,
};

// A new instance and its root directory (see ramfs.h).
struct inode *ramfs_create(void)
{
    struct ramfs *fs = kzalloc(sizeof(*fs));
    if (!fs)
        return NULL;
    fs->dev = vfs_new_dev();
    fs->next_ino = 1;
    struct inode *root = new_inode(fs, S_IFDIR | 0755);
    if (!root) {
        kfree(fs);
        return NULL;
    }
    root->parent = root;
    return root;
}

// Add a device (or any) node, bypassing the read-only flag (see ramfs.h).
int ramfs_mknod(struct inode *dir, const char *name, uint32_t mode, uint32_t rdev,
                const struct file_ops *fops, struct inode **out)
{
    if (dir->ops != &ramfs_ops || !S_ISDIR(dir->mode))
        return -ENOTDIR;
    struct inode *ip;
    int r = make_node(dir, name, strlen(name), mode, &ip);
    if (r < 0)
        return r;
    ip->rdev = rdev;
    ip->fops = fops;
    if (out)
        *out = ip;
    else
        inode_put(ip);
    return 0;
}

// Free dir's subtree: every entry and every inode below it.
static void destroy_tree(struct inode *dir)
{
    struct ramfs_node *nd = node(dir);
    while (nd->entries) {
        struct ramfs_dirent *d = nd->entries;
        nd->entries = d->next;
        if (S_ISDIR(d->ip->mode))
            destroy_tree(d->ip);
        free_inode(d->ip);
        kfree(d->name);
        kfree(d);
    }
}

// Free a whole instance (see ramfs.h).
void ramfs_destroy(struct inode *root)
{
    if (!root)
        return;
    struct ramfs *fs = node(root)->fs;
    destroy_tree(root);
    free_inode(root);
    kfree(fs);
}

// Data pages held by the instance of ip.
uint32_t ramfs_pages(struct inode *ip)
{
    return node(ip)->fs->pages;
}
