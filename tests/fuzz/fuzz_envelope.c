// libFuzzer target: envelope requests and replies from untrusted bytes
// (kernel/envelope.c). Whatever the bytes, unpacking must not read or write
// out of bounds, must free what it allocated on failure, and an accepted
// request must repack to the same bytes.
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/envelope.h"

static int32_t fake(struct sysreq *r) { return 0; }

static const struct syscall_desc table[] = {
    [1] = { "read", fake, 3, RUN_HOME, { { ARG_VAL, 0, -1, 0, 0 }, { ARG_OUT, ARGF_RETLEN, 2, 0, 0 }, { ARG_VAL, 0, -1, 0, 0 } } },
    [2] = { "write", fake, 3, RUN_HOME, { { ARG_VAL, 0, -1, 0, 0 }, { ARG_IN, 0, 2, 0, 0 }, { ARG_VAL, 0, -1, 0, 0 } } },
    [3] = { "stat", fake, 2, RUN_HOME, { { ARG_STR, 0, -1, 0, 0 }, { ARG_OUT, 0, -1, 52, 0 } } },
    [4] = { "execve", fake, 3, RUN_HOME, { { ARG_STR, 0, -1, 0, 0 }, { ARG_STRV, 0, -1, 0, 0 }, { ARG_STRV, 0, -1, 0, 0 } } },
    [5] = { "sigaction", fake, 3, RUN_LOCAL, { { ARG_VAL, 0, -1, 0, 0 }, { ARG_IN, ARGF_NULLOK, -1, 16, 0 }, { ARG_OUT, ARGF_NULLOK, -1, 16, 0 } } },
};
#define COUNT ((int)(sizeof(table) / sizeof(table[0])))

static int live;
static void *fz_alloc(size_t n) { live++; return malloc(n); }
static void fz_free(void *p) { live--; free(p); }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct sysreq r;
    int res = envelope_unpack_request(table, COUNT, data, size, 8192, &r, fz_alloc, fz_free);
    if (res != ENV_OK) {
        if (live != 0)
            abort();   // a failed unpack leaked a buffer
        return 0;
    }
    const struct syscall_desc *d = &table[r.nr];
    size_t need = envelope_request_size(d, &r), used = 0;
    uint8_t *again = malloc(need);
    if (envelope_pack_request(d, &r, again, need, &used) != ENV_OK || used != size ||
        memcmp(again, data, size) != 0)
        abort();   // accepted bytes must be exactly what packing gives
    free(again);
    // The same bytes as a reply into the unpacked buffers: bounded writes.
    envelope_unpack_reply(d, &r, data, size);
    for (int i = 0; i < SYSCALL_MAXARGS; i++)
        if (r.buf[i])
            fz_free(r.buf[i]);
    return 0;
}
