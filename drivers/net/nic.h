// The one small interface every network card driver implements. It knows
// nothing of lwIP: a driver fills in a struct nic, registers it, and calls
// nic_rx for each frame it takes off the card; the layer above (net/)
// sets the receive hook and calls send. Pure logic (no hardware), so
// tests/unit can drive it with made-up cards.
#ifndef DRIVERS_NET_NIC_H
#define DRIVERS_NET_NIC_H

#include "kernel/types.h"

#define NIC_MAX        4      // cards the kernel keeps
#define NIC_NAME_MAX   8      // "eth0" and its NUL
#define ETH_ALEN       6      // bytes of a MAC address
#define ETH_HLEN       14     // destination, source, type
#define ETH_ZLEN       60     // shortest frame without the FCS (cards pad up to it)
#define ETH_MTU        1500   // longest payload
#define ETH_FRAME_MAX  (ETH_HLEN + ETH_MTU)   // longest frame without the FCS: 1514
#define ETH_FCS_LEN    4      // the CRC a card may leave at the end

// Counters of one card, as /proc/net/dev shows them. Written by the
// driver's interrupt handler and its send; read by anyone (a torn read of
// a counter is harmless).
struct nic_stats {
    uint32_t rx_packets;       // good frames handed to the receive hook
    uint64_t rx_bytes;         // bytes of those frames
    uint32_t rx_errors;        // frames dropped as bad: card error status, too short, too long
    uint32_t rx_length_errors; // of rx_errors: too short or too long
    uint32_t rx_dropped;       // good frames dropped for lack of room (queue full, nobody listening)
    uint32_t rx_fifo;          // times the card's own receive ring overflowed
    uint32_t rx_multicast;     // good frames sent to a multicast or broadcast address
    uint32_t tx_packets;       // frames the card accepted for sending
    uint64_t tx_bytes;         // bytes of those frames
    uint32_t tx_errors;        // frames the card failed to send
    uint32_t tx_dropped;       // frames refused before the card: too long, too short, ring full
};

struct nic;

// Called for each good frame (ETH_ZLEN <= len <= ETH_FRAME_MAX), from the
// card's interrupt handler: it must only copy the frame and return.
// Returns false when it had no room (the frame is counted as dropped).
typedef bool (*nic_rx_hook_t)(struct nic *nic, const void *frame, size_t len, void *arg);

// One network card.
struct nic {
    char name[NIC_NAME_MAX];   // "eth0", ..., set by nic_register
    const char *model;         // driver and model: "e1000", "rtl8139", "ne2k_pci", "ne2k_isa"
    uint8_t mac[ETH_ALEN];     // station address, read from the card
    bool link_up;              // carrier present (kept current by the driver)
    int irq;                   // interrupt line
    uint32_t base;             // I/O port base, or physical address of the registers
    struct nic_stats stats;    // counters (see above)

    // Send one frame of len bytes (ETH_HLEN..ETH_FRAME_MAX, without the FCS;
    // the driver pads short frames). The frame is copied before the call
    // returns. Returns 0, or a negative errno (-EMSGSIZE, -EBUSY). Called
    // only from the network context (net/).
    int (*send)(struct nic *nic, const void *frame, size_t len);

    nic_rx_hook_t rx_hook;     // set by the layer above; NULL: frames are dropped
    void *rx_arg;              // passed to rx_hook
    void *priv;                // the driver's own state
};

// Register a card the driver has set up (model, mac, send, irq filled in):
// it gets the next name, ethN. Returns 0, or -1 when NIC_MAX cards exist
// already (the card is then not used).
int nic_register(struct nic *nic);

// Number of registered cards, and the i-th one (NULL past the end).
int nic_count(void);
struct nic *nic_get(int i);

// Forget every registered card (tests/unit only).
void nic_reset_registry(void);

// Called by a driver with each frame the card received with a good status.
// Counts it and hands it to the receive hook when its length is within
// ETH_ZLEN..ETH_FRAME_MAX; otherwise counts a length error and drops it.
void nic_rx(struct nic *nic, const void *frame, size_t len);

// Called by a driver for a frame the card marked bad (CRC, alignment,
// runt, ...): counted and dropped.
void nic_rx_bad(struct nic *nic);

// Called by a driver when its receive ring overflowed (frames were lost
// in the card).
void nic_rx_overflow(struct nic *nic);

// Count a frame sent (len bytes) or refused.
void nic_tx_done(struct nic *nic, size_t len);
void nic_tx_error(struct nic *nic);
void nic_tx_drop(struct nic *nic);

// The text of /proc/net/dev: Linux's two header lines and one line per
// card with its receive and transmit counters in Linux's columns, then
// the card's link state, MAC address and model. Returns the length the
// whole text has (may exceed n); buf is NUL-terminated when n > 0.
int netdev_format(char *buf, size_t n);

// "52:54:00:12:34:56" into out (at least 18 bytes).
void nic_format_mac(char *out, const uint8_t mac[ETH_ALEN]);

#endif
