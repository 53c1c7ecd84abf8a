// UDP sockets for the kernel: the cluster transport, the kernel's echo
// service, and later the system calls behind user programs' sockets. Any
// context may call these; the work that touches lwIP is handed to the
// network context as requests (net/net.h). Addresses are IPv4 in host
// byte order (net/ipaddr.h); errors are negative errno values.
#ifndef NET_UDP_SOCK_H
#define NET_UDP_SOCK_H

#include "kernel/types.h"

#define UDP_DGRAM_MAX   8192          // largest datagram a socket sends or keeps
#define UDP_RCVBUF      (64 * 1024)   // bytes of datagrams a socket holds before it drops
#define UDP_SNDBUF      (64 * 1024)   // bytes of datagrams waiting to be sent before sendto waits
#define UDP_WAIT_FOREVER (-1)         // timeout_ms: wait as long as it takes

struct udp_sock;

// Counters of one socket.
struct udp_sock_stats {
    uint32_t rx_datagrams;    // datagrams queued for the reader
    uint32_t rx_dropped;      // datagrams dropped: queue full, too big, no memory
    uint32_t tx_datagrams;    // datagrams handed to lwIP
    uint32_t tx_errors;       // datagrams lwIP refused (no route, no memory)
};

// A socket bound to local port (0: lwIP picks a free one). NULL when the
// port is taken or memory is out.
struct udp_sock *udp_sock_open(uint16_t port);

// The same, for a protocol that authenticates every datagram itself (the
// cluster's, with SipHash-2-4): its datagrams leave without a UDP checksum
// (0, "none", which IPv4 allows), and those that come with none are not
// checked. The checksum would be a second pass over every byte on each
// side, catching nothing the MAC and the card's CRC do not.
struct udp_sock *udp_sock_open_unchecksummed(uint16_t port);

// The local port the socket is bound to.
uint16_t udp_sock_port(const struct udp_sock *s);

// Send len bytes to ip:port. The data is copied; the datagram leaves when
// the network context next runs. Returns len, -EMSGSIZE when len is more
// than UDP_DGRAM_MAX, -ENOMEM. Waits while UDP_SNDBUF bytes are queued.
int udp_sock_sendto(struct udp_sock *s, uint32_t ip, uint16_t port, const void *buf, size_t len);

// Take the oldest datagram: copy at most len bytes of it to buf (the rest
// of a longer one is lost, as recvfrom does) and say where it came from
// (ip, port may be NULL). Waits up to timeout_ms (0: not at all;
// UDP_WAIT_FOREVER). Returns the bytes copied, or -ETIMEDOUT (-EAGAIN
// when timeout_ms is 0).
int udp_sock_recvfrom(struct udp_sock *s, void *buf, size_t len, uint32_t *ip, uint16_t *port,
                 int timeout_ms);

// True when a datagram is waiting.
bool udp_sock_readable(struct udp_sock *s);

// Close the socket; datagrams still queued for the reader are dropped,
// datagrams already given to udp_sock_sendto leave first. Waits for the network
// context to do it; s must not be used after.
void udp_sock_close(struct udp_sock *s);

// A copy of the socket's counters.
struct udp_sock_stats udp_sock_counters(const struct udp_sock *s);

// /proc/net/udp: one line per open socket (port, bytes queued each way,
// counters), after a header line. Returns the length the whole text needs
// (as snprintf does).
int udp_sock_format(char *buf, size_t n);

#endif
