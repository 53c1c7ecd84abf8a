// Packing system calls into envelopes (see envelope.h).
#include "kernel/envelope.h"
#include <string.h>

#define REQ_MAGIC 0x31564E45u   // "ENV1"
#define RPL_MAGIC 0x314C5052u   // "RPL1"
#define NULL_BIT  0x80000000u   // in a length word: the pointer was NULL

static bool carries_in(const struct argspec *a)
{
    return a->kind == ARG_STR || a->kind == ARG_IN || a->kind == ARG_INOUT ||
           a->kind == ARG_STRV;
}

static bool carries_out(const struct argspec *a)
{
    return a->kind == ARG_OUT || a->kind == ARG_INOUT;
}

static bool is_pointer(const struct argspec *a)
{
    return a->kind != ARG_NONE && a->kind != ARG_VAL;
}

// A cursor over a byte buffer, writing or reading little-endian words.
struct cursor {
    uint8_t *w;          // writing: the buffer
    const uint8_t *r;    // reading: the buffer
    size_t pos, cap;
};

static bool put32(struct cursor *c, uint32_t v)
{
    if (c->cap - c->pos < 4)
        return false;
    for (int i = 0; i < 4; i++)
        c->w[c->pos++] = (uint8_t)(v >> (8 * i));
    return true;
}

static bool put_bytes(struct cursor *c, const void *p, uint32_t n)
{
    if (!put32(c, n) || c->cap - c->pos < n)
        return false;
    if (n)
        memcpy(c->w + c->pos, p, n);
    c->pos += n;
    return true;
}

static bool get32(struct cursor *c, uint32_t *v)
{
    if (c->cap - c->pos < 4)
        return false;
    *v = 0;
    for (int i = 0; i < 4; i++)
        *v |= (uint32_t)c->r[c->pos++] << (8 * i);
    return true;
}

// The length r's buffer i has, or 0 when the argument was NULL.
static uint32_t buflen(const struct sysreq *r, int i)
{
    return r->buf[i] ? r->len[i] : 0;
}

// Bytes of outgoing argument i that travel in the reply.
static uint32_t out_bytes(const struct argspec *a, const struct sysreq *r, int i)
{
    uint32_t n = buflen(r, i);
    if (a->flags & ARGF_RETLEN)
        n = r->ret <= 0 ? 0 : ((uint32_t)r->ret < n ? (uint32_t)r->ret : n);
    return n;
}

size_t envelope_request_size(const struct syscall_desc *d, const struct sysreq *r)
{
    size_t n = 4 + 4 + 4 * SYSCALL_MAXARGS;
    for (int i = 0; i < d->nargs; i++) {
        if (carries_in(&d->arg[i]))
            n += 4 + buflen(r, i);
        else if (is_pointer(&d->arg[i]))
            n += 4;   // an ARG_OUT travels as its length only
    }
    return n;   // every pointer argument: a length word (NULL_BIT if NULL), then any bytes
}

int envelope_pack_request(const struct syscall_desc *d, const struct sysreq *r,
                          uint8_t *out, size_t cap, size_t *used)
{
    struct cursor c = { out, NULL, 0, cap };
    bool ok = put32(&c, REQ_MAGIC) && put32(&c, r->nr);
    for (int i = 0; ok && i < SYSCALL_MAXARGS; i++)
        ok = put32(&c, r->arg[i]);
    for (int i = 0; ok && i < d->nargs; i++) {
        const struct argspec *a = &d->arg[i];
        if (!is_pointer(a))
            continue;
        if (!r->buf[i])
            ok = put32(&c, NULL_BIT);
        else if (carries_in(a))
            ok = put_bytes(&c, r->buf[i], r->len[i]);
        else
            ok = put32(&c, r->len[i]);
    }
    if (!ok)
        return ENV_ENOSPC;
    *used = c.pos;
    return ENV_OK;
}

// Is n an acceptable length for argument a?
static bool len_ok(const struct argspec *a, uint32_t n, size_t max_buf)
{
    if (a->kind == ARG_STR)
        return n >= 1 && n <= max_buf;   // at least the NUL
    if (a->kind == ARG_STRV)
        return n >= 4 && n <= max_buf;   // at least the count
    if (a->len < 0 && a->kind != ARG_STRV && !a->sizefn)
        return n == a->size;
    return n <= max_buf;
}

// Is buf (n bytes) a well-formed string list: a little-endian count, then
// exactly that many NUL-terminated strings and nothing after them?
static bool strv_ok(const uint8_t *buf, uint32_t n)
{
    uint32_t count = (uint32_t)buf[0] | (uint32_t)buf[1] << 8 |
                     (uint32_t)buf[2] << 16 | (uint32_t)buf[3] << 24;
    uint32_t pos = 4;
    for (uint32_t k = 0; k < count; k++) {
        while (pos < n && buf[pos] != 0)
            pos++;
        if (pos >= n)
            return false;   // the count promises more strings than there are
        pos++;
    }
    return pos == n;
}

// Free the buffers of r that unpack_request allocated: all of them, or
// when borrow, the outgoing ones only.
static void free_unpacked(const struct syscall_desc *d, struct sysreq *r, bool borrow,
                          void (*release)(void *))
{
    for (int i = 0; i < SYSCALL_MAXARGS; i++) {
        if (r->buf[i] && !(borrow && i < d->nargs && carries_in(&d->arg[i])))
            release(r->buf[i]);
        r->buf[i] = NULL;
        r->len[i] = 0;
    }
}

static int unpack_request(const struct syscall_desc *table, int count, const uint8_t *in,
                          size_t len, size_t max_buf, struct sysreq *r, bool borrow,
                          void *(*alloc)(size_t), void (*release)(void *))
{
    struct cursor c = { NULL, in, 0, len };
    memset(r, 0, sizeof(*r));
    uint32_t magic, nr;
    if (len > ENVELOPE_MAX)
        return ENV_ELEN;
    if (!get32(&c, &magic) || !get32(&c, &nr))
        return ENV_ETRUNC;
    if (magic != REQ_MAGIC)
        return ENV_EMAGIC;
    if (nr >= (uint32_t)count || !table[nr].fn)
        return ENV_ENOSYS;
    r->nr = nr;
    for (int i = 0; i < SYSCALL_MAXARGS; i++)
        if (!get32(&c, &r->arg[i]))
            return ENV_ETRUNC;
    const struct syscall_desc *d = &table[nr];
    int err = ENV_OK;
    for (int i = 0; err == ENV_OK && i < d->nargs; i++) {
        const struct argspec *a = &d->arg[i];
        if (!is_pointer(a))
            continue;
        uint32_t n;
        if (!get32(&c, &n)) {
            err = ENV_ETRUNC;
            break;
        }
        if (n == NULL_BIT) {
            if (!(a->flags & ARGF_NULLOK)) {
                err = ENV_ELEN;
                break;
            }
            continue;   // a NULL pointer: the handler sees NULL
        }
        if (!len_ok(a, n, max_buf)) {
            err = ENV_ELEN;
            break;
        }
        if (carries_in(a) && c.cap - c.pos < n) {
            err = ENV_ETRUNC;
            break;
        }
        if (carries_in(a) && borrow)
            r->buf[i] = (void *)(c.r + c.pos);   // the bytes where they are
        else
            r->buf[i] = alloc(n ? n : 1);
        if (!r->buf[i]) {
            err = ENV_ENOMEM;
            break;
        }
        r->len[i] = n;
        if (carries_in(a)) {
            if (!borrow)
                memcpy(r->buf[i], c.r + c.pos, n);
            c.pos += n;
            // A string must end in its NUL, or the handler would run off it;
            // a string list must hold exactly the strings its count says.
            if (a->kind == ARG_STR && ((char *)r->buf[i])[n - 1] != '\0')
                err = ENV_ELEN;
            if (a->kind == ARG_STRV && !strv_ok(r->buf[i], n))
                err = ENV_ELEN;
        } else if (!(a->flags & ARGF_RETLEN)) {
            memset(r->buf[i], 0, n ? n : 1);   // see envelope.h
        }
    }
    if (err == ENV_OK && c.pos != c.cap)
        err = ENV_ETRAIL;
    if (err != ENV_OK)
        free_unpacked(d, r, borrow, release);
    return err;
}

int envelope_unpack_request(const struct syscall_desc *table, int count,
                            const uint8_t *in, size_t len, size_t max_buf, struct sysreq *r,
                            void *(*alloc)(size_t), void (*release)(void *))
{
    return unpack_request(table, count, in, len, max_buf, r, false, alloc, release);
}

int envelope_unpack_request_borrowed(const struct syscall_desc *table, int count,
                                     const uint8_t *in, size_t len, size_t max_buf,
                                     struct sysreq *r, void *(*alloc)(size_t),
                                     void (*release)(void *))
{
    return unpack_request(table, count, in, len, max_buf, r, true, alloc, release);
}

void envelope_free_borrowed(const struct syscall_desc *d, struct sysreq *r,
                            void (*release)(void *))
{
    free_unpacked(d, r, true, release);
}

size_t envelope_reply_size(const struct syscall_desc *d, const struct sysreq *r)
{
    size_t n = 8;
    for (int i = 0; i < d->nargs; i++)
        if (carries_out(&d->arg[i]))
            n += 4 + out_bytes(&d->arg[i], r, i);
    return n;
}

size_t envelope_reply_max(const struct syscall_desc *d, const struct sysreq *r)
{
    size_t n = 8;
    for (int i = 0; i < d->nargs; i++)
        if (carries_out(&d->arg[i]))
            n += 4 + buflen(r, i);
    return n;
}

int envelope_pack_reply(const struct syscall_desc *d, const struct sysreq *r,
                        uint8_t *out, size_t cap, size_t *used)
{
    struct cursor c = { out, NULL, 0, cap };
    bool ok = put32(&c, RPL_MAGIC) && put32(&c, (uint32_t)r->ret);
    for (int i = 0; ok && i < d->nargs; i++)
        if (carries_out(&d->arg[i]))
            ok = put_bytes(&c, r->buf[i], out_bytes(&d->arg[i], r, i));
    if (!ok)
        return ENV_ENOSPC;
    *used = c.pos;
    return ENV_OK;
}

int envelope_unpack_reply(const struct syscall_desc *d, struct sysreq *r,
                          const uint8_t *in, size_t len)
{
    struct cursor c = { NULL, in, 0, len };
    uint32_t magic, ret;
    if (!get32(&c, &magic) || !get32(&c, &ret))
        return ENV_ETRUNC;
    if (magic != RPL_MAGIC)
        return ENV_EMAGIC;
    r->ret = (int32_t)ret;
    for (int i = 0; i < d->nargs; i++) {
        if (!carries_out(&d->arg[i]))
            continue;
        uint32_t n;
        if (!get32(&c, &n))
            return ENV_ETRUNC;
        if (n > buflen(r, i))
            return ENV_ELEN;
        // A read-like buffer is not zeroed (envelope.h), and its first ret
        // bytes go to the user: the reply must carry exactly those.
        if ((d->arg[i].flags & ARGF_RETLEN) && n != out_bytes(&d->arg[i], r, i))
            return ENV_ELEN;
        if (c.cap - c.pos < n)
            return ENV_ETRUNC;
        if (n)
            memcpy(r->buf[i], c.r + c.pos, n);
        c.pos += n;
    }
    return c.pos == c.cap ? ENV_OK : ENV_ETRAIL;
}
