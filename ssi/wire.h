// The cluster datagram: a fixed header, a payload, and a MAC. Every cluster
// datagram (membership, gossip, transport) is one of these inside one UDP
// datagram. All fields are big-endian (network byte order) and are read and
// written byte by byte. docs/protocol.md gives the layout for implementers.
//
//   off size field
//    0   4   magic        WIRE_MAGIC ("SSI1")
//    4   1   version      WIRE_VERSION
//    5   1   type         enum wire_type
//    6   2   flags        reserved: sent as 0, ignored
//    8   4   src          sender's node id
//   12   4   dst          receiver's node id, or WIRE_NODE_BROADCAST
//   16   4   incarnation  sender's boot number (grows with every boot)
//   20   8   seq          sender's sequence number (1, 2, ...; per incarnation)
//   28   4   length       payload bytes that follow the header
//   32   n   payload
//   32+n 8   mac          SipHash-2-4(cluster key, bytes 0 .. 32+n-1), big-endian
#ifndef SSI_WIRE_H
#define SSI_WIRE_H

#include "kernel/types.h"
#include "ssi/replay.h"
#include "ssi/siphash.h"

#define WIRE_MAGIC          0x53534931u   // "SSI1"
#define WIRE_VERSION        1
#define WIRE_PORT           5000          // UDP port of every cluster datagram
#define WIRE_HEADER_SIZE    32
#define WIRE_MAC_SIZE       8
#define WIRE_MAX_DATAGRAM   1472          // 1500-byte MTU less IPv4 (20) and UDP (8) headers
#define WIRE_MAX_PAYLOAD    (WIRE_MAX_DATAGRAM - WIRE_HEADER_SIZE - WIRE_MAC_SIZE)  // 1432
#define WIRE_NODE_BROADCAST 0xFFFFFFFFu   // dst of a datagram for every node
#define WIRE_KEY_SIZE       SIPHASH_KEY_SIZE

// Datagram types. Numbers are part of the protocol: never reuse one.
enum wire_type {
    WIRE_HELLO  = 1,   // boot announcement: one load-vector entry (gossip.h)
    WIRE_GOSSIP = 2,   // load-vector entries (gossip.h)
    WIRE_DATA   = 3,   // transport: one chunk of a message (transport.h)
    WIRE_ACK    = 4,   // transport: acknowledgement (transport.h)
    // 0x10-0x1f are reserved for migration, 0x20-0x2f for remote system
    // calls; until they are defined they are unknown types.
};

// Why wire_decode refused a datagram, in the order it checks; WIRE_OK = 0.
enum wire_reason {
    WIRE_OK = 0,
    WIRE_TOO_SHORT,             // shorter than header + MAC
    WIRE_BAD_MAGIC,             // not a cluster datagram
    WIRE_BAD_VERSION,           // another protocol version
    WIRE_BAD_LENGTH,            // length field disagrees with the size, or too big
    WIRE_BAD_MAC,               // MAC does not verify under the cluster key
    WIRE_BAD_TYPE,              // unknown type
    WIRE_NOT_FOR_US,            // dst is another node
    WIRE_REPLAYED,              // sequence number already seen
    WIRE_OLD_SEQ,               // sequence number below the replay window
    WIRE_OLD_INCARNATION,       // sender's incarnation is older than known
    WIRE_ID_CONFLICT_ADDR,      // another address speaks for this node id
    WIRE_ID_CONFLICT_INCARNATION, // two incarnations of this node id alternate
    WIRE_NO_SLOT,               // replay table full: sender not tracked
    WIRE_NREASONS
};

// A decoded header.
struct wire_header {
    uint8_t type;          // enum wire_type
    uint16_t flags;        // reserved
    uint32_t src;          // sender's node id
    uint32_t dst;          // receiver's node id or WIRE_NODE_BROADCAST
    uint32_t incarnation;  // sender's boot number
    uint64_t seq;          // sender's sequence number
    uint32_t length;       // payload length
};

// A datagram accepted by wire_decode. payload points into the caller's buffer.
struct wire_msg {
    struct wire_header h;   // its header
    const uint8_t *payload; // h.length bytes
    uint32_t src_addr;      // IPv4 address it came from (UDP source)
};

// Datagrams refused, by reason, and accepted.
struct wire_stats {
    uint32_t accepted;                 // datagrams that passed every check
    uint32_t dropped[WIRE_NREASONS];   // by enum wire_reason (index 0 unused)
};

// The sending side of a node: what it stamps on every datagram.
struct wire_endpoint {
    uint8_t key[WIRE_KEY_SIZE];  // cluster key
    uint32_t node;               // this node's id
    uint32_t incarnation;        // this node's boot number
    uint64_t next_seq;           // sequence number of the next datagram (from 1)
};

// The receiving side of a node.
struct wire_receiver {
    uint8_t key[WIRE_KEY_SIZE];    // cluster key
    uint32_t node;                 // this node's id (dst accepted besides broadcast)
    struct replay_table *replay;   // senders' replay windows (caller's)
    struct wire_stats stats;       // counters
};

// Set up a sending endpoint.
void wire_endpoint_init(struct wire_endpoint *ep, const uint8_t key[WIRE_KEY_SIZE],
                        uint32_t node, uint32_t incarnation);

// Set up a receiver over the caller's replay table; stats are cleared.
void wire_receiver_init(struct wire_receiver *rx, const uint8_t key[WIRE_KEY_SIZE],
                        uint32_t node, struct replay_table *replay);

// True when type is one this version knows.
bool wire_type_known(uint8_t type);

// Build a datagram of type for dst carrying len payload bytes into out (cap
// bytes), taking the endpoint's next sequence number. Returns the datagram's
// size, or 0 (and consumes no sequence number) when len > WIRE_MAX_PAYLOAD
// or the datagram does not fit in cap.
size_t wire_encode(struct wire_endpoint *ep, uint8_t type, uint32_t dst,
                   const void *payload, size_t len, uint8_t *out, size_t cap);

// Check a received datagram of len bytes from IPv4 address src_addr at local
// time now_ms: size, magic, version, length, MAC, type, destination, then
// replay (which records it). On WIRE_OK fills *msg; otherwise counts the
// reason in rx->stats and returns it. A datagram whose MAC verified but that
// is refused later (WIRE_NOT_FOR_US, replay and id-conflict reasons) also
// fills *msg, so that the caller can answer an id conflict.
enum wire_reason wire_decode(struct wire_receiver *rx, const uint8_t *buf, size_t len,
                             uint32_t src_addr, uint64_t now_ms, struct wire_msg *msg);

// A short name of reason, for counters in /proc.
const char *wire_reason_name(enum wire_reason reason);

// Big-endian field helpers shared by the payload codecs of the ssi/ layer.
void wire_put16(uint8_t *p, uint16_t v);
void wire_put32(uint8_t *p, uint32_t v);
void wire_put64(uint8_t *p, uint64_t v);
uint16_t wire_get16(const uint8_t *p);
uint32_t wire_get32(const uint8_t *p);
uint64_t wire_get64(const uint8_t *p);

#endif
