// Fuzz target for the VFS path resolver and the path operations
// (kernel/fs/vfs*.c over ramfs): random paths against a prepared tree with
// a mount point. Besides the sanitizers it checks that every directory a
// path leads to has a getcwd path that leads back to it, and that nothing
// leaks once the tree is freed.
//
// Input: a first byte choosing the operation and its flags, then one or two
// NUL-separated paths.
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/fs/vfs.h"
#include "kernel/fs/ramfs.h"
#include "kernel/api/errno.h"
#include "tests/unit/kshim.h"

// The tree every input starts from.
static void build_tree(struct inode **root, struct inode **other)
{
    *root = ramfs_create();
    *other = ramfs_create();
    if (!*root || !*other)
        abort();
    vfs_set_root(inode_get(*root));
    static const char *const dirs[] = { "/a", "/a/b", "/a/b/c", "/m", "/d", "/d/e" };
    for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
        if (vfs_mkdir(NULL, dirs[i], 0755) != 0)
            abort();
    if (vfs_mount("/m", *other) != 0 || vfs_mkdir(NULL, "/m/x", 0755) != 0)
        abort();
    static const char *const files[] = { "/f", "/a/g", "/a/b/c/h", "/m/x/i" };
    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        struct file *f;
        if (vfs_open(NULL, files[i], O_WRONLY | O_CREAT, 0644, &f) != 0)
            abort();
        file_write(f, "data", 4);
        file_close(f);
    }
}

// A directory's getcwd path must resolve to the directory itself, and its
// ".." to the directory one component up.
static void check_getcwd(struct inode *dir)
{
    char buf[FS_PATH_MAX + 3];
    int r = vfs_getcwd(dir, buf, FS_PATH_MAX);
    if (r == -ERANGE)
        return;                     // too deep for buf: allowed
    if (r < 0 || (size_t)r != strlen(buf) + 1)
        abort();
    struct inode *back, *up, *up2;
    if (vfs_lookup(NULL, buf, &back) != 0 || back != dir)
        abort();
    inode_put(back);
    if (strlen(buf) + 3 >= FS_PATH_MAX)
        return;
    strcat(buf, "/..");
    if (vfs_lookup(NULL, buf, &up) != 0)
        abort();
    buf[strlen(buf) - 3] = '\0';
    char *slash = strrchr(buf, '/');
    slash[slash == buf ? 1 : 0] = '\0';
    if (vfs_lookup(NULL, buf, &up2) != 0 || up != up2)
        abort();
    inode_put(up);
    inode_put(up2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 4096)
        return 0;
    char *text = malloc(size + 2);
    memcpy(text, data + 1, size - 1);
    text[size - 1] = text[size] = text[size + 1] = '\0';
    const char *p1 = text;
    const char *p2 = text + strlen(text) + 1;
    uint8_t op = data[0];

    struct inode *root, *other, *ip, *cwd;
    build_tree(&root, &other);
    // Half the time, resolve relative paths from /a/b.
    if (vfs_lookup(NULL, "/a/b", &cwd) != 0)
        abort();
    struct inode *base = (op & 0x80) ? cwd : NULL;
    struct file *f;
    struct api_stat st;
    switch (op & 7) {
    case 0:
        if (vfs_lookup(base, p1, &ip) == 0) {
            if (S_ISDIR(ip->mode))
                check_getcwd(ip);
            inode_put(ip);
        }
        break;
    case 1:
        if (vfs_open(base, p1, (uint32_t)((op >> 3) & 3) | O_CREAT | ((op & 0x20) ? O_EXCL : 0)
                     | ((op & 0x40) ? O_TRUNC : 0), 0644, &f) == 0) {
            file_write(f, "x", 1);
            file_close(f);
        }
        break;
    case 2:
        vfs_mkdir(base, p1, 0755);
        vfs_stat(base, p1, &st);
        break;
    case 3:
        vfs_unlink(base, p1);
        break;
    case 4:
        vfs_rmdir(base, p1);
        break;
    case 5:
        vfs_rename(base, p1, p2);
        // The tree must still be whole: every directory resolves back.
        if (vfs_lookup(NULL, "/a", &ip) == 0) {
            check_getcwd(ip);
            inode_put(ip);
        }
        if (vfs_lookup(base, p2, &ip) == 0) {
            if (S_ISDIR(ip->mode))
                check_getcwd(ip);
            inode_put(ip);
        }
        break;
    case 6:
        if (vfs_chdir(base, p1, &ip) == 0) {
            check_getcwd(ip);
            inode_put(ip);
        }
        break;
    default:
        if (vfs_open(base, p1, O_RDONLY, 0, &f) == 0) {
            uint8_t buf[256];
            if (S_ISDIR(f->ip->mode))
                while (file_getdents(f, buf, sizeof(buf)) > 0)
                    ;
            else
                file_read(f, buf, sizeof(buf));
            file_close(f);
        }
        break;
    }
    inode_put(cwd);
    vfs_reset();
    ramfs_destroy(other);
    ramfs_destroy(root);
    if (kshim_live_blocks() != 0 || kshim_live_pages() != 0)
        abort();
    free(text);
    return 0;
}
