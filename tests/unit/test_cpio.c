// Unit tests of the newc cpio reader (kernel/cpio.c): real archives made by
// GNU cpio (tests/unit/data/cpio_samples.h, and one made at test time by
// tools/mkinitrd.sh), archives written here entry by entry, every
// truncation, and corrupted fields.
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "kernel/cpio.h"
#include "data/cpio_samples.h"

#define MTIME 1700000000u   // every file of the samples (mkdata.sh)

// What the samples hold, in archive order ("." is skipped by the reader).
struct expect {
    const char *name;
    uint32_t type;
    const char *data;
};

static const struct expect sample_entries[] = {
    { "a",                                        CPIO_S_IFDIR, "" },
    { "a/deeply",                                 CPIO_S_IFDIR, "" },
    { "a/deeply/nested",                          CPIO_S_IFDIR, "" },
    { "a/deeply/nested/file_with_a_longer_name.txt", CPIO_S_IFREG, "deep\n" },
    { "bin",                                      CPIO_S_IFDIR, "" },
    { "bin/sh",                                   CPIO_S_IFREG, "#!/bin/sh\necho hi\n" },
    { "empty",                                    CPIO_S_IFREG, "" },
    { "etc",                                      CPIO_S_IFDIR, "" },
    { "etc/motd",                                 CPIO_S_IFREG, "welcome to cluster-os\n" },
    { "f1",                                       CPIO_S_IFREG, "a" },
    { "f2",                                       CPIO_S_IFREG, "ab" },
    { "f3",                                       CPIO_S_IFREG, "abc" },
    { "f4",                                       CPIO_S_IFREG, "abcd" },
    { "f5",                                       CPIO_S_IFREG, "abcde" },
    { "link",                                     CPIO_S_IFLNK, "bin/sh" },
};
#define NSAMPLE (sizeof(sample_entries) / sizeof(sample_entries[0]))

// A heap copy of the first n bytes of src, so that ASan sees any read past n.
static uint8_t *copy_of(const void *src, size_t n)
{
    uint8_t *p = malloc(n ? n : 1);
    assert_non_null(p);
    memcpy(p, src, n);
    return p;
}

// Walk the archive and check that it holds exactly sample_entries.
static void check_sample(const uint8_t *buf, size_t len)
{
    struct cpio_reader r;
    struct cpio_entry e;
    cpio_init(&r, buf, len);
    for (size_t i = 0; i < NSAMPLE; i++) {
        assert_int_equal(cpio_next(&r, &e), CPIO_OK);
        assert_string_equal(e.name, sample_entries[i].name);
        assert_int_equal(e.mode & CPIO_S_IFMT, sample_entries[i].type);
        assert_int_equal(e.size, strlen(sample_entries[i].data));
        assert_memory_equal(e.data, sample_entries[i].data, e.size);
        assert_int_equal(e.mtime, MTIME);
        assert_int_equal(e.uid, 0);
        assert_true(e.data >= buf && e.data + e.size <= buf + len);
        assert_int_equal(e.offset % 4, 0);
    }
    assert_int_equal(cpio_next(&r, &e), CPIO_END);
    assert_int_equal(cpio_next(&r, &e), CPIO_END);
}

static void test_sample_newc(void **state)
{
    check_sample(sample_cpio, sample_cpio_len);
}

static void test_sample_crc(void **state)
{
    check_sample(sample_crc_cpio, sample_crc_cpio_len);
}

static void test_modes_of_sample(void **state)
{
    struct cpio_entry e;
    assert_int_equal(cpio_find(sample_cpio, sample_cpio_len, "bin/sh", &e, NULL), CPIO_OK);
    assert_int_equal(e.mode, CPIO_S_IFREG | 0755);
    assert_int_equal(cpio_find(sample_cpio, sample_cpio_len, "etc/motd", &e, NULL), CPIO_OK);
    assert_int_equal(e.mode, CPIO_S_IFREG | 0644);
    assert_int_equal(e.nlink, 1);
}

// The checksum of a 070702 entry covers its data: change one byte of it.
static void test_crc_mismatch(void **state)
{
    uint8_t *buf = copy_of(sample_crc_cpio, sample_crc_cpio_len);
    struct cpio_entry e;
    assert_int_equal(cpio_find(buf, sample_crc_cpio_len, "bin/sh", &e, NULL), CPIO_OK);
    size_t at = e.offset;
    buf[e.data - buf] ^= 1;
    size_t off = 0;
    assert_int_equal(cpio_find(buf, sample_crc_cpio_len, "etc/motd", &e, &off), CPIO_ECHECK);
    assert_int_equal(off, at);
    free(buf);
}

// Every prefix of the archive shorter than its trailer entry fails, after
// giving exactly the entries that lie entirely inside it, and names the
// offset where the cut entry starts.
static void test_truncated_at_every_length(void **state)
{
    // Where the trailer entry ends: find it by walking the whole archive.
    struct cpio_reader r;
    struct cpio_entry e;
    size_t starts[NSAMPLE + 2];
    size_t n = 0;
    cpio_init(&r, sample_cpio, sample_cpio_len);
    while (cpio_next(&r, &e) == CPIO_OK)
        starts[n++] = e.offset;
    assert_int_equal(n, NSAMPLE);
    size_t trailer_at = r.pos;               // last entry's end = trailer start
    size_t end = trailer_at + CPIO_HEADER_SIZE + 11 + 3;   // "TRAILER!!!\0", pad
    assert_memory_equal(sample_cpio + trailer_at + CPIO_HEADER_SIZE, "TRAILER!!!", 11);

    for (size_t len = 0; len <= sample_cpio_len; len++) {
        uint8_t *buf = copy_of(sample_cpio, len);
        size_t got = 0;
        int rc;
        cpio_init(&r, buf, len);
        while ((rc = cpio_next(&r, &e)) == CPIO_OK) {
            assert_true(got < NSAMPLE);
            assert_string_equal(e.name, sample_entries[got].name);
            got++;
        }
        if (len >= end) {
            assert_int_equal(rc, CPIO_END);
            assert_int_equal(got, NSAMPLE);
        } else {
            assert_true(rc == CPIO_ETRUNC || rc == CPIO_ESIZE || rc == CPIO_ENOTRAILER);
            // The failing entry starts where the last complete one ended.
            size_t expect_off = got < NSAMPLE ? starts[got] : trailer_at;
            if (got == 0)
                expect_off = len < starts[0] ? 0 : starts[0];
            assert_int_equal(r.err_offset, expect_off);
            assert_int_equal(rc == CPIO_ENOTRAILER, len == expect_off);
            assert_int_equal(cpio_next(&r, &e), rc);   // sticky
        }
        free(buf);
    }
}

// --- archives written entry by entry ---------------------------------------

#define FIELD_OFF(i) (6 + 8 * (i))
enum { F_INO, F_MODE, F_UID, F_GID, F_NLINK, F_MTIME, F_FILESIZE,
       F_DEVMAJOR, F_DEVMINOR, F_RDEVMAJOR, F_RDEVMINOR, F_NAMESIZE, F_CHECK };

// Append one newc entry (magic "070701") at offset off of buf; returns the
// offset after it. The name is written with its NUL.
static size_t put(uint8_t *buf, size_t off, const char *name, uint32_t mode,
                  const char *data, uint32_t size)
{
    size_t namesize = strlen(name) + 1;
    char h[CPIO_HEADER_SIZE + 1];
    snprintf(h, sizeof(h), "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
             7u, mode, 0u, 0u, 1u, MTIME, size, 0u, 0u, 0u, 0u, (uint32_t)namesize, 0u);
    size_t start = off;
    memcpy(buf + off, h, CPIO_HEADER_SIZE);
    off += CPIO_HEADER_SIZE;
    memcpy(buf + off, name, namesize);
    off += namesize;
    while ((off - start) % 4)
        buf[off++] = 0;
    memcpy(buf + off, data, size);
    off += size;
    while ((off - start) % 4)
        buf[off++] = 0;
    return off;
}

static size_t put_trailer(uint8_t *buf, size_t off)
{
    return put(buf, off, "TRAILER!!!", 0, "", 0);
}

// Overwrite field i of the header at off with the 8 characters of text.
static void set_field(uint8_t *buf, size_t off, int i, const char *text)
{
    memcpy(buf + off + FIELD_OFF(i), text, 8);
}

// Run the reader over the first len bytes of buf (a heap copy); return the
// result of the first call that is not CPIO_OK and count the entries before.
static int walk(const uint8_t *buf, size_t len, int *entries, size_t *err_offset)
{
    uint8_t *copy = copy_of(buf, len);
    struct cpio_reader r;
    struct cpio_entry e;
    int rc;
    *entries = 0;
    cpio_init(&r, copy, len);
    while ((rc = cpio_next(&r, &e)) == CPIO_OK)
        (*entries)++;
    *err_offset = r.err_offset;
    free(copy);
    return rc;
}

static uint8_t arc[8192];

static void test_names_are_normalised(void **state)
{
    size_t off = 0;
    off = put(arc, off, ".", CPIO_S_IFDIR | 0755, "", 0);
    off = put(arc, off, "./bin", CPIO_S_IFDIR | 0755, "", 0);
    off = put(arc, off, "./bin/sh", CPIO_S_IFREG | 0755, "sh", 2);
    off = put(arc, off, "/etc/motd", CPIO_S_IFREG | 0644, "hi", 2);
    off = put(arc, off, "./", CPIO_S_IFDIR | 0755, "", 0);
    off = put(arc, off, "a//b/./c/", CPIO_S_IFDIR | 0755, "", 0);
    off = put_trailer(arc, off);

    struct cpio_reader r;
    struct cpio_entry e;
    cpio_init(&r, arc, off);
    assert_int_equal(cpio_next(&r, &e), CPIO_OK);
    assert_string_equal(e.name, "bin");
    assert_int_equal(cpio_next(&r, &e), CPIO_OK);
    assert_string_equal(e.name, "bin/sh");
    assert_memory_equal(e.data, "sh", 2);
    assert_int_equal(cpio_next(&r, &e), CPIO_OK);
    assert_string_equal(e.name, "etc/motd");
    assert_int_equal(cpio_next(&r, &e), CPIO_OK);
    assert_string_equal(e.name, "a/b/c");
    assert_int_equal(cpio_next(&r, &e), CPIO_END);

    assert_int_equal(cpio_find(arc, off, "/bin/sh", &e, NULL), CPIO_OK);
    assert_int_equal(cpio_find(arc, off, "./bin//sh", &e, NULL), CPIO_OK);
    assert_string_equal(e.name, "bin/sh");
    assert_int_equal(cpio_find(arc, off, "bin/ls", &e, NULL), CPIO_ENOENT);
    assert_int_equal(cpio_find(arc, off, "../bin/sh", &e, NULL), CPIO_EPATH);
}

static void test_dotdot_rejected(void **state)
{
    size_t off = 0, err;
    int n;
    off = put(arc, off, "ok", CPIO_S_IFREG, "", 0);
    size_t bad = off;
    off = put(arc, off, "a/../../etc/passwd", CPIO_S_IFREG, "x", 1);
    off = put_trailer(arc, off);
    assert_int_equal(walk(arc, off, &n, &err), CPIO_EPATH);
    assert_int_equal(n, 1);
    assert_int_equal(err, bad);
    // ".." alone, and as a last component, too; "..." is an ordinary name.
    off = put(arc, 0, "..", CPIO_S_IFDIR, "", 0);
    off = put_trailer(arc, off);
    assert_int_equal(walk(arc, off, &n, &err), CPIO_EPATH);
    off = put(arc, 0, "a/..", CPIO_S_IFDIR, "", 0);
    off = put_trailer(arc, off);
    assert_int_equal(walk(arc, off, &n, &err), CPIO_EPATH);
    off = put(arc, 0, "...", CPIO_S_IFDIR, "", 0);
    off = put_trailer(arc, off);
    assert_int_equal(walk(arc, off, &n, &err), CPIO_END);
}

static void test_bad_magic(void **state)
{
    size_t err;
    int n;
    size_t off = put(arc, 0, "x", CPIO_S_IFREG, "", 0);
    size_t second = off;
    off = put(arc, off, "y", CPIO_S_IFREG, "", 0);
    off = put_trailer(arc, off);
    const char *bad[] = { "070707", "070700", "070703", "17070 ", "\0\0\0\0\0\0" };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        uint8_t save[6];
        memcpy(save, arc + second, 6);
        memcpy(arc + second, bad[i], 6);
        assert_int_equal(walk(arc, off, &n, &err), CPIO_EMAGIC);
        assert_int_equal(n, 1);
        assert_int_equal(err, second);
        memcpy(arc + second, save, 6);
    }
    assert_int_equal(walk(arc, off, &n, &err), CPIO_END);
    // 070702 with a checksum of zero data bytes (0) is fine.
    arc[second + 5] = '2';
    assert_int_equal(walk(arc, off, &n, &err), CPIO_END);
}

static void test_every_field_must_be_hex(void **state)
{
    size_t err;
    int n;
    size_t off = put(arc, 0, "file", CPIO_S_IFREG, "data", 4);
    off = put_trailer(arc, off);
    const char *bad[] = { "0000000g", " 0000000", "0x000000", "-0000001", "0000000\0" };
    for (int f = 0; f <= F_CHECK; f++) {
        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
            uint8_t save[8];
            memcpy(save, arc + FIELD_OFF(f), 8);
            set_field(arc, 0, f, bad[i]);
            assert_int_equal(walk(arc, off, &n, &err), CPIO_EFIELD);
            assert_int_equal(err, 0);
            memcpy(arc + FIELD_OFF(f), save, 8);
        }
    }
    // Lower-case digits are hex too.
    set_field(arc, 0, F_MODE, "000081ed");
    struct cpio_entry e;
    assert_int_equal(cpio_find(arc, off, "file", &e, NULL), CPIO_OK);
    assert_int_equal(e.mode, 0100755);
    set_field(arc, 0, F_MTIME, "FFFFFFFF");
    assert_int_equal(cpio_find(arc, off, "file", &e, NULL), CPIO_OK);
    assert_int_equal(e.mtime, 0xFFFFFFFFu);
}

static void test_name_sizes(void **state)
{
    size_t err;
    int n;
    // The longest name that fits: CPIO_NAME_MAX - 1 characters.
    char name[CPIO_NAME_MAX + 1];
    memset(name, 'n', CPIO_NAME_MAX - 1);
    name[CPIO_NAME_MAX - 1] = '\0';
    size_t off = put(arc, 0, name, CPIO_S_IFREG, "", 0);
    off = put_trailer(arc, off);
    assert_int_equal(walk(arc, off, &n, &err), CPIO_END);
    assert_int_equal(n, 1);
    // One more is too long.
    memset(name, 'n', CPIO_NAME_MAX);
    name[CPIO_NAME_MAX] = '\0';
    off = put(arc, 0, name, CPIO_S_IFREG, "", 0);
    off = put_trailer(arc, off);
    assert_int_equal(walk(arc, off, &n, &err), CPIO_ENAMELONG);

    off = put(arc, 0, "file", CPIO_S_IFREG, "", 0);
    off = put_trailer(arc, off);
    set_field(arc, 0, F_NAMESIZE, "00000000");
    assert_int_equal(walk(arc, off, &n, &err), CPIO_ENAMESIZE);
    set_field(arc, 0, F_NAMESIZE, "FFFFFFFF");
    assert_int_equal(walk(arc, off, &n, &err), CPIO_ENAMELONG);
    // NUL not at the end: namesize one short, and one long.
    set_field(arc, 0, F_NAMESIZE, "00000004");
    assert_int_equal(walk(arc, off, &n, &err), CPIO_ENAME);
    set_field(arc, 0, F_NAMESIZE, "00000006");
    assert_int_equal(walk(arc, off, &n, &err), CPIO_ENAME);
    // A namesize that fits the limit but not the archive.
    off = put(arc, 0, "file", CPIO_S_IFREG, "", 0);
    set_field(arc, 0, F_NAMESIZE, "00000100");
    assert_int_equal(walk(arc, off, &n, &err), CPIO_ETRUNC);
    // An empty name ("" with its NUL) normalises to nothing: skipped.
    off = put(arc, 0, "", CPIO_S_IFREG, "", 0);
    off = put_trailer(arc, off);
    assert_int_equal(walk(arc, off, &n, &err), CPIO_END);
    assert_int_equal(n, 0);
}

static void test_file_sizes(void **state)
{
    size_t err;
    int n;
    size_t off = put(arc, 0, "f", CPIO_S_IFREG, "abc", 3);
    off = put_trailer(arc, off);
    const char *huge[] = { "FFFFFFFF", "80000000", "00001000" };
    for (size_t i = 0; i < sizeof(huge) / sizeof(huge[0]); i++) {
        set_field(arc, 0, F_FILESIZE, huge[i]);
        assert_int_equal(walk(arc, off, &n, &err), CPIO_ESIZE);
        assert_int_equal(err, 0);
    }
    // Exactly the bytes that remain: fine as data, but then no trailer.
    char size[9];
    snprintf(size, sizeof(size), "%08zX", off - 112);
    set_field(arc, 0, F_FILESIZE, size);
    assert_int_equal(walk(arc, off, &n, &err), CPIO_ENOTRAILER);
    assert_int_equal(n, 1);
    assert_int_equal(err, off);
    // One more than remains.
    snprintf(size, sizeof(size), "%08zX", off - 112 + 1);
    set_field(arc, 0, F_FILESIZE, size);
    assert_int_equal(walk(arc, off, &n, &err), CPIO_ESIZE);
    // Data that ends one short of its padding.
    off = put(arc, 0, "f", CPIO_S_IFREG, "abc", 3);
    assert_int_equal(walk(arc, off - 1, &n, &err), CPIO_ETRUNC);
}

static void test_padding_must_be_zero(void **state)
{
    size_t err;
    int n;
    // "f\0" after the 110-byte header ends at 112: no name padding; the
    // name "fi\0" ends at 113, so 3 bytes of padding follow.
    size_t off = put(arc, 0, "fi", CPIO_S_IFREG, "abc", 3);
    size_t second = off;
    off = put(arc, off, "g", CPIO_S_IFREG, "", 0);
    off = put_trailer(arc, off);
    assert_int_equal(walk(arc, off, &n, &err), CPIO_END);
    arc[114] = 'x';   // name padding
    assert_int_equal(walk(arc, off, &n, &err), CPIO_EPAD);
    assert_int_equal(err, 0);
    arc[114] = 0;
    arc[second - 1] = 'x';   // data padding
    assert_int_equal(walk(arc, off, &n, &err), CPIO_EPAD);
    arc[second - 1] = 0;
    assert_int_equal(walk(arc, off, &n, &err), CPIO_END);
}

static void test_missing_trailer(void **state)
{
    size_t err;
    int n;
    assert_int_equal(walk(arc, 0, &n, &err), CPIO_ENOTRAILER);
    assert_int_equal(err, 0);
    size_t off = put(arc, 0, "a", CPIO_S_IFREG, "1", 1);
    off = put(arc, off, "b", CPIO_S_IFREG, "2", 1);
    assert_int_equal(walk(arc, off, &n, &err), CPIO_ENOTRAILER);
    assert_int_equal(n, 2);
    assert_int_equal(err, off);
    // Zero bytes where the trailer should be (as at the end of a block).
    memset(arc + off, 0, 512);
    assert_int_equal(walk(arc, off + 512, &n, &err), CPIO_EMAGIC);
    assert_int_equal(err, off);
}

// Only the exact name "TRAILER!!!" ends the archive.
static void test_names_like_the_trailer(void **state)
{
    size_t err;
    int n;
    size_t off = put(arc, 0, "TRAILER!!", CPIO_S_IFREG, "", 0);
    off = put(arc, off, "TRAILER!!!!", CPIO_S_IFREG, "", 0);
    off = put(arc, off, "./TRAILER!!!", CPIO_S_IFREG, "", 0);
    off = put(arc, off, "trailer!!!", CPIO_S_IFREG, "", 0);
    off = put(arc, off, "TRAILER", CPIO_S_IFREG, "", 0);
    off = put_trailer(arc, off);
    assert_int_equal(walk(arc, off, &n, &err), CPIO_END);
    assert_int_equal(n, 5);
}

static void test_bytes_after_trailer_ignored(void **state)
{
    size_t err;
    int n;
    size_t off = put(arc, 0, "a", CPIO_S_IFREG, "1", 1);
    off = put_trailer(arc, off);
    memset(arc + off, 0xAB, 100);
    assert_int_equal(walk(arc, off + 100, &n, &err), CPIO_END);
    assert_int_equal(n, 1);
}

static void test_error_offset_names_bad_entry(void **state)
{
    size_t err;
    int n;
    size_t starts[4];
    size_t off = 0;
    for (int i = 0; i < 4; i++) {
        starts[i] = off;
        off = put(arc, off, "entry", CPIO_S_IFREG, "xyz", 3);
    }
    off = put_trailer(arc, off);
    for (int i = 0; i < 4; i++) {
        set_field(arc, starts[i], F_UID, "zzzzzzzz");
        assert_int_equal(walk(arc, off, &n, &err), CPIO_EFIELD);
        assert_int_equal(n, i);
        assert_int_equal(err, starts[i]);
        set_field(arc, starts[i], F_UID, "00000000");
    }
}

static void test_normalize(void **state)
{
    char out[8];
    assert_int_equal(cpio_normalize("./bin/sh", out, sizeof(out)), 6);
    assert_string_equal(out, "bin/sh");
    assert_int_equal(cpio_normalize(".", out, sizeof(out)), 0);
    assert_string_equal(out, "");
    assert_int_equal(cpio_normalize("///", out, sizeof(out)), 0);
    assert_int_equal(cpio_normalize(".hidden", out, sizeof(out)), 7);
    assert_string_equal(out, ".hidden");
    assert_int_equal(cpio_normalize("a/./b/.", out, sizeof(out)), 3);
    assert_string_equal(out, "a/b");
    // 7 characters fit in 8 bytes; 8 do not.
    assert_int_equal(cpio_normalize("abc/efg", out, sizeof(out)), 7);
    assert_int_equal(cpio_normalize("abc/efgh", out, sizeof(out)), CPIO_ENAMELONG);
    assert_int_equal(cpio_normalize("abcdefgh", out, sizeof(out)), CPIO_ENAMELONG);
    assert_int_equal(cpio_normalize("x", out, 0), CPIO_ENAMELONG);
    assert_int_equal(cpio_normalize("x/../y", out, sizeof(out)), CPIO_EPATH);
}

static void test_strerror_is_distinct(void **state)
{
    for (int a = CPIO_ENOENT; a <= CPIO_END; a++) {
        assert_non_null(cpio_strerror(a));
        assert_string_not_equal(cpio_strerror(a), cpio_strerror(99));
        for (int b = CPIO_ENOENT; b < a; b++)
            assert_string_not_equal(cpio_strerror(a), cpio_strerror(b));
    }
}

// The archive the build makes: run tools/mkinitrd.sh (make runs the tests
// from the top of the tree) and read the whole of it.
static void test_archive_from_mkinitrd(void **state)
{
    if (access("tools/mkinitrd.sh", X_OK) != 0 || access("rootfs/etc/motd", R_OK) != 0)
        skip();
    char dir[] = "/tmp/test_cpio.XXXXXX";
    assert_non_null(mkdtemp(dir));
    char cmd[256];
    snprintf(cmd, sizeof(cmd), "tools/mkinitrd.sh %s/stage %s/initrd.cpio", dir, dir);
    assert_int_equal(system(cmd), 0);
    snprintf(cmd, sizeof(cmd), "%s/initrd.cpio", dir);
    FILE *f = fopen(cmd, "rb");
    assert_non_null(f);
    static uint8_t buf[1 << 22];
    size_t len = fread(buf, 1, sizeof(buf), f);
    fclose(f);
    assert_true(len > 0 && len < sizeof(buf));
    uint8_t *copy = copy_of(buf, len);
    struct cpio_reader r;
    struct cpio_entry e;
    int rc, found = 0;
    cpio_init(&r, copy, len);
    while ((rc = cpio_next(&r, &e)) == CPIO_OK)
        if (strcmp(e.name, "etc/motd") == 0 && (e.mode & CPIO_S_IFMT) == CPIO_S_IFREG)
            found++;
    assert_int_equal(rc, CPIO_END);
    assert_int_equal(found, 1);
    free(copy);
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sample_newc),
        cmocka_unit_test(test_sample_crc),
        cmocka_unit_test(test_modes_of_sample),
        cmocka_unit_test(test_crc_mismatch),
        cmocka_unit_test(test_truncated_at_every_length),
        cmocka_unit_test(test_names_are_normalised),
        cmocka_unit_test(test_dotdot_rejected),
        cmocka_unit_test(test_bad_magic),
        cmocka_unit_test(test_every_field_must_be_hex),
        cmocka_unit_test(test_name_sizes),
        cmocka_unit_test(test_file_sizes),
        cmocka_unit_test(test_padding_must_be_zero),
        cmocka_unit_test(test_missing_trailer),
        cmocka_unit_test(test_names_like_the_trailer),
        cmocka_unit_test(test_bytes_after_trailer_ignored),
        cmocka_unit_test(test_error_offset_names_bad_entry),
        cmocka_unit_test(test_normalize),
        cmocka_unit_test(test_strerror_is_distinct),
        cmocka_unit_test(test_archive_from_mkinitrd),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
