// The kernel's UDP echo service: every datagram that arrives on its port
// goes back to its sender unchanged. Built on the kernel socket API only;
// as a kernel thread its body would be the loop in udpecho_step with a
// blocking receive.
#include "net/services.h"
#include "net/udp_sock.h"
#include "kernel/console.h"

static struct udp_sock *sock;           // NULL while the service is off
static uint8_t buf[UDP_DGRAM_MAX];      // one datagram

void udpecho_start(int port)
{
    sock = udp_sock_open((uint16_t)port);
    if (sock)
        kprintf("udpecho: echoing UDP on port %d\n", port);
    else
        kprintf("udpecho: cannot open UDP port %d\n", port);
}

void udpecho_step(void)
{
    if (!sock)
        return;
    for (;;) {
        uint32_t ip;
        uint16_t port;
        int n = udp_sock_recvfrom(sock, buf, sizeof(buf), &ip, &port, 0);
        if (n < 0)
            return;
        udp_sock_sendto(sock, ip, port, buf, (size_t)n);
    }
}

uint32_t udpecho_drops(void)
{
    return sock ? udp_sock_counters(sock).rx_dropped : 0;
}
