// The split calls' pure parts, both halves (see split.h).
#include "ssi/split.h"
#include "kernel/exec.h"
#include "kernel/api/errno.h"
#include "kernel/api/types.h"
#include <string.h>

int split_fork_child(const struct dep_reply *r, uint32_t home)
{
    if (r->ret < 0)
        return r->ret;
    // A cluster pid of home's: home * PID_NODE_SPAN + a number from 1 up.
    if ((uint32_t)r->ret / PID_NODE_SPAN != home || r->ret % PID_NODE_SPAN == 0)
        return -EIO;
    return r->ret;
}

void split_exec_init(struct split_exec *x)
{
    x->max = SPLIT_EXEC_FIRST;
    x->tries = 0;
    x->err = 0;
}

uint32_t split_exec_request(const struct split_exec *x, const char *path, uint8_t *buf,
                            uint32_t size)
{
    size_t plen = strlen(path) + 1;
    if (size < sizeof(struct dep_exec) || plen > size - sizeof(struct dep_exec))
        return 0;
    struct dep_exec e = { x->max };
    memcpy(buf, &e, sizeof(e));
    memcpy(buf + sizeof(e), path, plen);
    return (uint32_t)(sizeof(e) + plen);
}

uint32_t split_exec_reply_max(const struct split_exec *x)
{
    return (uint32_t)sizeof(struct dep_reply) + 4 + x->max;
}

enum split_step split_exec_take(struct split_exec *x, const uint8_t *reply, int n,
                                const uint8_t **file, uint32_t *size)
{
    x->tries++;
    struct dep_reply r;
    uint32_t need;
    const uint8_t *bytes;
    if (n < 0) {
        x->err = n;   // the link failed: home is down or does not answer
        return SPLIT_FAILED;
    }
    if ((uint32_t)n > split_exec_reply_max(x) ||
        !dep_exec_reply_parse(reply, (uint32_t)n, x->max, &r, &need, &bytes)) {
        x->err = -EIO;   // not an answer to what was asked
        return SPLIT_FAILED;
    }
    if (r.ret == -EFBIG && x->tries < SPLIT_EXEC_TRIES && need > x->max &&
        need <= EXEC_FILE_MAX) {
        x->max = need;   // room for all of it, once
        return SPLIT_ASK;
    }
    if (r.ret < 0) {
        x->err = r.ret;
        return SPLIT_FAILED;
    }
    *file = bytes;
    *size = need;
    return SPLIT_GOT_FILE;
}

uint32_t split_exec_reply_size(int err, uint32_t len, uint32_t max)
{
    bool fits = err == 0 && len <= max;
    return (uint32_t)sizeof(struct dep_reply) + 4 + (fits ? len : 0);
}

void split_exec_reply(int err, const char *file, uint32_t len, uint32_t max, uint32_t signals,
                      uint8_t *out)
{
    if (err == 0 && len > max)
        err = -EFBIG;   // the size tells the node how much room to ask for
    struct dep_reply h = { err, signals };
    uint32_t size = err == 0 || err == -EFBIG ? len : 0;
    memcpy(out, &h, sizeof(h));
    memcpy(out + sizeof(h), &size, 4);
    if (err == 0)
        memcpy(out + sizeof(h) + 4, file, len);
}

void split_exit_pack(struct dep_exit *e, int status, uint64_t uticks, uint64_t sticks,
                     uint32_t hz)
{
    uint64_t us_per_tick = 1000000 / hz;
    *e = (struct dep_exit){ status, uticks * us_per_tick, sticks * us_per_tick };
}

void split_exit_times(const struct dep_exit *e, uint32_t hz, uint64_t *uticks,
                      uint64_t *sticks)
{
    uint64_t us_per_tick = 1000000 / hz;
    *uticks = e->utime_us / us_per_tick;
    *sticks = e->stime_us / us_per_tick;
}
