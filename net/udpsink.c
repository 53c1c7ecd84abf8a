// The kernel's UDP receipt service: every datagram that arrives on its port
// is answered with its first four bytes only (the sender's sequence
// number), so that a sender (udpblast -r) measures data moving one way,
// with acknowledgements as small as the cluster transport's, rather than
// every byte crossing the link twice as with the echo service.
#include "net/services.h"
#include "net/udp_sock.h"
#include "kernel/console.h"

#define RECEIPT_BYTES 4

static struct udp_sock *sock;           // NULL while the service is off
static uint8_t buf[UDP_DGRAM_MAX];      // one datagram

void udpsink_start(int port)
{
    sock = udp_sock_open((uint16_t)port);
    if (sock)
        kprintf("udpsink: receipts for UDP on port %d\n", port);
    else
        kprintf("udpsink: cannot open UDP port %d\n", port);
}

void udpsink_step(void)
{
    if (!sock)
        return;
    for (;;) {
        uint32_t ip;
        uint16_t port;
        int n = udp_sock_recvfrom(sock, buf, sizeof(buf), &ip, &port, 0);
        if (n < 0)
            return;
        if (n >= RECEIPT_BYTES)
            udp_sock_sendto(sock, ip, port, buf, RECEIPT_BYTES);
    }
}
