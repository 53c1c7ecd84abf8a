// procfs (see procfs.h). Fixed directories and files are inodes kept for
// good, linked into a tree through their struct proc_entry. /proc/PID and
// the files in it are inodes made at lookup and freed when unused.
#include "kernel/fs/procfs.h"
#include "kernel/api/errno.h"
#include "mm/kmalloc.h"
#include <string.h>

// Kinds of procfs inodes.
enum proc_kind {
    PROC_DIR,           // a fixed directory (the root too)
    PROC_FILE,          // a fixed file
    PROC_PID_DIR,       // /proc/PID
    PROC_PID_FILE,      // /proc/PID/NAME
};

// What procfs keeps for each inode (inode.priv).
struct proc_entry {
    enum proc_kind kind;            // which of the above
    char name[PROCFS_NAME_MAX];     // fixed entries: the name in the parent
    procfs_gen_fn gen;              // PROC_FILE: makes the content (or NULL)
    procfs_write_fn write;          // PROC_FILE: takes writes (or NULL)
    void *arg;                      // PROC_FILE: for gen and write
    struct inode *children;         // PROC_DIR: first child
    struct inode *next;             // fixed entries: next sibling
    int pid;                        // PROC_PID_*: the process
    int file;                       // PROC_PID_FILE: index in pid_files
};

// A name of the per-process files.
struct pid_file {
    char name[PROCFS_NAME_MAX];     // "status", "goto"...
    bool writable;                  // writes go to pid_write
};

// The snapshot an open readable file reads from (file.priv).
struct snapshot {
    char *data;                     // kmalloc'ed content
    uint32_t len;                   // bytes of content
};

#define PID_INO_BASE 0x40000000u    // inode numbers of /proc/PID entries

static struct inode *root;          // /proc (one reference kept), or NULL
static uint32_t dev;                // st_dev of procfs
static uint32_t next_ino = 1;       // number of the next fixed inode
static struct pid_file pid_files[PROCFS_MAX_PID_FILES];
static int npid_files;
static int (*pid_list)(int *pids, int max);
static int (*pid_gen)(int pid, const char *file, char *buf, size_t size);
static int (*pid_write)(int pid, const char *file, const char *buf, size_t n);

static const struct inode_ops proc_iops;
static const struct file_ops proc_fops;

static struct proc_entry *entry(struct inode *ip)
{
    return ip->priv;
}

// A new procfs inode of a kind, or NULL.
static struct inode *new_inode(enum proc_kind kind, uint32_t mode, uint32_t ino)
{
    struct inode *ip = inode_alloc();
    struct proc_entry *e = kzalloc(sizeof(*e));
    if (!ip || !e) {
        kfree(e);
        if (ip)
            inode_free(ip);
        return NULL;
    }
    e->kind = kind;
    ip->priv = e;
    ip->ops = &proc_iops;
    ip->mode = mode;
    ip->dev = dev;
    ip->ino = ino;
    ip->readonly = true;
    if (S_ISDIR(mode)) {
        ip->nlink = 2;
    } else {
        ip->nlink = 1;
        ip->fops = &proc_fops;
    }
    return ip;
}

// The root, made on first use.
struct inode *procfs_root(void)
{
    if (!root) {
        dev = vfs_new_dev();
        root = new_inode(PROC_DIR, S_IFDIR | 0555, next_ino++);
        if (!root)
            return NULL;
        root->parent = root;
    }
    return inode_get(root);
}

// Parse a decimal pid (no sign, no leading zero); -1 when it is not one.
static int parse_pid(const char *s, size_t len)
{
    if (len == 0 || len > 9 || (s[0] == '0' && len > 1))
        return -1;
    int v = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

// Format a non-negative number; returns its length.
static size_t format_pid(int pid, char *out)
{
    char tmp[12];
    size_t n = 0;
    do {
        tmp[n++] = (char)('0' + pid % 10);
        pid /= 10;
    } while (pid > 0);
    for (size_t i = 0; i < n; i++)
        out[i] = tmp[n - 1 - i];
    out[n] = '\0';
    return n;
}

// The pids the provider lists now, into a kmalloc'ed array; the count, or
// 0 with *pids NULL when there is no provider or no memory.
static int list_pids(int **pids)
{
    *pids = NULL;
    if (!pid_list)
        return 0;
    int *p = kmalloc(PROCFS_MAX_PIDS * sizeof(int));
    if (!p)
        return 0;
    int n = pid_list(p, PROCFS_MAX_PIDS);
    if (n < 0)
        n = 0;
    if (n > PROCFS_MAX_PIDS)
        n = PROCFS_MAX_PIDS;
    *pids = p;
    return n;
}

// True when process pid exists now.
static bool pid_exists(int pid)
{
    int *pids;
    int n = list_pids(&pids);
    bool found = false;
    for (int i = 0; i < n && !found; i++)
        found = pids[i] == pid;
    kfree(pids);
    return found;
}

static uint32_t pid_ino(int pid, int file)
{
    return PID_INO_BASE + (uint32_t)pid * (PROCFS_MAX_PID_FILES + 1) + (uint32_t)(file + 1);
}

// Make the inode of /proc/PID (or of a file in it when dir is given).
static int make_pid_inode(struct inode *dir, int pid, int file, struct inode **out)
{
    bool is_dir = file < 0;
    uint32_t mode = is_dir ? S_IFDIR | 0555 : S_IFREG | (pid_files[file].writable ? 0644 : 0444);
    struct inode *ip = new_inode(is_dir ? PROC_PID_DIR : PROC_PID_FILE, mode, pid_ino(pid, file));
    if (!ip)
        return -ENOMEM;
    entry(ip)->pid = pid;
    entry(ip)->file = file;
    ip->nlink = is_dir ? 2 : 1;
    ip->parent = inode_get(dir);    // counted: released with ip
    if (!is_dir && pid_files[file].writable)
        ip->readonly = false;
    *out = ip;
    return 0;
}

// Find name in a procfs directory.
static int proc_lookup(struct inode *dir, const char *name, size_t len, struct inode **out)
{
    struct proc_entry *e = entry(dir);
    if (e->kind == PROC_PID_DIR) {
        for (int i = 0; i < npid_files; i++)
            if (strlen(pid_files[i].name) == len && memcmp(pid_files[i].name, name, len) == 0)
                return make_pid_inode(dir, e->pid, i, out);
        return -ENOENT;
    }
    for (struct inode *c = e->children; c; c = entry(c)->next) {
        if (strlen(entry(c)->name) == len && memcmp(entry(c)->name, name, len) == 0) {
            *out = inode_get(c);
            return 0;
        }
    }
    int pid = dir == root ? parse_pid(name, len) : -1;
    if (pid < 0 || !pid_exists(pid))
        return -ENOENT;
    return make_pid_inode(dir, pid, -1, out);
}

// Entry number index of a procfs directory: fixed children, then (in the
// root) one directory per process.
static int proc_readdir(struct inode *dir, uint32_t index, struct vfs_dirent *out)
{
    struct proc_entry *e = entry(dir);
    if (e->kind == PROC_PID_DIR) {
        if (index >= (uint32_t)npid_files)
            return 1;
        out->ino = pid_ino(e->pid, (int)index);
        out->type = DT_REG;
        memcpy(out->name, pid_files[index].name, PROCFS_NAME_MAX);
        return 0;
    }
    struct inode *c = e->children;
    for (; c && index > 0; index--)
        c = entry(c)->next;
    if (c) {
        out->ino = c->ino;
        out->type = vfs_dtype(c->mode);
        memcpy(out->name, entry(c)->name, PROCFS_NAME_MAX);
        return 0;
    }
    if (dir != root)
        return 1;
    int *pids;
    int n = list_pids(&pids);
    int r = 1;
    if (index < (uint32_t)n) {
        out->ino = pid_ino(pids[index], -1);
        out->type = DT_DIR;
        format_pid(pids[index], out->name);
        r = 0;
    }
    kfree(pids);
    return r;
}

// The last user of a procfs inode is gone: per-process inodes go.
static void proc_release(struct inode *ip)
{
    struct proc_entry *e = entry(ip);
    if (e->kind != PROC_PID_DIR && e->kind != PROC_PID_FILE)
        return;
    struct inode *parent = ip->parent;
    kfree(e);
    inode_free(ip);
    inode_put(parent);
}

static const struct inode_ops proc_iops = {
    .lookup = proc_lookup,
    .readdir = proc_readdir,
    .release = proc_release,
};

// Run the generator of ip into buf (size bytes); its result.
static int generate(struct inode *ip, char *buf, size_t size)
{
    struct proc_entry *e = entry(ip);
    if (e->kind == PROC_FILE)
        return e->gen ? e->gen(buf, size, e->arg) : 0;
    if (!pid_gen)
        return -ESRCH;
    return pid_gen(e->pid, pid_files[e->file].name, buf, size);
}

// Make the snapshot of a file opened for reading.
static int proc_open(struct file *f)
{
    if ((f->flags & O_ACCMODE) == O_WRONLY)
        return 0;
    struct snapshot *s = kzalloc(sizeof(*s));
    if (!s)
        return -ENOMEM;
    size_t size = PROCFS_BUF_START;
    for (;;) {
        s->data = kmalloc(size);
        if (!s->data) {
            kfree(s);
            return -ENOMEM;
        }
        int n = generate(f->ip, s->data, size);
        if (n < 0) {
            kfree(s->data);
            kfree(s);
            return n;
        }
        if ((size_t)n <= size || size >= PROCFS_BUF_MAX) {
            s->len = (size_t)n < size ? (uint32_t)n : (uint32_t)size;
            break;
        }
        kfree(s->data);
        size = (size_t)n + 1 < PROCFS_BUF_MAX ? (size_t)n + 1 : PROCFS_BUF_MAX;
    }
    f->priv = s;
    return 0;
}

// Read from the snapshot at the file's offset.
static int proc_read(struct file *f, void *buf, size_t n)
{
    struct snapshot *s = f->priv;
    if (!s || f->offset >= s->len)
        return 0;
    if (n > s->len - f->offset)
        n = s->len - f->offset;
    memcpy(buf, s->data + f->offset, n);
    f->offset += (uint32_t)n;
    return (int)n;
}

// Pass a write to the file's callback.
static int proc_write(struct file *f, const void *buf, size_t n)
{
    struct proc_entry *e = entry(f->ip);
    if (e->kind == PROC_FILE)
        return e->write ? e->write(buf, n, e->arg) : -EROFS;
    if (!pid_write || !pid_files[e->file].writable)
        return -EROFS;
    return pid_write(e->pid, pid_files[e->file].name, buf, n);
}

// Drop the snapshot.
static void proc_close(struct file *f)
{
    struct snapshot *s = f->priv;
    if (s) {
        kfree(s->data);
        kfree(s);
    }
}

static const struct file_ops proc_fops = {
    .open = proc_open,
    .read = proc_read,
    .write = proc_write,
    .close = proc_close,
    .seekable = true,
};

// The child of dir called name (len bytes), or NULL.
static struct inode *child(struct inode *dir, const char *name, size_t len)
{
    for (struct inode *c = entry(dir)->children; c; c = entry(c)->next)
        if (strlen(entry(c)->name) == len && memcmp(entry(c)->name, name, len) == 0)
            return c;
    return NULL;
}

// Add a fixed entry (name, len bytes) of mode to dir; *out gets it.
static int add_child(struct inode *dir, const char *name, size_t len, uint32_t mode,
                     struct inode **out)
{
    if (len == 0 || len >= PROCFS_NAME_MAX || (name[0] == '.' && (len == 1 ||
        (len == 2 && name[1] == '.'))))
        return -EINVAL;
    struct inode *ip = new_inode(S_ISDIR(mode) ? PROC_DIR : PROC_FILE, mode, next_ino++);
    if (!ip)
        return -ENOMEM;
    memcpy(entry(ip)->name, name, len);
    entry(ip)->name[len] = '\0';
    if (S_ISDIR(mode)) {
        ip->parent = dir;
        dir->nlink++;
    }
    struct inode **pp = &entry(dir)->children;
    while (*pp)
        pp = &entry(*pp)->next;
    *pp = ip;
    *out = ip;
    return 0;
}

// The number of '/' at the start of s.
static size_t skip_slashes(const char *s)
{
    size_t n = 0;
    while (s[n] == '/')
        n++;
    return n;
}

// Add a fixed file (see procfs.h).
int procfs_add_rw_file(const char *path, procfs_gen_fn gen, procfs_write_fn write, void *arg)
{
    struct inode *dir = procfs_root();
    if (!dir)
        return -ENOMEM;
    inode_put(dir);                 // the tree keeps root alive
    const char *p = path;
    for (;;) {
        while (*p == '/')
            p++;
        const char *end = strchr(p, '/');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        bool last = !end || end[skip_slashes(end)] == '\0';
        struct inode *c = child(dir, p, len);
        if (last) {
            if (c)
                return -EEXIST;
            int r = add_child(dir, p, len, write ? S_IFREG | 0644 : S_IFREG | 0444, &c);
            if (r < 0)
                return r;
            entry(c)->gen = gen;
            entry(c)->write = write;
            entry(c)->arg = arg;
            c->readonly = !write;
            return 0;
        }
        if (!c) {
            int r = add_child(dir, p, len, S_IFDIR | 0555, &c);
            if (r < 0)
                return r;
        } else if (!S_ISDIR(c->mode)) {
            return -ENOTDIR;
        }
        dir = c;
        p = end;
    }
}

int procfs_add_file(const char *path, procfs_gen_fn gen, void *arg)
{
    return procfs_add_rw_file(path, gen, NULL, arg);
}

void procfs_set_pid_provider(int (*list)(int *pids, int max),
                             int (*gen)(int pid, const char *file, char *buf, size_t size))
{
    pid_list = list;
    pid_gen = gen;
}

void procfs_set_pid_writer(int (*write)(int pid, const char *file, const char *buf, size_t n))
{
    pid_write = write;
}

int procfs_add_pid_file(const char *name, bool writable)
{
    size_t len = strnlen(name, PROCFS_NAME_MAX);
    if (len == 0 || len == PROCFS_NAME_MAX || strchr(name, '/') ||
        strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
        return -EINVAL;
    for (int i = 0; i < npid_files; i++)
        if (strcmp(pid_files[i].name, name) == 0)
            return -EEXIST;
    if (npid_files == PROCFS_MAX_PID_FILES)
        return -ENOMEM;
    memcpy(pid_files[npid_files].name, name, len + 1);
    pid_files[npid_files].writable = writable;
    npid_files++;
    return 0;
}

// Free a fixed subtree.
static void destroy(struct inode *ip)
{
    struct proc_entry *e = entry(ip);
    while (e->children) {
        struct inode *c = e->children;
        e->children = entry(c)->next;
        destroy(c);
    }
    kfree(e);
    inode_free(ip);
}

void procfs_destroy(void)
{
    if (root)
        destroy(root);
    root = NULL;
    npid_files = 0;
    pid_list = NULL;
    pid_gen = NULL;
    pid_write = NULL;
}
