// Cluster datagram encoding and checking (see wire.h). Pure: tested in
// tests/unit and fuzzed in tests/fuzz.
#include "ssi/wire.h"
#include <string.h>

void wire_put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

void wire_put32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (24 - 8 * i));
}

void wire_put64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (uint8_t)(v >> (56 - 8 * i));
}

uint16_t wire_get16(const uint8_t *p)
{
    return (uint16_t)((p[0] << 8) | p[1]);
}

uint32_t wire_get32(const uint8_t *p)
{
    uint32_t v = 0;
    for (int i = 0; i < 4; i++)
        v = (v << 8) | p[i];
    return v;
}

uint64_t wire_get64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v = (v << 8) | p[i];
    return v;
}

void wire_endpoint_init(struct wire_endpoint *ep, const uint8_t key[WIRE_KEY_SIZE],
                        uint32_t node, uint32_t incarnation)
{
    memcpy(ep->key, key, WIRE_KEY_SIZE);
    ep->node = node;
    ep->incarnation = incarnation;
    ep->next_seq = 1;
}

void wire_receiver_init(struct wire_receiver *rx, const uint8_t key[WIRE_KEY_SIZE],
                        uint32_t node, struct replay_table *replay)
{
    memcpy(rx->key, key, WIRE_KEY_SIZE);
    rx->node = node;
    rx->replay = replay;
    memset(&rx->stats, 0, sizeof(rx->stats));
}

bool wire_type_known(uint8_t type)
{
    return type == WIRE_HELLO || type == WIRE_GOSSIP || type == WIRE_DATA || type == WIRE_ACK;
}

size_t wire_encode(struct wire_endpoint *ep, uint8_t type, uint32_t dst,
                   const void *payload, size_t len, uint8_t *out, size_t cap)
{
    if (len > WIRE_MAX_PAYLOAD)
        return 0;
    size_t total = WIRE_HEADER_SIZE + len + WIRE_MAC_SIZE;
    if (total > cap)
        return 0;
    wire_put32(out + 0, WIRE_MAGIC);
    out[4] = WIRE_VERSION;
    out[5] = type;
    wire_put16(out + 6, 0);
    wire_put32(out + 8, ep->node);
    wire_put32(out + 12, dst);
    wire_put32(out + 16, ep->incarnation);
    wire_put64(out + 20, ep->next_seq++);
    wire_put32(out + 28, (uint32_t)len);
    if (len)
        memmove(out + WIRE_HEADER_SIZE, payload, len);
    uint64_t mac = siphash24(ep->key, out, WIRE_HEADER_SIZE + len);
    wire_put64(out + WIRE_HEADER_SIZE + len, mac);
    return total;
}

// Compare two 8-byte tags in time independent of where they differ.
static bool tag_equal(const uint8_t *a, const uint8_t *b)
{
    uint8_t diff = 0;
    for (int i = 0; i < WIRE_MAC_SIZE; i++)
        diff |= a[i] ^ b[i];
    return diff == 0;
}

// Map a replay verdict to the reason counted for it.
static enum wire_reason replay_reason(enum replay_verdict v)
{
    switch (v) {
    case REPLAY_OK:                   return WIRE_OK;
    case REPLAY_DUPLICATE:            return WIRE_REPLAYED;
    case REPLAY_TOO_OLD:              return WIRE_OLD_SEQ;
    case REPLAY_OLD_INCARNATION:      return WIRE_OLD_INCARNATION;
    case REPLAY_CONFLICT_ADDR:        return WIRE_ID_CONFLICT_ADDR;
    case REPLAY_CONFLICT_INCARNATION: return WIRE_ID_CONFLICT_INCARNATION;
    case REPLAY_TABLE_FULL:           return WIRE_NO_SLOT;
    }
    return WIRE_NO_SLOT;
}

// The checks of wire_decode up to (not including) replay; fills *msg.
static enum wire_reason check(const struct wire_receiver *rx, const uint8_t *buf,
                              size_t len, struct wire_msg *msg)
{
    if (len < WIRE_HEADER_SIZE + WIRE_MAC_SIZE)
        return WIRE_TOO_SHORT;
    if (wire_get32(buf) != WIRE_MAGIC)
        return WIRE_BAD_MAGIC;
    if (buf[4] != WIRE_VERSION)
        return WIRE_BAD_VERSION;
    uint32_t plen = wire_get32(buf + 28);
    if (len > WIRE_MAX_DATAGRAM || plen != len - WIRE_HEADER_SIZE - WIRE_MAC_SIZE)
        return WIRE_BAD_LENGTH;
    uint8_t tag[WIRE_MAC_SIZE];
    wire_put64(tag, siphash24(rx->key, buf, WIRE_HEADER_SIZE + plen));
    if (!tag_equal(tag, buf + WIRE_HEADER_SIZE + plen))
        return WIRE_BAD_MAC;
    if (!wire_type_known(buf[5]))
        return WIRE_BAD_TYPE;
    msg->h.type = buf[5];
    msg->h.flags = wire_get16(buf + 6);
    msg->h.src = wire_get32(buf + 8);
    msg->h.dst = wire_get32(buf + 12);
    msg->h.incarnation = wire_get32(buf + 16);
    msg->h.seq = wire_get64(buf + 20);
    msg->h.length = plen;
    msg->payload = buf + WIRE_HEADER_SIZE;
    if (msg->h.dst != rx->node && msg->h.dst != WIRE_NODE_BROADCAST)
        return WIRE_NOT_FOR_US;
    return WIRE_OK;
}

enum wire_reason wire_decode(struct wire_receiver *rx, const uint8_t *buf, size_t len,
                             uint32_t src_addr, uint64_t now_ms, struct wire_msg *msg)
{
    struct wire_msg m;
    enum wire_reason r = check(rx, buf, len, &m);
    bool authentic = r == WIRE_OK || r == WIRE_NOT_FOR_US;
    m.src_addr = src_addr;
    if (r == WIRE_OK)
        r = replay_reason(replay_check(rx->replay, m.h.src, src_addr, m.h.incarnation,
                                       m.h.seq, now_ms));
    if (authentic)
        *msg = m;
    if (r != WIRE_OK) {
        rx->stats.dropped[r]++;
        return r;
    }
    rx->stats.accepted++;
    return WIRE_OK;
}

const char *wire_reason_name(enum wire_reason reason)
{
    static const char *const names[WIRE_NREASONS] = {
        [WIRE_OK] = "ok",
        [WIRE_TOO_SHORT] = "too_short",
        [WIRE_BAD_MAGIC] = "bad_magic",
        [WIRE_BAD_VERSION] = "bad_version",
        [WIRE_BAD_LENGTH] = "bad_length",
        [WIRE_BAD_MAC] = "bad_mac",
        [WIRE_BAD_TYPE] = "bad_type",
        [WIRE_NOT_FOR_US] = "not_for_us",
        [WIRE_REPLAYED] = "replayed",
        [WIRE_OLD_SEQ] = "old_seq",
        [WIRE_OLD_INCARNATION] = "old_incarnation",
        [WIRE_ID_CONFLICT_ADDR] = "id_conflict_addr",
        [WIRE_ID_CONFLICT_INCARNATION] = "id_conflict_incarnation",
        [WIRE_NO_SLOT] = "no_slot",
    };
    if ((unsigned)reason >= WIRE_NREASONS)
        return "?";
    return names[reason];
}
