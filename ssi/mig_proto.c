// Decoding the messages of migration, the deputy and the remote (see
// mig_proto.h). Pure: every length is checked before a byte is read.
#include "ssi/mig_proto.h"
#include "kernel/param.h"
#include "kernel/api/types.h"
#include <string.h>

// The bytes after a fixed part of n bytes, for the caller that wants them.
static void set_rest(const uint8_t *buf, uint32_t len, uint32_t n, const uint8_t **rest,
                     uint32_t *rest_len)
{
    if (rest)
        *rest = buf + n;
    if (rest_len)
        *rest_len = len - n;
}

bool mig_msg_parse(const uint8_t *buf, uint32_t len, struct mig_msg *m, const uint8_t **rest,
                   uint32_t *rest_len)
{
    if (len < sizeof(*m))
        return false;
    memcpy(m, buf, sizeof(*m));
    uint32_t extra = len - (uint32_t)sizeof(*m);
    switch (m->op) {
    case MIG_BEGIN:
    case MIG_PAGES:
        if (extra == 0)
            return false;   // an image header or a page batch follows
        break;
    case MIG_DONE:
    case MIG_GO:
    case MIG_ABORT:
        if (extra != 0)
            return false;
        break;
    default:
        return false;
    }
    set_rest(buf, len, sizeof(*m), rest, rest_len);
    return true;
}

// The index of the first NUL of b's n bytes, or n when there is none.
static uint32_t nul_at(const uint8_t *b, uint32_t n)
{
    uint32_t i = 0;
    while (i < n && b[i] != '\0')
        i++;
    return i;
}

// Is b (n bytes) a dep_exec and then a path: 1..PATH_MAX-1 bytes with no
// NUL but the last?
static bool exec_request_ok(const uint8_t *b, uint32_t n)
{
    if (n < sizeof(struct dep_exec) + 2)
        return false;   // the path holds at least one byte and its NUL
    const uint8_t *path = b + sizeof(struct dep_exec);
    uint32_t plen = n - (uint32_t)sizeof(struct dep_exec);
    if (plen > PATH_MAX)
        return false;
    return nul_at(path, plen) == plen - 1;
}

bool dep_msg_parse(const uint8_t *buf, uint32_t len, struct dep_msg *m, const uint8_t **rest,
                   uint32_t *rest_len)
{
    if (len < sizeof(*m))
        return false;
    memcpy(m, buf, sizeof(*m));
    const uint8_t *b = buf + sizeof(*m);
    uint32_t extra = len - (uint32_t)sizeof(*m);
    bool ok;
    switch (m->op) {
    case DEP_CALL:
        ok = extra > 0;   // an envelope (kernel/envelope.c checks its inside)
        break;
    case DEP_CANCEL:
    case DEP_FORK:
    case DEP_FORGET:
        ok = extra == 0;
        break;
    case DEP_EXIT:
        ok = extra == sizeof(struct dep_exit);
        break;
    case DEP_MOVED:
        ok = extra == sizeof(struct dep_moved);
        break;
    case DEP_STOP: {
        struct dep_stop st;
        ok = extra == sizeof(st);
        if (ok) {
            memcpy(&st, b, sizeof(st));
            ok = st.sig < NSIG;
        }
        break;
    }
    case DEP_RESULT:
        ok = extra == sizeof(struct mig_reply) &&
             nul_at(b + offsetof(struct mig_reply, reason), MIG_REASON_MAX) < MIG_REASON_MAX;
        break;
    case DEP_EXEC_READ:
    case DEP_EXEC_DONE:
        ok = exec_request_ok(b, extra);
        break;
    default:
        ok = false;
        break;
    }
    if (ok)
        set_rest(buf, len, sizeof(*m), rest, rest_len);
    return ok;
}

bool rem_msg_parse(const uint8_t *buf, uint32_t len, struct rem_msg *m)
{
    if (len != sizeof(*m))
        return false;
    memcpy(m, buf, sizeof(*m));
    return m->op == REM_SIGNAL || m->op == REM_GOTO;
}

bool mig_reply_parse(const uint8_t *buf, uint32_t len, struct mig_reply *r)
{
    if (len != sizeof(*r))
        return false;
    memcpy(r, buf, sizeof(*r));
    return nul_at((const uint8_t *)r->reason, MIG_REASON_MAX) < MIG_REASON_MAX;
}

bool dep_reply_parse(const uint8_t *buf, uint32_t len, struct dep_reply *r,
                     const uint8_t **rest, uint32_t *rest_len)
{
    if (len < sizeof(*r))
        return false;
    memcpy(r, buf, sizeof(*r));
    set_rest(buf, len, sizeof(*r), rest, rest_len);
    return true;
}

bool dep_exec_reply_parse(const uint8_t *buf, uint32_t len, uint32_t max, struct dep_reply *r,
                          uint32_t *size, const uint8_t **file)
{
    uint32_t head = (uint32_t)sizeof(*r) + 4;
    if (len < head)
        return false;
    memcpy(r, buf, sizeof(*r));
    memcpy(size, buf + sizeof(*r), 4);
    *file = buf + head;
    if (r->ret < 0)
        return len == head;
    return r->ret == 0 && *size <= max && len - head == *size;
}
