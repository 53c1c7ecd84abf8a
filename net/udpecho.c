// The kernel's small UDP answering services, built on the kernel socket
// API only (as kernel threads their bodies would be the loop in
// service_step with a blocking receive):
//   echo (udpecho=PORT): every datagram goes back to its sender unchanged;
//   receipt (udpsink=PORT): every datagram is answered with its first four
//     bytes only (the sender's sequence number), so that a sender
//     (udpblast -r) measures data moving one way, with acknowledgements as
//     small as the cluster transport's, not every byte crossing twice.
#include "net/services.h"
#include "net/udp_sock.h"
#include "kernel/console.h"

#define RECEIPT_BYTES 4

// One service: its socket and what it sends back.
struct udp_service {
    const char *name;        // for the console
    const char *does;        // "echoing", "receipts for"
    struct udp_sock *sock;   // NULL while the service is off
    bool receipt;            // answer with the first RECEIPT_BYTES only
};

static struct udp_service echo = { "udpecho", "echoing", NULL, false };
static struct udp_service receipt = { "udpsink", "receipts for", NULL, true };
static uint8_t buf[UDP_DGRAM_MAX];   // one datagram (the services run in one thread)

static void service_start(struct udp_service *s, int port)
{
    s->sock = udp_sock_open((uint16_t)port);
    if (s->sock)
        kprintf("%s: %s UDP on port %d\n", s->name, s->does, port);
    else
        kprintf("%s: cannot open UDP port %d\n", s->name, port);
}

static void service_step(struct udp_service *s)
{
    if (!s->sock)
        return;
    for (;;) {
        uint32_t ip;
        uint16_t port;
        int n = udp_sock_recvfrom(s->sock, buf, sizeof(buf), &ip, &port, 0);
        if (n < 0)
            return;
        if (!s->receipt)
            udp_sock_sendto(s->sock, ip, port, buf, (size_t)n);
        else if (n >= RECEIPT_BYTES)
            udp_sock_sendto(s->sock, ip, port, buf, RECEIPT_BYTES);
    }
}

void udpecho_start(int port)
{
    service_start(&echo, port);
}

void udpecho_step(void)
{
    service_step(&echo);
}

uint32_t udpecho_drops(void)
{
    return echo.sock ? udp_sock_counters(echo.sock).rx_dropped : 0;
}

void udpsink_start(int port)
{
    service_start(&receipt, port);
}

void udpsink_step(void)
{
    service_step(&receipt);
}
