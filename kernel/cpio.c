// Reader of "cpio -H newc" archives (see cpio.h). Pure: tested in
// tests/unit/test_cpio.c, fuzzed in tests/fuzz/fuzz_cpio.c.
//
// Every offset is checked against the bytes that remain before it is used,
// by subtraction (len - pos), so no sum can wrap around.
#include "kernel/cpio.h"
#include <string.h>

#define MAGIC_LEN      6
#define FIELD_LEN      8
#define NFIELDS        13

// Order of the hex fields after the magic.
enum field {
    F_INO, F_MODE, F_UID, F_GID, F_NLINK, F_MTIME, F_FILESIZE,
    F_DEVMAJOR, F_DEVMINOR, F_RDEVMAJOR, F_RDEVMINOR, F_NAMESIZE, F_CHECK,
};

static const char trailer[] = "TRAILER!!!";

void cpio_init(struct cpio_reader *r, const void *buf, size_t len)
{
    r->buf = buf;
    r->len = len;
    r->pos = 0;
    r->done = CPIO_OK;
    r->err_offset = 0;
}

// Bytes of padding that bring offset up to a multiple of 4.
static size_t pad4(size_t offset)
{
    return (4 - (offset & 3)) & 3;
}

// Parse the 8 hex digits at p into *out; false when one is not a hex digit.
static bool parse_hex(const uint8_t *p, uint32_t *out)
{
    uint32_t v = 0;
    for (int i = 0; i < FIELD_LEN; i++) {
        uint8_t c = p[i];
        uint32_t d;
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if (c >= 'a' && c <= 'f')
            d = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            d = c - 'A' + 10;
        else
            return false;
        v = (v << 4) | d;
    }
    *out = v;
    return true;
}

// True when the n bytes at p are all zero.
static bool all_zero(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != 0)
            return false;
    return true;
}

int cpio_normalize(const char *path, char *out, size_t outsize)
{
    size_t n = 0;
    const char *p = path;
    if (outsize == 0)
        return CPIO_ENAMELONG;
    while (*p) {
        while (*p == '/')
            p++;
        const char *comp = p;
        while (*p && *p != '/')
            p++;
        size_t clen = (size_t)(p - comp);
        if (clen == 0 || (clen == 1 && comp[0] == '.'))
            continue;
        if (clen == 2 && comp[0] == '.' && comp[1] == '.')
            return CPIO_EPATH;
        size_t need = clen + (n > 0 ? 1 : 0);
        if (need >= outsize - n)   // keep one byte for the NUL
            return CPIO_ENAMELONG;
        if (n > 0)
            out[n++] = '/';
        memcpy(out + n, comp, clen);
        n += clen;
    }
    out[n] = '\0';
    return (int)n;
}

// Stop the walk with result rc, blaming the entry whose header is at offset.
static int fail(struct cpio_reader *r, int rc, size_t offset)
{
    r->done = rc;
    r->err_offset = offset;
    return rc;
}

// Parse the entry at r->pos into e and advance past it. CPIO_OK, CPIO_END
// for the trailer, or an error (the reader is left where it was).
static int read_entry(struct cpio_reader *r, struct cpio_entry *e)
{
    size_t start = r->pos;
    size_t left = r->len - start;
    const uint8_t *h = r->buf + start;
    uint32_t f[NFIELDS];

    if (left == 0)
        return CPIO_ENOTRAILER;
    if (left < CPIO_HEADER_SIZE)
        return CPIO_ETRUNC;
    if (memcmp(h, "07070", 5) != 0 || (h[5] != '1' && h[5] != '2'))
        return CPIO_EMAGIC;
    bool checked = h[5] == '2';
    for (int i = 0; i < NFIELDS; i++)
        if (!parse_hex(h + MAGIC_LEN + i * FIELD_LEN, &f[i]))
            return CPIO_EFIELD;

    // The name, its NUL and its padding.
    uint32_t namesize = f[F_NAMESIZE];
    if (namesize == 0)
        return CPIO_ENAMESIZE;
    if (namesize > CPIO_NAME_MAX)
        return CPIO_ENAMELONG;
    size_t pos = start + CPIO_HEADER_SIZE;
    if (namesize > r->len - pos)
        return CPIO_ETRUNC;
    const char *name = (const char *)(r->buf + pos);
    if (name[namesize - 1] != '\0' || strlen(name) != namesize - 1)
        return CPIO_ENAME;
    pos += namesize;
    size_t pad = pad4(pos - start);
    if (pad > r->len - pos)
        return CPIO_ETRUNC;
    if (!all_zero(r->buf + pos, pad))
        return CPIO_EPAD;
    pos += pad;

    // The data and its padding.
    uint32_t size = f[F_FILESIZE];
    if (size > r->len - pos)
        return CPIO_ESIZE;
    const uint8_t *data = r->buf + pos;
    pos += size;
    pad = pad4(pos - start);
    if (pad > r->len - pos)
        return CPIO_ETRUNC;
    if (!all_zero(r->buf + pos, pad))
        return CPIO_EPAD;
    pos += pad;

    // GNU cpio sums the data of regular files only (a symlink's is 0).
    if (checked && (f[F_MODE] & CPIO_S_IFMT) == CPIO_S_IFREG) {
        uint32_t sum = 0;
        for (uint32_t i = 0; i < size; i++)
            sum += data[i];
        if (sum != f[F_CHECK])
            return CPIO_ECHECK;
    }
    if (strcmp(name, trailer) == 0)
        return CPIO_END;
    int n = cpio_normalize(name, e->name, sizeof(e->name));
    if (n < 0)
        return n;

    e->mode = f[F_MODE];
    e->uid = f[F_UID];
    e->gid = f[F_GID];
    e->nlink = f[F_NLINK];
    e->mtime = f[F_MTIME];
    e->ino = f[F_INO];
    e->devmajor = f[F_DEVMAJOR];
    e->devminor = f[F_DEVMINOR];
    e->rdevmajor = f[F_RDEVMAJOR];
    e->rdevminor = f[F_RDEVMINOR];
    e->size = size;
    e->data = data;
    e->offset = start;
    r->pos = pos;
    return CPIO_OK;
}

int cpio_next(struct cpio_reader *r, struct cpio_entry *e)
{
    while (r->done == CPIO_OK) {
        int rc = read_entry(r, e);
        if (rc == CPIO_END) {
            r->done = CPIO_END;
            break;
        }
        if (rc < 0)
            return fail(r, rc, r->pos);
        if (e->name[0] != '\0')
            return CPIO_OK;
    }
    return r->done;
}

int cpio_find(const void *buf, size_t len, const char *path,
              struct cpio_entry *e, size_t *err_offset)
{
    char want[CPIO_NAME_MAX];
    int rc = cpio_normalize(path, want, sizeof(want));
    if (rc < 0)
        return rc;
    struct cpio_reader r;
    cpio_init(&r, buf, len);
    while ((rc = cpio_next(&r, e)) == CPIO_OK)
        if (strcmp(e->name, want) == 0)
            return CPIO_OK;
    if (rc == CPIO_END)
        return CPIO_ENOENT;
    if (err_offset)
        *err_offset = r.err_offset;
    return rc;
}

const char *cpio_strerror(int result)
{
    switch (result) {
    case CPIO_OK:         return "ok";
    case CPIO_END:        return "end of archive";
    case CPIO_ETRUNC:     return "truncated archive";
    case CPIO_EMAGIC:     return "bad magic (not a newc cpio archive)";
    case CPIO_EFIELD:     return "header field is not hexadecimal";
    case CPIO_ENAMESIZE:  return "name size is zero";
    case CPIO_ENAMELONG:  return "name too long";
    case CPIO_ENAME:      return "name not NUL-terminated";
    case CPIO_EPATH:      return "name contains a '..' component";
    case CPIO_ESIZE:      return "file size runs past the end of the archive";
    case CPIO_EPAD:       return "padding is not zero";
    case CPIO_ECHECK:     return "checksum mismatch";
    case CPIO_ENOTRAILER: return "archive ends without TRAILER!!!";
    case CPIO_ENOENT:     return "no such entry";
    default:              return "unknown cpio error";
    }
}
