// libFuzzer target: the messages of migration, the deputy and the remote
// (ssi/mig_proto.c) from untrusted bytes. Whatever the bytes, every decoder
// stays in bounds, and what one accepts keeps the promises the kernel
// relies on: the bytes after the fixed part lie inside the message, an
// exec path ends in its only NUL, a reason is NUL-terminated, an exec
// answer's file fits both the answer and the room asked for.
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ssi/mig_proto.h"
#include "kernel/api/types.h"
#include "kernel/param.h"

static void inside(const uint8_t *data, size_t size, const uint8_t *rest, uint32_t rlen)
{
    if (rest < data || rest > data + size || rlen > (size_t)(data + size - rest))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint32_t len = (uint32_t)size;
    const uint8_t *rest;
    uint32_t rlen;
    struct mig_msg mm;
    if (mig_msg_parse(data, len, &mm, &rest, &rlen))
        inside(data, size, rest, rlen);

    struct dep_msg dm;
    if (dep_msg_parse(data, len, &dm, &rest, &rlen)) {
        inside(data, size, rest, rlen);
        if (dm.op == DEP_EXEC_READ || dm.op == DEP_EXEC_DONE) {
            const char *path = (const char *)rest + sizeof(struct dep_exec);
            size_t n = rlen - sizeof(struct dep_exec);
            if (strnlen(path, n) != n - 1 || n > PATH_MAX)
                abort();
        }
        if (dm.op == DEP_RESULT) {
            struct mig_reply r;
            if (!mig_reply_parse(rest, rlen, &r))
                abort();   // what the deputy takes for a result must decode as one
        }
        if (dm.op == DEP_STOP) {
            struct dep_stop st;
            memcpy(&st, rest, sizeof(st));
            if (rlen != sizeof(st) || st.sig >= NSIG)
                abort();   // the deputy sets stop_sig from it unchecked
        }
    }

    struct rem_msg rm;
    if (rem_msg_parse(data, len, &rm) && size != sizeof(rm))
        abort();

    struct mig_reply r;
    if (mig_reply_parse(data, len, &r) && strnlen(r.reason, MIG_REASON_MAX) == MIG_REASON_MAX)
        abort();

    struct dep_reply d;
    if (dep_reply_parse(data, len, &d, &rest, &rlen))
        inside(data, size, rest, rlen);

    uint32_t fsize, max = size > 0 ? data[0] * 16u : 0;
    const uint8_t *file;
    if (dep_exec_reply_parse(data, len, max, &d, &fsize, &file)) {
        if (d.ret == 0 && (fsize > max || file + fsize != data + size))
            abort();
        if (d.ret < 0 && file != data + size)
            abort();
    }
    return 0;
}
