// Unit tests of ramfs (kernel/fs/ramfs.c) through its inode operations,
// on the host with tests/unit/kshim.c for kmalloc and page_alloc.
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <stdio.h>
#include <cmocka.h>

#include "kernel/fs/ramfs.h"
#include "kernel/fs/cpio_load.h"
#include "kernel/api/errno.h"
#include "kernel/param.h"
#include "tests/unit/kshim.h"

static struct inode *root;

static int setup(void **state)
{
    root = ramfs_create();
    assert_non_null(root);
    return 0;
}

static int teardown(void **state)
{
    ramfs_destroy(root);
    kshim_fail_after(-1);
    assert_int_equal(kshim_live_blocks(), 0);
    assert_int_equal(kshim_live_pages(), 0);
    return 0;
}

// Create name in dir with mode; returns the inode (one reference).
static struct inode *make(struct inode *dir, const char *name, uint32_t mode)
{
    struct inode *ip;
    assert_int_equal(dir->ops->create(dir, name, strlen(name), mode, &ip), 0);
    return ip;
}

static void test_root(void **state)
{
    assert_int_equal(root->mode, S_IFDIR | 0755);
    assert_int_equal(root->nlink, 2);
    assert_ptr_equal(root->parent, root);
    assert_int_equal(root->ino, 1);
    assert_int_equal(root->ref, 1);
    struct vfs_dirent e;
    assert_int_equal(root->ops->readdir(root, 0, &e), 1);
}

static void test_create_lookup_readdir(void **state)
{
    struct inode *a = make(root, "alpha", S_IFREG | 0644);
    struct inode *d = make(root, "dir", S_IFDIR | 0700);
    struct inode *b = make(root, "b", S_IFREG | 0600);
    assert_int_equal(a->nlink, 1);
    assert_int_equal(d->nlink, 2);
    assert_int_equal(root->nlink, 3);
    assert_ptr_equal(d->parent, root);
    assert_true(a->ino != d->ino && d->ino != b->ino && a->ino != root->ino);
    assert_int_equal(a->dev, root->dev);
    struct inode *ip;
    assert_int_equal(root->ops->create(root, "alpha", 5, S_IFREG, &ip), -EEXIST);
    assert_int_equal(root->ops->create(root, "x", 1, S_IFCHR, &ip), -EINVAL);
    // Lookup compares whole names: "alph" and "alphabet" are not "alpha".
    assert_int_equal(root->ops->lookup(root, "alphabet", 4, &ip), -ENOENT);
    assert_int_equal(root->ops->lookup(root, "alphabet", 5, &ip), 0);
    assert_ptr_equal(ip, a);
    assert_int_equal(a->ref, 2);
    inode_put(ip);
    assert_int_equal(root->ops->lookup(root, "alphabet", 8, &ip), -ENOENT);
    // Entries come in creation order.
    struct vfs_dirent e;
    const char *names[] = { "alpha", "dir", "b" };
    const uint8_t types[] = { DT_REG, DT_DIR, DT_REG };
    for (uint32_t i = 0; i < 3; i++) {
        assert_int_equal(root->ops->readdir(root, i, &e), 0);
        assert_string_equal(e.name, names[i]);
        assert_int_equal(e.type, types[i]);
    }
    assert_int_equal(root->ops->readdir(root, 3, &e), 1);
    inode_put(a);
    inode_put(d);
    inode_put(b);
}

static void test_data_pages(void **state)
{
    struct inode *f = make(root, "f", S_IFREG | 0644);
    uint8_t buf[3 * PAGE_SIZE], back[3 * PAGE_SIZE];
    for (size_t i = 0; i < sizeof(buf); i++)
        buf[i] = (uint8_t)(i * 13);
    // A write that starts in the middle of page 0 and ends in page 2.
    assert_int_equal(f->ops->write(f, 100, buf, 2 * PAGE_SIZE), 2 * PAGE_SIZE);
    assert_int_equal(f->size, 100 + 2 * PAGE_SIZE);
    assert_int_equal(ramfs_pages(f), 3);
    assert_int_equal(f->ops->read(f, 0, back, sizeof(back)), 100 + 2 * PAGE_SIZE);
    for (int i = 0; i < 100; i++)
        assert_int_equal(back[i], 0);
    assert_memory_equal(back + 100, buf, 2 * PAGE_SIZE);
    assert_int_equal(f->ops->read(f, f->size, back, 10), 0);
    assert_int_equal(f->ops->read(f, f->size + 5000, back, 10), 0);
    assert_int_equal(f->ops->read(f, f->size - 3, back, 10), 3);
    // Overwriting bytes inside the file keeps its size.
    assert_int_equal(f->ops->write(f, 0, "abcde", 5), 5);
    assert_int_equal(f->size, 100 + 2 * PAGE_SIZE);
    // A write far past the end leaves a hole: one more page, not ten.
    assert_int_equal(f->ops->write(f, 20 * PAGE_SIZE, "z", 1), 1);
    assert_int_equal(ramfs_pages(f), 4);
    assert_int_equal(f->ops->read(f, 10 * PAGE_SIZE, back, 2), 2);
    assert_int_equal(back[0] | back[1], 0);
    // Truncating into page 1 frees the rest and zeroes the tail of page 1.
    assert_int_equal(f->ops->truncate(f, PAGE_SIZE + 1), 0);
    assert_int_equal(ramfs_pages(f), 2);
    assert_int_equal(f->ops->truncate(f, 2 * PAGE_SIZE), 0);
    assert_int_equal(f->ops->read(f, PAGE_SIZE, back, PAGE_SIZE), PAGE_SIZE);
    assert_int_equal(back[0], buf[PAGE_SIZE - 100]);
    for (size_t i = 1; i < PAGE_SIZE; i++)
        assert_int_equal(back[i], 0);
    assert_int_equal(f->ops->write(f, FS_MAX_FILE_SIZE, "z", 1), -EFBIG);
    assert_int_equal(f->ops->write(f, FS_MAX_FILE_SIZE - 1, "zz", 2), 1);
    assert_int_equal(f->size, FS_MAX_FILE_SIZE);
    assert_int_equal(f->ops->truncate(f, 0), 0);
    assert_int_equal(ramfs_pages(f), 0);
    assert_int_equal(root->ops->truncate(root, 0), -EINVAL);
    inode_put(f);
}

static void test_write_out_of_memory(void **state)
{
    struct inode *f = make(root, "f", S_IFREG | 0644);
    uint8_t buf[3 * PAGE_SIZE];
    memset(buf, 1, sizeof(buf));
    // The slot array and two pages succeed, the third page fails: a short write.
    kshim_fail_after(3);
    assert_int_equal(f->ops->write(f, 0, buf, sizeof(buf)), 2 * PAGE_SIZE);
    assert_int_equal(f->size, 2 * PAGE_SIZE);
    assert_int_equal(f->ops->write(f, f->size, buf, 10), -ENOMEM);
    kshim_fail_after(-1);
    assert_int_equal(f->size, 2 * PAGE_SIZE);
    struct inode *ip;
    kshim_fail_after(0);
    assert_int_equal(root->ops->create(root, "g", 1, S_IFREG, &ip), -ENOMEM);
    kshim_fail_after(2);
    assert_int_equal(root->ops->create(root, "g", 1, S_IFREG, &ip), -ENOMEM);
    kshim_fail_after(-1);
    assert_int_equal(root->ops->lookup(root, "g", 1, &ip), -ENOENT);
    inode_put(f);
}

static void test_unlink_frees_when_unused(void **state)
{
    struct inode *f = make(root, "f", S_IFREG | 0644);
    assert_int_equal(f->ops->write(f, 0, "data", 4), 4);
    long blocks = kshim_live_blocks();
    assert_int_equal(root->ops->unlink(root, "f", 1), 0);
    assert_int_equal(f->nlink, 0);
    assert_int_equal(kshim_live_pages(), 1);    // still referenced
    inode_put(f);                               // the last reference frees it
    assert_int_equal(kshim_live_pages(), 0);
    assert_true(kshim_live_blocks() < blocks);
    assert_int_equal(root->ops->unlink(root, "f", 1), -ENOENT);
    // An unreferenced inode goes at once.
    struct inode *g = make(root, "g", S_IFREG | 0644);
    inode_put(g);
    assert_int_equal(root->ops->unlink(root, "g", 1), 0);
    // A directory with entries is refused.
    struct inode *d = make(root, "d", S_IFDIR | 0755);
    struct inode *x = make(d, "x", S_IFREG | 0644);
    assert_int_equal(root->ops->unlink(root, "d", 1), -ENOTEMPTY);
    assert_int_equal(d->ops->unlink(d, "x", 1), 0);
    assert_int_equal(root->ops->unlink(root, "d", 1), 0);
    assert_int_equal(root->nlink, 2);
    inode_put(x);
    inode_put(d);
}

static void test_rename_ops(void **state)
{
    struct inode *d1 = make(root, "d1", S_IFDIR | 0755);
    struct inode *d2 = make(root, "d2", S_IFDIR | 0755);
    struct inode *f = make(d1, "f", S_IFREG | 0644);
    struct inode *g = make(d2, "g", S_IFREG | 0644);
    struct inode *sub = make(d1, "sub", S_IFDIR | 0755);
    assert_int_equal(d1->ops->rename(d1, "f", 1, d2, "g", 1), 0);
    assert_int_equal(g->nlink, 0);
    assert_int_equal(f->nlink, 1);
    struct inode *ip;
    assert_int_equal(d2->ops->lookup(d2, "g", 1, &ip), 0);
    assert_ptr_equal(ip, f);
    inode_put(ip);
    assert_int_equal(d1->ops->lookup(d1, "f", 1, &ip), -ENOENT);
    assert_int_equal(d1->nlink, 3);
    assert_int_equal(d1->ops->rename(d1, "sub", 3, d2, "moved", 5), 0);
    assert_ptr_equal(sub->parent, d2);
    assert_int_equal(d1->nlink, 2);
    assert_int_equal(d2->nlink, 3);
    assert_int_equal(d2->ops->rename(d2, "moved", 5, d2, "m", 1), 0);
    struct vfs_dirent e;
    assert_int_equal(d2->ops->readdir(d2, 1, &e), 0);
    assert_string_equal(e.name, "m");
    assert_int_equal(d1->ops->rename(d1, "none", 4, d2, "x", 1), -ENOENT);
    inode_put(f);
    inode_put(g);
    inode_put(sub);
    inode_put(d1);
    inode_put(d2);
}

static const struct file_ops dummy_fops = { .seekable = false };

static void test_mknod(void **state)
{
    struct inode *dev;
    root->readonly = true;
    assert_int_equal(ramfs_mknod(root, "null", S_IFCHR | 0666, 0x0103, &dummy_fops, &dev), 0);
    assert_int_equal(dev->rdev, 0x0103);
    assert_ptr_equal(dev->fops, &dummy_fops);
    assert_int_equal(dev->mode, S_IFCHR | 0666);
    assert_int_equal(ramfs_mknod(root, "null", S_IFCHR | 0666, 0, &dummy_fops, NULL), -EEXIST);
    assert_int_equal(ramfs_mknod(dev, "x", S_IFCHR, 0, &dummy_fops, NULL), -ENOTDIR);
    assert_int_equal(ramfs_mknod(root, "", S_IFCHR, 0, &dummy_fops, NULL), -ENOENT);
    inode_put(dev);
}

static void test_destroy_frees_everything(void **state)
{
    struct inode *d = make(root, "d", S_IFDIR | 0755);
    struct inode *e = make(d, "e", S_IFDIR | 0755);
    struct inode *f = make(e, "f", S_IFREG | 0644);
    assert_int_equal(f->ops->write(f, 5000, "x", 1), 1);
    inode_put(f);
    inode_put(e);
    inode_put(d);
    // teardown destroys the tree and checks that nothing is left
}

// A newc archive being built by the tests.
struct archive {
    uint8_t buf[8192];
    size_t len;
};

// Append one entry (name, mode, data of size bytes) to a.
static void add(struct archive *a, const char *name, uint32_t mode, const char *data,
                uint32_t size)
{
    char hdr[111];
    uint32_t namesize = (uint32_t)strlen(name) + 1;
    snprintf(hdr, sizeof(hdr), "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
             1u, mode, 0u, 0u, 1u, 777u, size, 0u, 0u, 0u, 0u, namesize, 0u);
    memcpy(a->buf + a->len, hdr, 110);
    a->len += 110;
    memcpy(a->buf + a->len, name, namesize);
    a->len += namesize;
    while (a->len % 4)
        a->buf[a->len++] = 0;
    memcpy(a->buf + a->len, data, size);
    a->len += size;
    while (a->len % 4)
        a->buf[a->len++] = 0;
}

// Contents of the file at path as a string.
static const char *contents(const char *path, char *buf, size_t n)
{
    struct file *f;
    assert_int_equal(vfs_open(root, path, O_RDONLY, 0, &f), 0);
    int r = file_read(f, buf, n - 1);
    assert_true(r >= 0);
    buf[r] = '\0';
    file_close(f);
    return buf;
}

static void test_load_cpio(void **state)
{
    static struct archive a;
    char buf[64], msg[160];
    a.len = 0;
    add(&a, ".", S_IFDIR | 0755, "", 0);
    add(&a, "etc", S_IFDIR | 0750, "", 0);
    add(&a, "etc/motd", S_IFREG | 0644, "welcome\n", 8);
    add(&a, "./bin/sh", S_IFREG | 0755, "ELF...", 6);        // parent made on the way
    add(&a, "bin/link", 0120777, "sh", 2);                 // a symlink becomes a file
    add(&a, "dev/tty", S_IFCHR | 0600, "", 0);             // skipped
    add(&a, "etc", S_IFDIR | 0700, "", 0);                 // again: new mode
    add(&a, "TRAILER!!!", 0, "", 0);
    assert_int_equal(ramfs_load_cpio(root, a.buf, a.len, msg, sizeof(msg)), 5);
    assert_string_equal(msg, "");
    assert_string_equal(contents("etc/motd", buf, sizeof(buf)), "welcome\n");
    assert_string_equal(contents("bin/sh", buf, sizeof(buf)), "ELF...");
    assert_string_equal(contents("bin/link", buf, sizeof(buf)), "sh");
    struct api_stat st;
    assert_int_equal(vfs_stat(root, "bin/sh", &st), 0);
    assert_int_equal(st.st_mode, S_IFREG | 0755);
    assert_int_equal(st.st_mtime, 777);
    assert_int_equal(vfs_stat(root, "etc", &st), 0);
    assert_int_equal(st.st_mode, S_IFDIR | 0700);
    assert_int_equal(vfs_stat(root, "dev/tty", &st), -ENOENT);
    assert_int_equal(vfs_stat(root, "bin", &st), 0);
    assert_int_equal(st.st_mode, S_IFDIR | 0755);
}

static void test_load_cpio_bad_entry(void **state)
{
    static struct archive a;
    char buf[64], msg[160];
    a.len = 0;
    add(&a, "good", S_IFREG | 0644, "kept", 4);
    size_t bad = a.len;
    add(&a, "bad", S_IFREG | 0644, "lost", 4);
    add(&a, "later", S_IFREG | 0644, "never", 5);
    add(&a, "TRAILER!!!", 0, "", 0);
    a.buf[bad] = 'X';                                   // break the magic
    assert_int_equal(ramfs_load_cpio(root, a.buf, a.len, msg, sizeof(msg)), -EINVAL);
    assert_non_null(strstr(msg, "offset 120"));
    assert_non_null(strstr(msg, "1 entries unpacked"));
    assert_string_equal(contents("good", buf, sizeof(buf)), "kept");
    struct api_stat st;
    assert_int_equal(vfs_stat(root, "bad", &st), -ENOENT);
    assert_int_equal(vfs_stat(root, "later", &st), -ENOENT);
    // A truncated archive, and one whose entry clashes with the tree.
    a.buf[bad] = '0';
    assert_int_equal(ramfs_load_cpio(root, a.buf, a.len - 20, msg, sizeof(msg)), -EINVAL);
    assert_non_null(strstr(msg, "bad archive"));
    a.len = 0;
    add(&a, "good/x", S_IFREG | 0644, "x", 1);
    add(&a, "TRAILER!!!", 0, "", 0);
    assert_int_equal(ramfs_load_cpio(root, a.buf, a.len, msg, sizeof(msg)), -ENOTDIR);
    assert_non_null(strstr(msg, "'good/x'"));
    assert_int_equal(ramfs_load_cpio(root, a.buf, 0, msg, sizeof(msg)), -EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_root, setup, teardown),
        cmocka_unit_test_setup_teardown(test_create_lookup_readdir, setup, teardown),
        cmocka_unit_test_setup_teardown(test_data_pages, setup, teardown),
        cmocka_unit_test_setup_teardown(test_write_out_of_memory, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unlink_frees_when_unused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rename_ops, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mknod, setup, teardown),
        cmocka_unit_test_setup_teardown(test_destroy_frees_everything, setup, teardown),
        cmocka_unit_test_setup_teardown(test_load_cpio, setup, teardown),
        cmocka_unit_test_setup_teardown(test_load_cpio_bad_entry, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
