// libFuzzer target for the cluster datagram decoder (ssi/wire.c) with its
// replay windows (ssi/replay.c). The input is a sequence of records:
//   flags (1 byte), length (2 bytes, big-endian), bytes
// Each record is one datagram. When flags bit 0 is set, the record's last 8
// bytes are replaced by the right MAC, so that the checks after the MAC
// (type, destination, replay, id conflicts) are reached with fuzzed header
// fields; bit 1 picks the source address; bits 2-7 advance the clock.
// Checks: every call is counted once, an accepted datagram's payload lies
// inside it and matches its header, and the replay window never accepts the
// same (sender, incarnation, sequence) twice.
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ssi/wire.h"

#define SEEN_MAX 4096

static const uint8_t key[16] = "fuzz-cluster-key";

// (sender, incarnation, sequence) accepted so far.
struct seen {
    uint32_t src, inc;
    uint64_t seq;
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct seen seen[SEEN_MAX];
    struct replay_window slots[4];
    struct replay_table rt;
    struct wire_receiver rx;
    replay_init(&rt, slots, 4);
    wire_receiver_init(&rx, key, 9, &rt);
    uint8_t buf[WIRE_MAX_DATAGRAM + 64];
    uint64_t now = 1000;
    uint32_t calls = 0, nseen = 0;

    while (size >= 3) {
        uint8_t flags = data[0];
        size_t len = (size_t)((data[1] << 8) | data[2]);
        data += 3;
        size -= 3;
        if (len > size)
            len = size;
        if (len > sizeof(buf))
            len = sizeof(buf);
        memcpy(buf, data, len);
        data += len;
        size -= len;
        if ((flags & 1) && len >= WIRE_MAC_SIZE)
            wire_put64(buf + len - WIRE_MAC_SIZE, siphash24(key, buf, len - WIRE_MAC_SIZE));
        uint32_t addr = (flags & 2) ? 0x0a000001u : 0x0a000002u;
        now += (uint64_t)(flags >> 2) * 1000;

        // Decode from a heap copy of exactly len bytes: ASan sees overreads.
        uint8_t *d = malloc(len ? len : 1);
        memcpy(d, buf, len);
        struct wire_msg m;
        enum wire_reason r = wire_decode(&rx, d, len, addr, now, &m);
        calls++;
        if (r == WIRE_OK) {
            if (m.payload != d + WIRE_HEADER_SIZE ||
                len != WIRE_HEADER_SIZE + (size_t)m.h.length + WIRE_MAC_SIZE ||
                !wire_type_known(m.h.type) || m.h.seq == 0 || m.src_addr != addr ||
                (m.h.dst != 9 && m.h.dst != WIRE_NODE_BROADCAST))
                abort();
            volatile uint8_t sink = 0;
            for (uint32_t i = 0; i < m.h.length; i++)
                sink ^= m.payload[i];
            for (uint32_t i = 0; i < nseen; i++)
                if (seen[i].src == m.h.src && seen[i].inc == m.h.incarnation &&
                    seen[i].seq == m.h.seq)
                    abort();                   // accepted twice: a replay got through
            if (nseen < SEEN_MAX)
                seen[nseen++] = (struct seen){ m.h.src, m.h.incarnation, m.h.seq };
        } else if ((unsigned)r >= WIRE_NREASONS) {
            abort();
        }
        free(d);
        uint32_t total = rx.stats.accepted;
        for (int i = 1; i < WIRE_NREASONS; i++)
            total += rx.stats.dropped[i];
        if (total != calls || rx.stats.dropped[0] != 0)
            abort();
    }
    return 0;
}
