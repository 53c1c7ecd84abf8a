// Unit tests of the VFS (kernel/fs/vfs*.c, file.c) over a real ramfs, on
// the host: paths, open flags, errors, getdents packing, rename and rmdir
// rules, large and sparse files, unlink while open, mounts, getcwd, and
// procfs mounted at /proc.
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <stdio.h>
#include <cmocka.h>

#include "kernel/fs/vfs.h"
#include "kernel/fs/ramfs.h"
#include "kernel/fs/procfs.h"
#include "kernel/api/errno.h"
#include "tests/unit/kshim.h"

static struct inode *root;      // the ramfs at "/" of the current test
static struct inode *other;     // a second ramfs some tests mount, or NULL

static int setup(void **state)
{
    root = ramfs_create();
    assert_non_null(root);
    vfs_set_root(inode_get(root));
    other = NULL;
    return 0;
}

// Everything freed: no block and no page of the fs is left behind.
static int teardown(void **state)
{
    vfs_reset();
    procfs_destroy();
    ramfs_destroy(other);
    ramfs_destroy(root);
    assert_int_equal(kshim_live_blocks(), 0);
    assert_int_equal(kshim_live_pages(), 0);
    return 0;
}

// Create (or replace) the file at path with the string s.
static void put(struct inode *cwd, const char *path, const char *s)
{
    struct file *f;
    assert_int_equal(vfs_open(cwd, path, O_WRONLY | O_CREAT | O_TRUNC, 0644, &f), 0);
    assert_int_equal(file_write(f, s, strlen(s)), (int)strlen(s));
    file_close(f);
}

// The contents of the file at path, as a string in buf.
static const char *get(struct inode *cwd, const char *path, char *buf, size_t n)
{
    struct file *f;
    assert_int_equal(vfs_open(cwd, path, O_RDONLY, 0, &f), 0);
    int r = file_read(f, buf, n - 1);
    assert_true(r >= 0);
    buf[r] = '\0';
    file_close(f);
    return buf;
}

// The inode number at path, or a negative errno.
static int ino_of(struct inode *cwd, const char *path)
{
    struct api_stat st;
    int r = vfs_stat(cwd, path, &st);
    return r < 0 ? r : (int)st.st_ino;
}

static void test_path_resolution(void **state)
{
    char buf[64];
    assert_int_equal(vfs_mkdir(NULL, "/a", 0755), 0);
    assert_int_equal(vfs_mkdir(NULL, "a/b", 0755), 0);
    put(NULL, "/a/b/f", "hello");
    int b = ino_of(NULL, "/a/b");
    assert_true(b > 0);
    assert_int_equal(ino_of(NULL, "a/b"), b);
    assert_int_equal(ino_of(NULL, "//a///b/"), b);
    assert_int_equal(ino_of(NULL, "a/./b/../b/."), b);
    assert_int_equal(ino_of(NULL, "/../../a/b"), b);
    assert_int_equal(ino_of(NULL, "/"), (int)root->ino);
    assert_int_equal(ino_of(NULL, "/.."), (int)root->ino);
    assert_int_equal(ino_of(NULL, "///"), (int)root->ino);
    struct inode *a;
    assert_int_equal(vfs_chdir(NULL, "a", &a), 0);
    assert_int_equal(ino_of(a, "b"), b);
    assert_int_equal(ino_of(a, "../a/b/"), b);
    assert_int_equal(ino_of(a, "."), (int)a->ino);
    assert_int_equal(ino_of(a, ".."), (int)root->ino);
    assert_string_equal(get(a, "b/f", buf, sizeof(buf)), "hello");
    assert_string_equal(get(a, "/a/b/f", buf, sizeof(buf)), "hello");
    inode_put(a);
}

static void test_path_errors(void **state)
{
    char path[FS_PATH_MAX + 8];
    assert_int_equal(vfs_mkdir(NULL, "/d", 0755), 0);
    put(NULL, "/d/file", "x");
    assert_int_equal(ino_of(NULL, ""), -ENOENT);
    assert_int_equal(ino_of(NULL, "/nope"), -ENOENT);
    assert_int_equal(ino_of(NULL, "/nope/x"), -ENOENT);
    assert_int_equal(ino_of(NULL, "/d/file/x"), -ENOTDIR);
    assert_int_equal(ino_of(NULL, "/d/file/"), -ENOTDIR);
    assert_int_equal(ino_of(NULL, "/d/file/.."), -ENOTDIR);
    assert_true(ino_of(NULL, "/d/file") > 0);
    // A component of FS_NAME_MAX bytes is fine, one more is too long.
    memset(path, 'n', sizeof(path));
    path[0] = '/';
    path[1 + FS_NAME_MAX] = '\0';
    assert_int_equal(ino_of(NULL, path), -ENOENT);
    path[1 + FS_NAME_MAX] = 'n';
    path[2 + FS_NAME_MAX] = '\0';
    assert_int_equal(ino_of(NULL, path), -ENAMETOOLONG);
    // A path of FS_PATH_MAX bytes (no room for the NUL) is too long.
    for (int i = 0; i < FS_PATH_MAX; i++)
        path[i] = (i % 2) ? '/' : '.';
    path[FS_PATH_MAX] = '\0';
    assert_int_equal(ino_of(NULL, path), -ENAMETOOLONG);
    path[FS_PATH_MAX - 1] = '\0';
    assert_int_equal(ino_of(NULL, path), (int)root->ino);
}

static void test_open_flags(void **state)
{
    struct file *f;
    char buf[64];
    assert_int_equal(vfs_open(NULL, "/f", O_RDONLY, 0, &f), -ENOENT);
    assert_int_equal(vfs_open(NULL, "/f", O_RDWR | O_CREAT | O_EXCL, 0600, &f), 0);
    struct api_stat st;
    assert_int_equal(file_stat(f, &st), 0);
    assert_int_equal(st.st_mode, S_IFREG | 0600);
    assert_int_equal(st.st_nlink, 1);
    file_close(f);
    assert_int_equal(vfs_open(NULL, "/f", O_RDWR | O_CREAT | O_EXCL, 0600, &f), -EEXIST);
    assert_int_equal(vfs_open(NULL, "/", O_RDONLY | O_CREAT | O_EXCL, 0600, &f), -EEXIST);
    put(NULL, "/f", "0123456789");
    // O_TRUNC empties, but only when opened for writing.
    assert_int_equal(vfs_open(NULL, "/f", O_RDONLY | O_TRUNC, 0, &f), 0);
    file_close(f);
    assert_string_equal(get(NULL, "/f", buf, sizeof(buf)), "0123456789");
    assert_int_equal(vfs_open(NULL, "/f", O_WRONLY | O_TRUNC, 0, &f), 0);
    file_close(f);
    assert_string_equal(get(NULL, "/f", buf, sizeof(buf)), "");
    // O_APPEND writes at the end whatever the offset.
    put(NULL, "/f", "abc");
    assert_int_equal(vfs_open(NULL, "/f", O_WRONLY | O_APPEND, 0, &f), 0);
    assert_int_equal(file_lseek(f, 0, SEEK_SET), 0);
    assert_int_equal(file_write(f, "de", 2), 2);
    assert_int_equal(file_read(f, buf, 1), -EBADF);
    file_close(f);
    assert_string_equal(get(NULL, "/f", buf, sizeof(buf)), "abcde");
    // Access modes.
    assert_int_equal(vfs_open(NULL, "/f", O_ACCMODE, 0, &f), -EINVAL);
    assert_int_equal(vfs_open(NULL, "/f", O_RDONLY, 0, &f), 0);
    assert_int_equal(file_write(f, "x", 1), -EBADF);
    file_close(f);
    // Directories.
    assert_int_equal(vfs_mkdir(NULL, "/dir", 0755), 0);
    assert_int_equal(vfs_open(NULL, "/dir", O_WRONLY, 0, &f), -EISDIR);
    assert_int_equal(vfs_open(NULL, "/dir", O_RDWR | O_CREAT, 0644, &f), -EISDIR);
    assert_int_equal(vfs_open(NULL, "/dir", O_RDONLY | O_DIRECTORY, 0, &f), 0);
    assert_int_equal(file_read(f, buf, 4), -EISDIR);
    file_close(f);
    assert_int_equal(vfs_open(NULL, "/f", O_RDONLY | O_DIRECTORY, 0, &f), -ENOTDIR);
    assert_int_equal(vfs_open(NULL, "/new/", O_WRONLY | O_CREAT, 0644, &f), -EISDIR);
    assert_int_equal(vfs_open(NULL, "/f/", O_WRONLY | O_CREAT, 0644, &f), -ENOTDIR);
    assert_int_equal(vfs_open(NULL, "/missing/x", O_WRONLY | O_CREAT, 0644, &f), -ENOENT);
    assert_int_equal(vfs_open(NULL, "/f/x", O_WRONLY | O_CREAT, 0644, &f), -ENOTDIR);
    assert_int_equal(ino_of(NULL, "/new"), -ENOENT);
    // A read-only directory refuses new entries.
    root->readonly = true;
    assert_int_equal(vfs_open(NULL, "/g", O_WRONLY | O_CREAT, 0644, &f), -EROFS);
    assert_int_equal(vfs_mkdir(NULL, "/g", 0755), -EROFS);
    assert_int_equal(vfs_unlink(NULL, "/f"), -EROFS);
    root->readonly = false;
}

static void test_read_write_lseek(void **state)
{
    struct file *f;
    char buf[32];
    assert_int_equal(vfs_open(NULL, "/f", O_RDWR | O_CREAT, 0644, &f), 0);
    assert_int_equal(file_write(f, "hello world", 11), 11);
    assert_int_equal(file_read(f, buf, sizeof(buf)), 0);
    assert_int_equal(file_lseek(f, 6, SEEK_SET), 6);
    assert_int_equal(file_read(f, buf, 3), 3);
    assert_memory_equal(buf, "wor", 3);
    assert_int_equal(file_lseek(f, -2, SEEK_CUR), 7);
    assert_int_equal(file_lseek(f, -1, SEEK_END), 10);
    assert_int_equal(file_read(f, buf, sizeof(buf)), 1);
    assert_int_equal(buf[0], 'd');
    assert_int_equal(file_lseek(f, -12, SEEK_END), -EINVAL);
    assert_int_equal(file_lseek(f, 0, 7), -EINVAL);
    assert_int_equal(file_lseek(f, 0, SEEK_CUR), 11);
    assert_int_equal(file_lseek(f, 0x7FFFFFFF, SEEK_SET), 0x7FFFFFFF);
    assert_int_equal(file_lseek(f, 1, SEEK_CUR), -EINVAL);
    assert_int_equal(file_write(f, "x", 1), -EFBIG);
    // A dup shares the offset; the file lives until the last close.
    struct file *g = file_dup(f);
    assert_int_equal(file_lseek(g, 0, SEEK_SET), 0);
    file_close(f);
    assert_int_equal(file_read(g, buf, 5), 5);
    assert_memory_equal(buf, "hello", 5);
    assert_int_equal(file_getfl(g) & O_ACCMODE, O_RDWR);
    file_setfl(g, O_APPEND | O_RDONLY);
    assert_int_equal(file_getfl(g), O_RDWR | O_APPEND);
    assert_int_equal(file_ioctl(g, TCGETS, buf), -ENOTTY);
    file_close(g);
}

// Byte i of the test pattern.
static uint8_t pattern(uint32_t i)
{
    return (uint8_t)(i * 7 + (i >> 8));
}

static void test_large_file(void **state)
{
    enum { SIZE = 3 * 4096 + 100 };
    static uint8_t data[SIZE], back[SIZE + 10];
    for (uint32_t i = 0; i < SIZE; i++)
        data[i] = pattern(i);
    struct file *f;
    assert_int_equal(vfs_open(NULL, "/big", O_RDWR | O_CREAT, 0644, &f), 0);
    // Odd-sized chunks that straddle page boundaries.
    for (uint32_t off = 0; off < SIZE;) {
        uint32_t n = SIZE - off < 1000 ? SIZE - off : 1000;
        assert_int_equal(file_write(f, data + off, n), (int)n);
        off += n;
    }
    struct api_stat st;
    assert_int_equal(file_stat(f, &st), 0);
    assert_int_equal(st.st_size, SIZE);
    assert_int_equal(st.st_blocks, (SIZE + 511) / 512);
    assert_int_equal(ramfs_pages(root), 4);
    assert_int_equal(file_lseek(f, 0, SEEK_SET), 0);
    assert_int_equal(file_read(f, back, sizeof(back)), SIZE);
    assert_memory_equal(back, data, SIZE);
    assert_int_equal(file_lseek(f, 4090, SEEK_SET), 4090);
    assert_int_equal(file_read(f, back, 12), 12);
    assert_memory_equal(back, data + 4090, 12);
    file_close(f);
}

static void test_sparse_and_truncate(void **state)
{
    struct file *f;
    uint8_t buf[9000];
    assert_int_equal(vfs_open(NULL, "/s", O_RDWR | O_CREAT, 0644, &f), 0);
    assert_int_equal(file_lseek(f, 10000, SEEK_SET), 10000);
    assert_int_equal(file_write(f, "x", 1), 1);
    assert_int_equal(f->ip->size, 10001);
    assert_int_equal(ramfs_pages(root), 1);     // only the page written
    assert_int_equal(file_lseek(f, 0, SEEK_SET), 0);
    assert_int_equal(file_read(f, buf, sizeof(buf)), sizeof(buf));
    for (size_t i = 0; i < sizeof(buf); i++)
        assert_int_equal(buf[i], 0);
    assert_int_equal(file_read(f, buf, sizeof(buf)), 1001);
    assert_int_equal(buf[1000], 'x');
    // Shrinking frees pages and zeroes the cut tail; growing reads zeros.
    assert_int_equal(file_lseek(f, 0, SEEK_SET), 0);
    memset(buf, 'a', sizeof(buf));
    assert_int_equal(file_write(f, buf, 5000), 5000);
    assert_int_equal(ramfs_pages(root), 3);
    assert_int_equal(file_truncate(f, 10), 0);
    assert_int_equal(ramfs_pages(root), 1);
    assert_int_equal(file_truncate(f, 6000), 0);
    assert_int_equal(file_lseek(f, 0, SEEK_SET), 0);
    memset(buf, 0x55, sizeof(buf));
    assert_int_equal(file_read(f, buf, sizeof(buf)), 6000);
    for (size_t i = 0; i < 6000; i++)
        assert_int_equal(buf[i], i < 10 ? 'a' : 0);
    assert_int_equal(file_truncate(f, 0), 0);
    assert_int_equal(ramfs_pages(root), 0);
    assert_int_equal(file_truncate(f, FS_MAX_FILE_SIZE + 1), -EFBIG);
    file_close(f);
    assert_int_equal(vfs_open(NULL, "/s", O_RDONLY, 0, &f), 0);
    assert_int_equal(file_truncate(f, 0), -EBADF);
    file_close(f);
    assert_int_equal(vfs_open(NULL, "/", O_RDONLY, 0, &f), 0);
    assert_int_equal(file_truncate(f, 0), -EBADF);
    file_close(f);
}

// Read every record of directory path with getdents in a buffer of n
// bytes; names joined by spaces (in order) into out. Returns the count.
static int list_dir(const char *path, size_t n, char *out, size_t outsize)
{
    struct file *f;
    uint8_t buf[512];
    assert_true(n <= sizeof(buf));
    assert_int_equal(vfs_open(NULL, path, O_RDONLY, 0, &f), 0);
    int count = 0;
    out[0] = '\0';
    for (;;) {
        int r = file_getdents(f, buf, n);
        assert_true(r >= 0);
        if (r == 0)
            break;
        for (int off = 0; off < r;) {
            struct api_dirent *d = (struct api_dirent *)(buf + off);
            assert_int_equal(d->d_reclen % 4, 0);
            assert_true(d->d_reclen >= 8 + strlen(d->d_name));
            assert_true(off + d->d_reclen <= r);
            if (count)
                strncat(out, " ", outsize - strlen(out) - 1);
            strncat(out, d->d_name, outsize - strlen(out) - 1);
            count++;
            off += d->d_reclen;
        }
    }
    file_close(f);
    return count;
}

static void test_getdents(void **state)
{
    char names[256];
    assert_int_equal(vfs_mkdir(NULL, "/d", 0755), 0);
    put(NULL, "/d/one", "1");
    assert_int_equal(vfs_mkdir(NULL, "/d/two", 0755), 0);
    put(NULL, "/d/three-long-name", "3");
    assert_int_equal(list_dir("/d", 512, names, sizeof(names)), 5);
    assert_string_equal(names, ". .. one two three-long-name");
    // A buffer that holds about one record at a time gives the same list.
    assert_int_equal(list_dir("/d", 28, names, sizeof(names)), 5);
    assert_string_equal(names, ". .. one two three-long-name");

    struct file *f;
    uint8_t buf[64];
    assert_int_equal(vfs_open(NULL, "/d", O_RDONLY, 0, &f), 0);
    assert_int_equal(file_getdents(f, buf, 8), -EINVAL);   // "." needs 12 bytes
    int r = file_getdents(f, buf, 12);
    assert_int_equal(r, 12);
    struct api_dirent *d = (struct api_dirent *)buf;
    assert_int_equal(d->d_ino, ino_of(NULL, "/d"));
    assert_int_equal(d->d_type, DT_DIR);
    assert_string_equal(d->d_name, ".");
    r = file_getdents(f, buf, sizeof(buf));
    assert_true(r > 0);
    d = (struct api_dirent *)buf;
    assert_string_equal(d->d_name, "..");
    assert_int_equal(d->d_ino, root->ino);
    d = (struct api_dirent *)(buf + d->d_reclen);
    assert_string_equal(d->d_name, "one");
    assert_int_equal(d->d_type, DT_REG);
    assert_int_equal(d->d_ino, ino_of(NULL, "/d/one"));
    // Rewinding starts over.
    assert_int_equal(file_lseek(f, 0, SEEK_SET), 0);
    assert_int_equal(file_getdents(f, buf, 12), 12);
    file_close(f);
    assert_int_equal(vfs_open(NULL, "/d/one", O_RDONLY, 0, &f), 0);
    assert_int_equal(file_getdents(f, buf, sizeof(buf)), -ENOTDIR);
    file_close(f);
}

static void test_rename(void **state)
{
    char buf[64];
    assert_int_equal(vfs_mkdir(NULL, "/a", 0755), 0);
    assert_int_equal(vfs_mkdir(NULL, "/b", 0755), 0);
    put(NULL, "/a/f", "F");
    put(NULL, "/b/g", "G");
    // Within a directory and across directories.
    assert_int_equal(vfs_rename(NULL, "/a/f", "/a/f2"), 0);
    assert_int_equal(ino_of(NULL, "/a/f"), -ENOENT);
    assert_int_equal(vfs_rename(NULL, "/a/f2", "/b/f"), 0);
    assert_string_equal(get(NULL, "/b/f", buf, sizeof(buf)), "F");
    // Over an existing file, which stays readable through an open file.
    struct file *g;
    assert_int_equal(vfs_open(NULL, "/b/g", O_RDONLY, 0, &g), 0);
    assert_int_equal(vfs_rename(NULL, "/b/f", "/b/g"), 0);
    assert_string_equal(get(NULL, "/b/g", buf, sizeof(buf)), "F");
    assert_int_equal(file_read(g, buf, sizeof(buf)), 1);
    assert_int_equal(buf[0], 'G');
    file_close(g);
    // Same name: nothing happens.
    assert_int_equal(vfs_rename(NULL, "/b/g", "/b/g"), 0);
    assert_string_equal(get(NULL, "/b/g", buf, sizeof(buf)), "F");
    // Directories: over an empty one, not over a full one or a file.
    assert_int_equal(vfs_mkdir(NULL, "/a/sub", 0755), 0);
    assert_int_equal(vfs_mkdir(NULL, "/empty", 0755), 0);
    assert_int_equal(vfs_rename(NULL, "/a", "/b"), -ENOTEMPTY);
    assert_int_equal(vfs_rename(NULL, "/a", "/b/g"), -ENOTDIR);
    assert_int_equal(vfs_rename(NULL, "/b/g", "/a"), -EISDIR);
    assert_int_equal(vfs_rename(NULL, "/a", "/a/sub/x"), -EINVAL);
    assert_int_equal(vfs_rename(NULL, "/a", "/a"), 0);
    assert_int_equal(vfs_rename(NULL, "/a", "/a/sub"), -EINVAL);
    assert_int_equal(vfs_rename(NULL, "/a/.", "/c"), -EINVAL);
    assert_int_equal(vfs_rename(NULL, "/a", "/c/.."), -ENOENT);
    assert_int_equal(vfs_rename(NULL, "/a", "/b/.."), -EINVAL);
    assert_int_equal(vfs_rename(NULL, "/", "/z"), -EBUSY);
    assert_int_equal(vfs_rename(NULL, "/nope", "/z"), -ENOENT);
    assert_int_equal(vfs_rename(NULL, "/b/g/", "/z"), -ENOTDIR);
    int a = ino_of(NULL, "/a");
    assert_int_equal(root->nlink, 2 + 3);
    assert_int_equal(vfs_rename(NULL, "/a", "/empty"), 0);
    assert_int_equal(ino_of(NULL, "/empty"), a);
    assert_int_equal(root->nlink, 2 + 2);
    // Moving a directory updates its parent link and the link counts.
    assert_int_equal(vfs_rename(NULL, "/empty", "/b/moved/"), 0);
    assert_int_equal(ino_of(NULL, "/b/moved/sub/.."), a);
    assert_int_equal(ino_of(NULL, "/b/moved/.."), ino_of(NULL, "/b"));
    assert_int_equal(root->nlink, 2 + 1);
    struct api_stat st;
    assert_int_equal(vfs_stat(NULL, "/b", &st), 0);
    assert_int_equal(st.st_nlink, 3);
    struct inode *sub;
    assert_int_equal(vfs_chdir(NULL, "/b/moved/sub", &sub), 0);
    assert_int_equal(vfs_getcwd(sub, buf, sizeof(buf)), (int)strlen("/b/moved/sub") + 1);
    assert_string_equal(buf, "/b/moved/sub");
    inode_put(sub);
    // A busy directory cannot be replaced.
    assert_int_equal(vfs_mkdir(NULL, "/e", 0755), 0);
    struct inode *e;
    assert_int_equal(vfs_chdir(NULL, "/e", &e), 0);
    assert_int_equal(vfs_rename(NULL, "/b/moved/sub", "/e"), -EBUSY);
    inode_put(e);
    assert_int_equal(vfs_rename(NULL, "/b/moved/sub", "/e"), 0);
}

static void test_rmdir_rules(void **state)
{
    assert_int_equal(vfs_mkdir(NULL, "/d", 0755), 0);
    assert_int_equal(vfs_mkdir(NULL, "/d", 0755), -EEXIST);
    assert_int_equal(vfs_mkdir(NULL, "/d/.", 0755), -EEXIST);
    assert_int_equal(vfs_mkdir(NULL, "/d/sub/", 0755), 0);
    put(NULL, "/d/f", "x");
    assert_int_equal(vfs_rmdir(NULL, "/d"), -ENOTEMPTY);
    assert_int_equal(vfs_rmdir(NULL, "/d/f"), -ENOTDIR);
    assert_int_equal(vfs_rmdir(NULL, "/d/sub/."), -EINVAL);
    assert_int_equal(vfs_rmdir(NULL, "/d/sub/.."), -ENOTEMPTY);
    assert_int_equal(vfs_rmdir(NULL, "/"), -EBUSY);
    assert_int_equal(vfs_rmdir(NULL, "/nope"), -ENOENT);
    assert_int_equal(vfs_unlink(NULL, "/d/sub"), -EISDIR);
    assert_int_equal(vfs_unlink(NULL, "/d/.."), -EISDIR);
    assert_int_equal(vfs_unlink(NULL, "/d/f/"), -ENOTDIR);
    // A current directory or an open directory is busy.
    struct inode *cwd;
    assert_int_equal(vfs_chdir(NULL, "/d/sub", &cwd), 0);
    assert_int_equal(vfs_rmdir(NULL, "/d/sub"), -EBUSY);
    assert_int_equal(vfs_rmdir(cwd, "../sub"), -EBUSY);
    inode_put(cwd);
    struct file *f;
    assert_int_equal(vfs_open(NULL, "/d/sub", O_RDONLY, 0, &f), 0);
    assert_int_equal(vfs_rmdir(NULL, "/d/sub"), -EBUSY);
    file_close(f);
    assert_int_equal(root->nlink, 3);
    assert_int_equal(vfs_rmdir(NULL, "/d/sub/"), 0);
    assert_int_equal(ino_of(NULL, "/d/sub"), -ENOENT);
    assert_int_equal(vfs_unlink(NULL, "/d/f"), 0);
    assert_int_equal(vfs_unlink(NULL, "/d/f"), -ENOENT);
    assert_int_equal(vfs_rmdir(NULL, "/d"), 0);
    assert_int_equal(root->nlink, 2);
    assert_int_equal(vfs_chdir(NULL, "/d", &cwd), -ENOENT);
}

static void test_unlink_while_open(void **state)
{
    static uint8_t data[10000];
    memset(data, 'q', sizeof(data));
    struct file *f;
    assert_int_equal(vfs_open(NULL, "/tmp", O_RDWR | O_CREAT, 0644, &f), 0);
    assert_int_equal(file_write(f, data, sizeof(data)), sizeof(data));
    long pages = kshim_live_pages();
    assert_int_equal(vfs_unlink(NULL, "/tmp"), 0);
    assert_int_equal(ino_of(NULL, "/tmp"), -ENOENT);
    assert_int_equal(kshim_live_pages(), pages);
    struct api_stat st;
    assert_int_equal(file_stat(f, &st), 0);
    assert_int_equal(st.st_nlink, 0);
    assert_int_equal(file_lseek(f, 0, SEEK_SET), 0);
    uint8_t back[sizeof(data)];
    assert_int_equal(file_read(f, back, sizeof(back)), sizeof(back));
    assert_memory_equal(back, data, sizeof(data));
    assert_int_equal(file_write(f, "more", 4), 4);
    // A new file of the same name is another file.
    put(NULL, "/tmp", "new");
    file_close(f);
    assert_int_equal(kshim_live_pages(), pages - 3 + 1);
}

static void test_getcwd(void **state)
{
    char buf[64];
    struct inode *d;
    assert_int_equal(vfs_getcwd(root, buf, sizeof(buf)), 2);
    assert_string_equal(buf, "/");
    assert_int_equal(vfs_mkdir(NULL, "/usr", 0755), 0);
    assert_int_equal(vfs_mkdir(NULL, "/usr/local", 0755), 0);
    assert_int_equal(vfs_chdir(NULL, "/usr/local", &d), 0);
    assert_int_equal(vfs_getcwd(d, buf, sizeof(buf)), 11);
    assert_string_equal(buf, "/usr/local");
    assert_int_equal(vfs_getcwd(d, buf, 11), 11);
    assert_int_equal(vfs_getcwd(d, buf, 10), -ERANGE);
    assert_int_equal(vfs_getcwd(d, buf, 0), -ERANGE);
    struct inode *up;
    assert_int_equal(vfs_chdir(d, "..", &up), 0);
    assert_int_equal(vfs_getcwd(up, buf, sizeof(buf)), 5);
    assert_string_equal(buf, "/usr");
    inode_put(up);
    put(NULL, "/usr/f", "");
    assert_int_equal(vfs_chdir(d, "../f", &up), -ENOTDIR);
    inode_put(d);
}

static void test_mounts(void **state)
{
    char buf[64];
    other = ramfs_create();
    assert_non_null(other);
    assert_int_equal(vfs_mkdir(NULL, "/mnt", 0755), 0);
    put(NULL, "/file", "x");
    assert_int_equal(vfs_mount("/file", other), -ENOTDIR);
    assert_int_equal(vfs_mount("/nope", other), -ENOENT);
    assert_int_equal(vfs_mount("/mnt", other), 0);
    assert_int_equal(vfs_mount("/mnt", other), -EBUSY);
    put(NULL, "/mnt/inside", "in");
    assert_string_equal(get(NULL, "/mnt/inside", buf, sizeof(buf)), "in");
    struct api_stat st;
    assert_int_equal(vfs_stat(NULL, "/mnt", &st), 0);
    assert_int_equal(st.st_dev, other->dev);
    assert_int_equal(st.st_ino, other->ino);
    assert_int_equal(ino_of(NULL, "/mnt/.."), root->ino);
    assert_int_equal(ino_of(NULL, "/mnt/../mnt/inside"), ino_of(NULL, "/mnt/inside"));
    assert_int_equal(vfs_mkdir(NULL, "/mnt/d", 0755), 0);
    struct inode *d;
    assert_int_equal(vfs_chdir(NULL, "/mnt/d", &d), 0);
    assert_int_equal(vfs_getcwd(d, buf, sizeof(buf)), 7);
    assert_string_equal(buf, "/mnt/d");
    assert_int_equal(ino_of(d, "../../file"), ino_of(NULL, "/file"));
    inode_put(d);
    // Crossing file systems and removing the mount point are refused.
    assert_int_equal(vfs_rename(NULL, "/file", "/mnt/file"), -EXDEV);
    assert_int_equal(vfs_rename(NULL, "/mnt", "/mnt2"), -EBUSY);
    assert_int_equal(vfs_rmdir(NULL, "/mnt"), -EBUSY);
    assert_int_equal(vfs_rmdir(NULL, "/mnt/"), -EBUSY);
    // getdents of "/" shows "mnt"; of "/mnt" shows its own entries.
    char names[128];
    assert_int_equal(list_dir("/mnt", 512, names, sizeof(names)), 4);
    assert_string_equal(names, ". .. inside d");
    struct file *f;
    assert_int_equal(vfs_open(NULL, "/mnt/.", O_RDONLY, 0, &f), 0);
    uint8_t raw[64];
    assert_true(file_getdents(f, raw, sizeof(raw)) > 0);
    struct api_dirent *dd = (struct api_dirent *)(raw + ((struct api_dirent *)raw)->d_reclen);
    assert_string_equal(dd->d_name, "..");
    assert_int_equal(dd->d_ino, root->ino);
    file_close(f);
}

static void test_utime_chmod_stat(void **state)
{
    put(NULL, "/f", "abc");
    struct api_utimbuf t = { 1000, 2000 };
    assert_int_equal(vfs_utime(NULL, "/f", &t), 0);
    assert_int_equal(vfs_chmod(NULL, "/f", 0100751), 0);
    struct api_stat st;
    assert_int_equal(vfs_stat(NULL, "/f", &st), 0);
    assert_int_equal(st.st_atime, 1000);
    assert_int_equal(st.st_mtime, 2000);
    assert_int_equal(st.st_mode, S_IFREG | 0751);
    assert_int_equal(st.st_size, 3);
    assert_int_equal(st.st_dev, root->dev);
    assert_int_equal(vfs_utime(NULL, "/nope", &t), -ENOENT);
    assert_int_equal(vfs_chmod(NULL, "/nope", 0), -ENOENT);
    assert_int_equal(vfs_utime(NULL, "/f", NULL), 0);
    assert_int_equal(vfs_stat(NULL, "/f", &st), 0);
    assert_int_equal(st.st_mtime, 0);    // no clock registered: time 0
    assert_int_equal(vfs_stat(NULL, "/", &st), 0);
    assert_int_equal(st.st_mode, S_IFDIR | 0755);
    root->readonly = true;
    assert_int_equal(vfs_chmod(NULL, "/", 0700), -EROFS);
    assert_int_equal(vfs_utime(NULL, "/", &t), -EROFS);
    root->readonly = false;
}

static int32_t fixed_clock(void)
{
    return 12345;
}

static void test_clock(void **state)
{
    vfs_set_clock(fixed_clock);
    put(NULL, "/f", "abc");
    struct api_stat st;
    assert_int_equal(vfs_stat(NULL, "/f", &st), 0);
    assert_int_equal(st.st_mtime, 12345);
    assert_int_equal(st.st_ctime, 12345);
    vfs_set_clock(NULL);
}

// One sequence of operations that allocates; returns the first error.
static int alloc_sequence(void)
{
    struct file *f;
    int r = vfs_mkdir(NULL, "/d", 0755);
    if (r < 0)
        return r;
    r = vfs_open(NULL, "/d/f", O_RDWR | O_CREAT, 0644, &f);
    if (r < 0)
        return r;
    static uint8_t data[9000];
    r = file_write(f, data, sizeof(data));
    file_close(f);
    if (r < 0)
        return r;
    return vfs_rename(NULL, "/d/f", "/d/a-longer-name");
}

// Every allocation failing in turn gives -ENOMEM or a short write, never a
// crash or a leak.
static void test_out_of_memory(void **state)
{
    for (long n = 0; n < 40; n++) {
        kshim_fail_after(n);
        int r = alloc_sequence();
        kshim_fail_after(-1);
        assert_true(r >= 0 || r == -ENOMEM);
        // Clean up for the next round (these succeed or find nothing).
        vfs_unlink(NULL, "/d/f");
        vfs_unlink(NULL, "/d/a-longer-name");
        vfs_rmdir(NULL, "/d");
        assert_int_equal(ino_of(NULL, "/d"), -ENOENT);
        assert_int_equal(kshim_live_pages(), 0);
    }
    assert_true(kshim_failures() > 0);
}

// procfs generators and callbacks for the tests.
static int gen_calls;                   // times any generator ran
static char written[64];                // the last write a callback took
static int written_pid;

static int gen_text(char *buf, size_t size, void *arg)
{
    gen_calls++;
    return snprintf(buf, size, "%s %d\n", (const char *)arg, gen_calls);
}

// 10000 bytes: more than the first buffer holds.
static int gen_big(char *buf, size_t size, void *arg)
{
    gen_calls++;
    for (size_t i = 0; i < size && i < 10000; i++)
        buf[i] = (char)('a' + i % 26);
    return 10000;
}

static int gen_fail(char *buf, size_t size, void *arg)
{
    return -EIO;
}

static int take_write(const char *buf, size_t n, void *arg)
{
    snprintf(written, sizeof(written), "%s:%.*s", (const char *)arg, (int)n, buf);
    return (int)n;
}

static int list_pids(int *pids, int max)
{
    static const int live[] = { 1, 42 };
    int n = 0;
    for (; n < 2 && n < max; n++)
        pids[n] = live[n];
    return n;
}

static int gen_pid(int pid, const char *file, char *buf, size_t size)
{
    if (pid == 1 && strcmp(file, "status") == 0)
        return -ESRCH;                  // as if it had just exited
    return snprintf(buf, size, "%s of %d\n", file, pid);
}

static int write_pid(int pid, const char *file, const char *buf, size_t n)
{
    written_pid = pid;
    snprintf(written, sizeof(written), "%s:%.*s", file, (int)n, buf);
    return (int)n;
}

// Set up /proc with fixed files and a pid provider.
static void mount_proc(void)
{
    struct inode *proc = procfs_root();
    assert_non_null(proc);
    assert_int_equal(vfs_mkdir(NULL, "/proc", 0555), 0);
    assert_int_equal(vfs_mount("/proc", proc), 0);
    inode_put(proc);
    gen_calls = 0;
    assert_int_equal(procfs_add_file("uptime", gen_text, "up"), 0);
    assert_int_equal(procfs_add_file("net/dev", gen_text, "netdev"), 0);
    assert_int_equal(procfs_add_file("/cluster//nodes", gen_text, "nodes"), 0);
    assert_int_equal(procfs_add_file("big", gen_big, NULL), 0);
    assert_int_equal(procfs_add_file("broken", gen_fail, NULL), 0);
    assert_int_equal(procfs_add_rw_file("cluster/ctl", NULL, take_write, "ctl"), 0);
    procfs_set_pid_provider(list_pids, gen_pid);
    procfs_set_pid_writer(write_pid);
    assert_int_equal(procfs_add_pid_file("status", false), 0);
    assert_int_equal(procfs_add_pid_file("goto", true), 0);
}

static void test_procfs_files(void **state)
{
    char buf[128], names[256];
    mount_proc();
    assert_int_equal(procfs_add_file("uptime", gen_text, "x"), -EEXIST);
    assert_int_equal(procfs_add_file("uptime/x", gen_text, "x"), -ENOTDIR);
    assert_int_equal(procfs_add_file("..", gen_text, "x"), -EINVAL);
    assert_int_equal(procfs_add_file("", gen_text, "x"), -EINVAL);
    assert_int_equal(procfs_add_file("a-name-that-is-far-too-long-for-procfs", gen_text, "x"),
                     -EINVAL);
    assert_string_equal(get(NULL, "/proc/uptime", buf, sizeof(buf)), "up 1\n");
    assert_string_equal(get(NULL, "/proc/net/dev", buf, sizeof(buf)), "netdev 2\n");
    assert_string_equal(get(NULL, "/proc/cluster/nodes", buf, sizeof(buf)), "nodes 3\n");
    assert_int_equal(list_dir("/proc", 512, names, sizeof(names)), 2 + 5 + 2);
    assert_string_equal(names, ". .. uptime net cluster big broken 1 42");
    assert_int_equal(list_dir("/proc/cluster", 512, names, sizeof(names)), 4);
    assert_string_equal(names, ". .. nodes ctl");
    struct api_stat st;
    assert_int_equal(vfs_stat(NULL, "/proc/net", &st), 0);
    assert_int_equal(st.st_mode, S_IFDIR | 0555);
    assert_int_equal(vfs_stat(NULL, "/proc/uptime", &st), 0);
    assert_int_equal(st.st_mode, S_IFREG | 0444);
    assert_int_equal(ino_of(NULL, "/proc/net/.."), ino_of(NULL, "/proc"));
    assert_int_equal(ino_of(NULL, "/proc/.."), root->ino);
    // The snapshot: reads at any offset see the content of the open.
    struct file *f;
    assert_int_equal(vfs_open(NULL, "/proc/uptime", O_RDONLY, 0, &f), 0);
    assert_string_equal(get(NULL, "/proc/uptime", buf, sizeof(buf)), "up 5\n");
    assert_int_equal(file_lseek(f, 3, SEEK_SET), 3);
    assert_int_equal(file_read(f, buf, sizeof(buf)), 2);
    assert_memory_equal(buf, "4\n", 2);
    assert_int_equal(file_lseek(f, 0, SEEK_SET), 0);
    assert_int_equal(file_read(f, buf, 3), 3);
    assert_memory_equal(buf, "up ", 3);
    file_close(f);
    // Content longer than the first buffer is made again in a bigger one.
    static char big[12000];
    assert_int_equal(vfs_open(NULL, "/proc/big", O_RDONLY, 0, &f), 0);
    int total = 0, r;
    while ((r = file_read(f, big + total, 777)) > 0)
        total += r;
    assert_int_equal(total, 10000);
    for (int i = 0; i < total; i++)
        assert_int_equal(big[i], 'a' + i % 26);
    file_close(f);
    assert_int_equal(vfs_open(NULL, "/proc/broken", O_RDONLY, 0, &f), -EIO);
    // Read-only: no writing, creating or removing.
    assert_int_equal(vfs_open(NULL, "/proc/uptime", O_WRONLY, 0, &f), -EROFS);
    assert_int_equal(vfs_open(NULL, "/proc/new", O_WRONLY | O_CREAT, 0644, &f), -EROFS);
    assert_int_equal(vfs_mkdir(NULL, "/proc/d", 0755), -EROFS);
    assert_int_equal(vfs_unlink(NULL, "/proc/uptime"), -EROFS);
    assert_int_equal(vfs_rmdir(NULL, "/proc/net"), -ENOTEMPTY);
    assert_int_equal(vfs_rename(NULL, "/proc/uptime", "/proc/up2"), -EROFS);
    assert_int_equal(vfs_chmod(NULL, "/proc/uptime", 0777), -EROFS);
    // A writable fixed file passes each write to its callback.
    assert_int_equal(vfs_open(NULL, "/proc/cluster/ctl", O_WRONLY, 0, &f), 0);
    assert_int_equal(file_write(f, "join 3", 6), 6);
    assert_string_equal(written, "ctl:join 3");
    file_close(f);
    assert_int_equal(vfs_open(NULL, "/proc/cluster/ctl", O_RDONLY, 0, &f), 0);
    assert_int_equal(file_read(f, buf, sizeof(buf)), 0);
    assert_int_equal(file_write(f, "x", 1), -EBADF);
    file_close(f);
}

static void test_procfs_pids(void **state)
{
    char buf[128], names[256];
    mount_proc();
    assert_int_equal(procfs_add_pid_file("status", false), -EEXIST);
    assert_int_equal(procfs_add_pid_file("a/b", false), -EINVAL);
    assert_int_equal(procfs_add_pid_file("..", false), -EINVAL);
    assert_string_equal(get(NULL, "/proc/42/status", buf, sizeof(buf)), "status of 42\n");
    assert_string_equal(get(NULL, "/proc/42/goto", buf, sizeof(buf)), "goto of 42\n");
    assert_int_equal(ino_of(NULL, "/proc/7"), -ENOENT);
    assert_int_equal(ino_of(NULL, "/proc/042"), -ENOENT);
    assert_int_equal(ino_of(NULL, "/proc/42x"), -ENOENT);
    assert_int_equal(ino_of(NULL, "/proc/42/nope"), -ENOENT);
    assert_int_equal(ino_of(NULL, "/proc/42/status/x"), -ENOTDIR);
    assert_int_equal(ino_of(NULL, "/proc/42/.."), ino_of(NULL, "/proc"));
    assert_int_equal(list_dir("/proc/42", 512, names, sizeof(names)), 4);
    assert_string_equal(names, ". .. status goto");
    struct file *f;
    assert_int_equal(vfs_open(NULL, "/proc/1/status", O_RDONLY, 0, &f), -ESRCH);
    assert_int_equal(vfs_open(NULL, "/proc/42/status", O_WRONLY, 0, &f), -EROFS);
    // goto is writable: the writer gets the pid, the file name and the bytes.
    assert_int_equal(vfs_open(NULL, "/proc/42/goto", O_WRONLY, 0, &f), 0);
    assert_int_equal(file_write(f, "3\n", 2), 2);
    assert_int_equal(written_pid, 42);
    assert_string_equal(written, "goto:3\n");
    file_close(f);
    struct api_stat st;
    assert_int_equal(vfs_stat(NULL, "/proc/42/goto", &st), 0);
    assert_int_equal(st.st_mode, S_IFREG | 0644);
    assert_int_equal(vfs_stat(NULL, "/proc/42", &st), 0);
    assert_int_equal(st.st_mode, S_IFDIR | 0555);
    // A current directory inside /proc/PID knows its path.
    struct inode *d;
    assert_int_equal(vfs_chdir(NULL, "/proc/42", &d), 0);
    assert_int_equal(vfs_getcwd(d, buf, sizeof(buf)), 9);
    assert_string_equal(buf, "/proc/42");
    assert_string_equal(get(d, "status", buf, sizeof(buf)), "status of 42\n");
    assert_int_equal(ino_of(d, "../uptime"), ino_of(NULL, "/proc/uptime"));
    inode_put(d);
    // Without a provider there are no process directories.
    procfs_set_pid_provider(NULL, NULL);
    assert_int_equal(ino_of(NULL, "/proc/42"), -ENOENT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_path_resolution, setup, teardown),
        cmocka_unit_test_setup_teardown(test_path_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_open_flags, setup, teardown),
        cmocka_unit_test_setup_teardown(test_read_write_lseek, setup, teardown),
        cmocka_unit_test_setup_teardown(test_large_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sparse_and_truncate, setup, teardown),
        cmocka_unit_test_setup_teardown(test_getdents, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rename, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rmdir_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unlink_while_open, setup, teardown),
        cmocka_unit_test_setup_teardown(test_getcwd, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mounts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_utime_chmod_stat, setup, teardown),
        cmocka_unit_test_setup_teardown(test_clock, setup, teardown),
        cmocka_unit_test_setup_teardown(test_out_of_memory, setup, teardown),
        cmocka_unit_test_setup_teardown(test_procfs_files, setup, teardown),
        cmocka_unit_test_setup_teardown(test_procfs_pids, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
