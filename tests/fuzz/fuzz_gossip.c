// libFuzzer target for the gossip payload decoder and merge (ssi/gossip.c,
// ssi/loadvec.c). The input is a sequence of records:
//   op (1 byte), length (2 bytes, big-endian), payload
// op bit 0: HELLO or GOSSIP; bits 1-3: sender id 1..8 (id 1 is the node's
// own); bit 4: sender address as expected or another one; bits 5-7: clock
// advance (x 1 s) and a gossip round. The sender's incarnation is read from
// its first entry, so that the decoder's deeper checks are reached. Checks:
// the vector stays within its capacity and consistent with its index, every
// payload the node builds passes the decoder, and no entry has node id 0.
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ssi/gossip.h"
#include "ssi/wire.h"

#define CAP 16

static int f_emit(void *ctx, uint32_t node, uint32_t addr, uint8_t type,
                  const void *payload, size_t len)
{
    if (len > GOSSIP_MAX_PAYLOAD || gossip_check(payload, len) == 0)
        abort();
    return 0;
}

static void f_conflict(void *ctx, uint32_t node, uint32_t kept, uint32_t other, bool lose)
{
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct lv_entry e[CAP];
    struct lv_slot idx[2 * CAP];
    struct loadvec lv;
    static struct gossip g;
    loadvec_init(&lv, e, CAP, idx, 2 * CAP);
    struct gossip_config cfg;
    gossip_default_config(&cfg);
    struct gossip_ops ops = { NULL, f_emit, f_conflict };
    gossip_init(&g, &cfg, &ops, &lv, 1, 0x0a000001u, 3, 42);
    uint64_t now = 5000;
    while (size >= 3) {
        uint8_t op = data[0];
        size_t len = (size_t)((data[1] << 8) | data[2]);
        data += 3;
        size -= 3;
        if (len > size)
            len = size;
        uint8_t *p = malloc(len ? len : 1);      // exact size: ASan sees overreads
        memcpy(p, data, len);
        data += len;
        size -= len;
        uint32_t src = ((op >> 1) & 7) + 1;
        uint32_t addr = (op & 16) ? 0x0b000000u + src : 0x0a000000u + src;
        uint32_t inc = len >= 16 ? wire_get32(p + 12) : 0;
        bool reply;
        enum gossip_rx r = gossip_receive(&g, now, (op & 1) ? WIRE_HELLO : WIRE_GOSSIP, src,
                                          addr, inc, p, len, &reply);
        if (r != GOSSIP_RX_OK && r != GOSSIP_RX_MALFORMED && r != GOSSIP_RX_CONFLICT)
            abort();
        if (gossip_check(p, len)) {
            struct lv_entry x;
            uint32_t age;
            gossip_entry_decode(p, gossip_check(p, len) - 1, &x, &age);
        }
        free(p);
        if (op >> 5) {
            now += (uint64_t)(op >> 5) * 1000;
            gossip_round(&g, now);
        }
        if (reply || (op & 0x20)) {
            uint8_t buf[GOSSIP_MAX_PAYLOAD];
            size_t n = gossip_build(&g, now, src, buf, sizeof(buf));
            if (!g.excluded && (n == 0 || gossip_check(buf, n) == 0))
                abort();
        }
        if (lv.count > CAP)
            abort();
        for (uint32_t i = 0; i < lv.count; i++)
            if (lv.e[i].node == LV_NODE_NONE || loadvec_find(&lv, lv.e[i].node) != &lv.e[i])
                abort();
    }
    return 0;
}
