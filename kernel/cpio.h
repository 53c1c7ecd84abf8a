// Reader of "cpio -H newc" archives: the initrd (tools/mkinitrd.sh) is one.
//
// Each entry is a 110-byte ASCII header (the magic "070701", or "070702"
// when each regular file carries the sum of its bytes as a checksum, then
// thirteen 8-digit hex fields), the name (namesize bytes with its NUL),
// zero padding to a multiple of 4, the file's bytes, and zero padding to a
// multiple of 4 again. The archive ends with an entry named "TRAILER!!!";
// bytes after it are ignored.
//
//     struct cpio_reader r;
//     struct cpio_entry e;
//     int rc;
//     cpio_init(&r, start, len);
//     while ((rc = cpio_next(&r, &e)) == CPIO_OK)
//         use(e.name, e.mode, e.data, e.size);
//     if (rc != CPIO_END)
//         panic("initrd: %s at offset %u", cpio_strerror(rc), r.err_offset);
//
// The reader never reads outside [buf, buf + len), whatever the bytes are.
// Pure: tested in tests/unit/test_cpio.c, fuzzed in tests/fuzz/fuzz_cpio.c.
#ifndef KERNEL_CPIO_H
#define KERNEL_CPIO_H

#include "kernel/types.h"

#define CPIO_HEADER_SIZE  110   // magic (6) and 13 hex fields of 8 digits
#define CPIO_NAME_MAX     256   // longest name kept, with its NUL

// File types in cpio_entry.mode (the same values as POSIX's st_mode).
#define CPIO_S_IFMT   0170000
#define CPIO_S_IFDIR  0040000
#define CPIO_S_IFREG  0100000
#define CPIO_S_IFLNK  0120000
#define CPIO_S_IFCHR  0020000
#define CPIO_S_IFBLK  0060000
#define CPIO_S_IFIFO  0010000

// What cpio_next and cpio_find return. Errors are negative.
enum cpio_result {
    CPIO_OK         = 0,    // an entry was produced
    CPIO_END        = 1,    // the trailer was reached: no more entries
    CPIO_ETRUNC     = -1,   // a header, name or padding runs past the end
    CPIO_EMAGIC     = -2,   // the header does not start with 070701/070702
    CPIO_EFIELD     = -3,   // a header field is not 8 hex digits
    CPIO_ENAMESIZE  = -4,   // namesize is 0 (no room for the NUL)
    CPIO_ENAMELONG  = -5,   // the name does not fit in CPIO_NAME_MAX
    CPIO_ENAME      = -6,   // NUL missing at the end or inside the name
    CPIO_EPATH      = -7,   // the name has a ".." component
    CPIO_ESIZE      = -8,   // the file size runs past the end of the archive
    CPIO_EPAD       = -9,   // padding bytes are not zero
    CPIO_ECHECK     = -10,  // "070702" regular file whose data sum is wrong
    CPIO_ENOTRAILER = -11,  // the archive ends without "TRAILER!!!"
    CPIO_ENOENT     = -12,  // cpio_find: no entry of that name
};

// One entry of the archive, as cpio_next gives it.
struct cpio_entry {
    char name[CPIO_NAME_MAX];   // normalised path: "bin/sh", never "./bin/sh"
    uint32_t mode;              // file type (CPIO_S_IF*) and permission bits
    uint32_t uid;               // owner
    uint32_t gid;               // group
    uint32_t nlink;             // number of links
    uint32_t mtime;             // modification time, seconds since 1970
    uint32_t ino;               // inode number in the archive (hard links)
    uint32_t devmajor;          // device holding the file on the build host
    uint32_t devminor;
    uint32_t rdevmajor;         // for device files: the device they name
    uint32_t rdevminor;
    uint32_t size;              // bytes of data (a symlink's data is its target)
    const uint8_t *data;        // the size bytes, inside the archive
    size_t offset;              // offset of this entry's header in the archive
};

// State of a walk over one archive.
struct cpio_reader {
    const uint8_t *buf;         // the archive
    size_t len;                 // its length in bytes
    size_t pos;                 // offset of the next header
    int done;                   // CPIO_OK while walking, else the sticky result
    size_t err_offset;          // offset of the entry that failed
};

// Start a walk over the len bytes at buf.
void cpio_init(struct cpio_reader *r, const void *buf, size_t len);

// Fill e with the next entry and return CPIO_OK; CPIO_END after the trailer;
// a negative CPIO_E* when the archive is malformed, with r->err_offset set
// to the offset of the bad entry's header. Entries whose name normalises to
// nothing (".") are skipped. Once it has returned something other than
// CPIO_OK it returns the same result again.
int cpio_next(struct cpio_reader *r, struct cpio_entry *e);

// Look up path ("/bin/sh", "./bin/sh" and "bin/sh" are the same) in the
// archive. CPIO_OK with e filled when found, CPIO_ENOENT when the trailer
// comes first, or the error that stopped the walk (*err_offset set when
// err_offset is not NULL).
int cpio_find(const void *buf, size_t len, const char *path,
              struct cpio_entry *e, size_t *err_offset);

// Normalise a path into out (outsize bytes with the NUL): leading "/" and
// "./", empty and "." components and a trailing "/" are dropped, so
// "./bin//./sh/" gives "bin/sh" and "." gives "". Returns the length, or
// CPIO_EPATH for a ".." component, CPIO_ENAMELONG when out is too small.
int cpio_normalize(const char *path, char *out, size_t outsize);

// A short description of a result, e.g. "truncated archive".
const char *cpio_strerror(int result);

#endif
