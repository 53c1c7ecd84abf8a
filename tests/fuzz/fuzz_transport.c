// libFuzzer target for the transport's handling of decoded DATA and ACK
// payloads (ssi/transport.c): what an authenticated but lying or confused
// peer can send. The input is a sequence of records:
//   op (1 byte), length (2 bytes, big-endian), payload
// op bit 0: DATA or ACK; bits 1-2: which of three peers; bit 3: the peer's
// incarnation goes up by one; bits 4-7: clock advance (x 100 ms) and a tick.
// Before the records, the transport has a message pending to each peer, so
// that ACKs meet real sending state. Checks: reassembly memory stays under
// the cap and matches what the allocator handed out; delivered messages
// have the size announced; every pending message ends exactly once; after a
// long silence everything is freed.
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ssi/transport.h"

#define CAP (64u * 1024)

static long balance;          // bytes allocated and not freed
static int ends[3][TRANSPORT_OUT_MAX + 1];
static struct transport t;

static int f_send(void *ctx, uint32_t ip, uint16_t port, const void *buf, size_t len)
{
    if (len > WIRE_MAX_DATAGRAM)
        abort();
    return 0;
}

static void *f_alloc(void *ctx, size_t n)
{
    balance += (long)n;
    return malloc(n);
}

static void f_free(void *ctx, void *p, size_t n)
{
    balance -= (long)n;
    free(p);
}

static void f_deliver(void *ctx, uint32_t node, uint32_t id, uint32_t reply_to,
                      uint8_t *buf, uint32_t len)
{
    volatile uint8_t sink = 0;
    for (uint32_t i = 0; i < len; i++)
        sink ^= buf[i];
    if (len > TRANSPORT_MSG_MAX)
        abort();
    transport_release(&t, buf, len);
}

static void f_sent(void *ctx, uint32_t node, uint32_t id, int status)
{
    if (node < 1 || node > 3 || id < 1 || id > TRANSPORT_OUT_MAX)
        return;                // a later message (sent again after a failure)
    ends[node - 1][id]++;
}

static void f_unreachable(void *ctx, uint32_t node)
{
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct tp_peer peers[3];
    static uint8_t out[3][5000];
    struct wire_endpoint ep;
    static const uint8_t key[16] = "fuzz-cluster-key";
    wire_endpoint_init(&ep, key, 9, 1);
    struct transport_config cfg;
    transport_default_config(&cfg);
    cfg.mem_cap = CAP;
    struct transport_ops ops = { NULL, f_send, f_alloc, f_free, f_deliver, f_sent, f_unreachable };
    transport_init(&t, &cfg, &ops, &ep, peers, 3);
    balance = 0;
    memset(ends, 0, sizeof(ends));
    uint64_t now = 1000;
    uint32_t inc[3] = { 1, 1, 1 };
    for (uint32_t p = 0; p < 3; p++) {
        uint32_t id;
        memset(out[p], (int)p, sizeof(out[p]));
        if (transport_send(&t, now, p + 1, 0x0a000001u + p, 0, out[p], 4000 + 300 * p, &id) !=
            TRANSPORT_OK || id != 1)
            abort();
    }
    static uint8_t payload[WIRE_MAX_PAYLOAD];
    while (size >= 3) {
        uint8_t op = data[0];
        size_t len = (size_t)((data[1] << 8) | data[2]);
        data += 3;
        size -= 3;
        if (len > size)
            len = size;
        if (len > WIRE_MAX_PAYLOAD)
            len = WIRE_MAX_PAYLOAD;
        memcpy(payload, data, len);
        data += len;
        size -= len;
        uint32_t p = ((op >> 1) & 3) % 3;
        if (op & 8)
            inc[p]++;
        struct wire_msg m;
        memset(&m, 0, sizeof(m));
        m.h.type = (op & 1) ? WIRE_ACK : WIRE_DATA;
        m.h.src = p + 1;
        m.h.dst = 9;
        m.h.incarnation = inc[p];
        m.h.seq = 1;
        m.h.length = (uint32_t)len;
        m.payload = payload;
        m.src_addr = 0x0a000001u + p;
        transport_input(&t, now, &m);
        if (op >> 4) {
            now += (uint64_t)(op >> 4) * 100;
            transport_tick(&t, now);
        }
        if (t.mem_used > CAP || balance != (long)t.mem_used)
            abort();
    }
    // A long silence: pending messages fail, partial messages are dropped.
    transport_tick(&t, now + 10 * TRANSPORT_DEAD_MS);
    transport_tick(&t, now + 20 * TRANSPORT_DEAD_MS);
    if (t.mem_used != 0 || balance != 0)
        abort();
    for (int p = 0; p < 3; p++)
        if (ends[p][1] != 1)
            abort();           // the first message to each peer ended exactly once
    return 0;
}
