// Unit tests of the cluster datagram format (ssi/wire.c): round trip, byte
// layout, and every drop reason in the order the decoder checks them.
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <stdio.h>
#include <cmocka.h>

#include "ssi/wire.h"

#define ADDR_A 0x0a4d000bu
#define ADDR_B 0x0a4d000cu

static const uint8_t key[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
static struct wire_endpoint ep;       // node 5 sends
static struct wire_receiver rx;       // node 9 receives
static struct replay_window slots[16];
static struct replay_table rt;

static int setup(void **state)
{
    wire_endpoint_init(&ep, key, 5, 3);
    replay_init(&rt, slots, 16);
    wire_receiver_init(&rx, key, 9, &rt);
    return 0;
}

// Recompute the MAC of a datagram after a test edited its bytes.
static void reseal(uint8_t *d, size_t plen)
{
    wire_put64(d + WIRE_HEADER_SIZE + plen, siphash24(key, d, WIRE_HEADER_SIZE + plen));
}

static void test_round_trip_and_layout(void **state)
{
    uint8_t d[WIRE_MAX_DATAGRAM];
    size_t n = wire_encode(&ep, WIRE_GOSSIP, 9, "hello", 5, d, sizeof(d));
    assert_int_equal(n, WIRE_HEADER_SIZE + 5 + WIRE_MAC_SIZE);
    static const uint8_t head[32] = {
        'S', 'S', 'I', '1', 1, WIRE_GOSSIP, 0, 0,
        0, 0, 0, 5,  0, 0, 0, 9,  0, 0, 0, 3,
        0, 0, 0, 0, 0, 0, 0, 1,  0, 0, 0, 5,
    };
    assert_memory_equal(d, head, 32);
    assert_memory_equal(d + 32, "hello", 5);
    uint64_t mac = siphash24(key, d, 37);
    for (int i = 0; i < 8; i++)
        assert_int_equal(d[37 + i], (uint8_t)(mac >> (56 - 8 * i)));

    struct wire_msg m;
    assert_int_equal(wire_decode(&rx, d, n, ADDR_A, 0, &m), WIRE_OK);
    assert_int_equal(m.h.type, WIRE_GOSSIP);
    assert_int_equal(m.h.src, 5);
    assert_int_equal(m.h.dst, 9);
    assert_int_equal(m.h.incarnation, 3);
    assert_int_equal(m.h.seq, 1);
    assert_int_equal(m.h.length, 5);
    assert_int_equal(m.src_addr, ADDR_A);
    assert_memory_equal(m.payload, "hello", 5);
    assert_int_equal(rx.stats.accepted, 1);

    // Next datagram gets the next number; broadcast is accepted too.
    n = wire_encode(&ep, WIRE_HELLO, WIRE_NODE_BROADCAST, NULL, 0, d, sizeof(d));
    assert_int_equal(n, WIRE_HEADER_SIZE + WIRE_MAC_SIZE);
    assert_int_equal(wire_decode(&rx, d, n, ADDR_A, 0, &m), WIRE_OK);
    assert_int_equal(m.h.seq, 2);
}

static void test_encode_limits(void **state)
{
    static uint8_t payload[WIRE_MAX_PAYLOAD + 1];
    uint8_t d[WIRE_MAX_DATAGRAM + 16];
    assert_int_equal(wire_encode(&ep, WIRE_DATA, 9, payload, WIRE_MAX_PAYLOAD + 1, d, sizeof(d)), 0);
    assert_int_equal(wire_encode(&ep, WIRE_DATA, 9, payload, 100, d, 100), 0);
    assert_int_equal(ep.next_seq, 1);
    assert_int_equal(wire_encode(&ep, WIRE_DATA, 9, payload, WIRE_MAX_PAYLOAD, d, sizeof(d)),
                     WIRE_MAX_DATAGRAM);
}

// Decode d and check the reason and its counter.
static void expect(const uint8_t *d, size_t n, enum wire_reason want)
{
    struct wire_msg m;
    uint32_t *counter = want == WIRE_OK ? &rx.stats.accepted : &rx.stats.dropped[want];
    uint32_t before = *counter;
    assert_int_equal(wire_decode(&rx, d, n, ADDR_A, 0, &m), want);
    assert_int_equal(*counter, before + 1);
}

static void test_each_drop_reason(void **state)
{
    uint8_t good[WIRE_MAX_DATAGRAM + 8], d[WIRE_MAX_DATAGRAM + 8];
    size_t n = wire_encode(&ep, WIRE_DATA, 9, "abcdefgh", 8, good, sizeof(good));

    expect(good, WIRE_HEADER_SIZE + WIRE_MAC_SIZE - 1, WIRE_TOO_SHORT);

    memcpy(d, good, n); d[0] = 'X';
    expect(d, n, WIRE_BAD_MAGIC);

    memcpy(d, good, n); d[4] = 2;
    expect(d, n, WIRE_BAD_VERSION);

    memcpy(d, good, n);
    expect(d, n - 1, WIRE_BAD_LENGTH);                  // truncated
    memcpy(d, good, n); wire_put32(d + 28, 9);
    expect(d, n, WIRE_BAD_LENGTH);                      // field says more
    memcpy(d, good, n); wire_put32(d + 28, 0xffffffffu);
    expect(d, n, WIRE_BAD_LENGTH);                      // absurd field
    static uint8_t big[WIRE_MAX_DATAGRAM + 1];
    memcpy(big, good, WIRE_HEADER_SIZE);
    wire_put32(big + 28, WIRE_MAX_PAYLOAD + 1);
    expect(big, sizeof(big), WIRE_BAD_LENGTH);          // oversized, consistent field

    memcpy(d, good, n); d[WIRE_HEADER_SIZE + 3] ^= 0x20;
    expect(d, n, WIRE_BAD_MAC);                         // payload changed
    memcpy(d, good, n); d[n - 1] ^= 1;
    expect(d, n, WIRE_BAD_MAC);                         // tag changed
    memcpy(d, good, n); d[11] = 6;
    expect(d, n, WIRE_BAD_MAC);                         // sender changed
    uint8_t other[16];
    memcpy(other, key, 16); other[0] ^= 1;
    struct wire_endpoint stranger;
    wire_endpoint_init(&stranger, other, 5, 3);
    size_t sn = wire_encode(&stranger, WIRE_DATA, 9, "abcdefgh", 8, d, sizeof(d));
    expect(d, sn, WIRE_BAD_MAC);                        // another cluster's key

    memcpy(d, good, n); d[5] = 0x10; reseal(d, 8);
    expect(d, n, WIRE_BAD_TYPE);
    memcpy(d, good, n); d[5] = 0; reseal(d, 8);
    expect(d, n, WIRE_BAD_TYPE);

    memcpy(d, good, n); wire_put32(d + 12, 10); reseal(d, 8);
    expect(d, n, WIRE_NOT_FOR_US);

    // None of the above touched the replay window: the original is new.
    expect(good, n, WIRE_OK);
    expect(good, n, WIRE_REPLAYED);

    // 70 newer datagrams push the first one below the window.
    for (int i = 0; i < 70; i++) {
        size_t k = wire_encode(&ep, WIRE_DATA, 9, "x", 1, d, sizeof(d));
        expect(d, k, WIRE_OK);
    }
    expect(good, n, WIRE_OLD_SEQ);

    // The sender reboots (incarnation 4): incarnation 3 is old from then on.
    struct wire_endpoint rebooted;
    wire_endpoint_init(&rebooted, key, 5, 4);
    size_t rn = wire_encode(&rebooted, WIRE_DATA, 9, "y", 1, d, sizeof(d));
    expect(d, rn, WIRE_OK);
    memcpy(d, good, n);
    expect(d, n, WIRE_OLD_INCARNATION);
    // And incarnation 3 sending new numbers means two nodes share id 5.
    size_t k = wire_encode(&ep, WIRE_DATA, 9, "z", 1, d, sizeof(d));
    expect(d, k, WIRE_ID_CONFLICT_INCARNATION);

    // Another address claiming node id 5 while it is alive.
    struct wire_msg m;
    k = wire_encode(&rebooted, WIRE_DATA, 9, "w", 1, d, sizeof(d));
    assert_int_equal(wire_decode(&rx, d, k, ADDR_B, 0, &m), WIRE_ID_CONFLICT_ADDR);
    assert_int_equal(rx.stats.dropped[WIRE_ID_CONFLICT_ADDR], 1);
}

// A datagram failing two checks is counted under the first one only.
static void test_check_order(void **state)
{
    uint8_t d[WIRE_MAX_DATAGRAM];
    size_t n = wire_encode(&ep, WIRE_DATA, 9, "abcd", 4, d, sizeof(d));
    d[4] = 7;          // wrong version
    d[n - 1] ^= 1;     // and bad MAC
    expect(d, n, WIRE_BAD_VERSION);
    assert_int_equal(rx.stats.dropped[WIRE_BAD_MAC], 0);
    d[4] = WIRE_VERSION;
    d[5] = 99;         // unknown type, MAC already bad
    expect(d, n, WIRE_BAD_MAC);
    assert_int_equal(rx.stats.dropped[WIRE_BAD_TYPE], 0);
}

static void test_reason_names(void **state)
{
    assert_string_equal(wire_reason_name(WIRE_BAD_MAC), "bad_mac");
    assert_string_equal(wire_reason_name(WIRE_NO_SLOT), "no_slot");
    for (int r = 0; r < WIRE_NREASONS; r++)
        assert_non_null(wire_reason_name((enum wire_reason)r));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_round_trip_and_layout, setup),
        cmocka_unit_test_setup(test_encode_limits, setup),
        cmocka_unit_test_setup(test_each_drop_reason, setup),
        cmocka_unit_test_setup(test_check_order, setup),
        cmocka_unit_test_setup(test_reason_names, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
