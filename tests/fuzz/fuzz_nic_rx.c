// Fuzz the path every received frame takes before the network stack: a
// driver's nic_rx (length checks, counters) into the frame ring that the
// network context drains. The input is a script: each step is one byte of
// operation and two bytes of length. Checks that no frame of a bad length
// gets through, that frames come out whole and in order, and that the
// counters add up.
#include <stdint.h>
#include <stddef.h>
#include <string.h>
#include <stdlib.h>

#include "drivers/net/nic.h"
#include "net/frame_ring.h"

#define SLOTS 8
#define SLOT  1536

static uint8_t mem[SLOTS * SLOT];
static struct frame_slot slots[SLOTS];
static uint8_t frame[4096];

static bool hook(struct nic *nic, const void *f, size_t len, void *arg)
{
    return frame_ring_put(arg, f, len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct frame_ring ring;
    struct nic card;
    memset(&card, 0, sizeof(card));
    frame_ring_init(&ring, slots, SLOTS, SLOT);
    for (int k = 0; k < SLOTS; k++)
        frame_ring_give(&ring, mem + k * SLOT, NULL);
    card.rx_hook = hook;
    card.rx_arg = &ring;
    uint32_t put = 0, taken = 0;
    uint8_t stamp = 0;
    for (size_t i = 0; i + 3 <= size; i += 3) {
        size_t len = (size_t)(data[i + 1] | data[i + 2] << 8) % sizeof(frame);
        if (data[i] & 1) {
            memset(frame, ++stamp, sizeof(frame));
            uint32_t before = card.stats.rx_packets;
            nic_rx(&card, frame, len);
            if (card.stats.rx_packets != before) {
                if (len < ETH_ZLEN || len > ETH_FRAME_MAX)
                    abort();                      // a bad length got through
                put++;
            }
        } else {
            size_t got;
            const uint8_t *f = frame_ring_peek(&ring, &got);
            if (f) {
                if (got < ETH_ZLEN || got > ETH_FRAME_MAX || f[0] != f[got - 1])
                    abort();                      // torn or wrong-sized frame
                frame_ring_pop(&ring);
                taken++;
            }
        }
        if (frame_ring_count(&ring) != put - taken || frame_ring_count(&ring) > SLOTS)
            abort();
    }
    if (card.stats.rx_dropped != ring.full_drops)
        abort();
    return 0;
}
