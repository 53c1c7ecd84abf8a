// Boot-time checks of real traffic between nodes (see services.h): ping
// each peer, then send it datagrams of mixed sizes and check that its echo
// service sends each one back intact. The results are printed for the
// tests in tests/cluster to read.
#include "net/services.h"
#include "net/ipaddr.h"
#include "net/ping.h"
#include "net/udp_sock.h"
#include "drivers/pit.h"
#include "kernel/console.h"
#include <string.h>

#define PEERCHECK_WAIT_MS    60000   // how long a peer may take to come up
#define PEERCHECK_PINGS      10      // pings counted once the peer answers
#define PEERCHECK_DATAGRAMS  200     // datagrams of the UDP exchange (peercheck_count= sets it)
#define PEERCHECK_REPLY_MS   2000    // wait for each echo
#define PEERCHECK_LIST_MAX   8       // peers in one list

static uint8_t out[UDP_DGRAM_MAX];
static size_t size_cap = UDP_DGRAM_MAX;   // peercheck_max=: the largest datagram
static uint8_t in[UDP_DGRAM_MAX];

// The size of datagram i: small, typical, full frame, and fragmented ones.
static size_t dgram_size(uint32_t i)
{
    static const uint16_t sizes[] = { 4, 64, 512, 1000, 1472, 1473, 3000, 8000, 200, 1400 };
    size_t n = sizes[i % (sizeof(sizes) / sizeof(sizes[0]))];
    return n < size_cap ? n : size_cap;
}

// Fill datagram i: its number, then bytes that depend on it.
static void dgram_fill(uint32_t i, size_t len)
{
    memcpy(out, &i, sizeof(i));
    for (size_t k = sizeof(i); k < len; k++)
        out[k] = (uint8_t)(i * 7 + k * 13);
}

// Wait until the peer answers a ping; then count PEERCHECK_PINGS pings.
static void check_ping(uint32_t ip, const char *name)
{
    uint64_t give_up = uptime_ms() + PEERCHECK_WAIT_MS;
    while (net_ping(ip, 56, 1000) < 0 && uptime_ms() < give_up)
        ;
    int ok = 0, worst = 0;
    for (int i = 0; i < PEERCHECK_PINGS; i++) {
        int rtt = net_ping(ip, 56, 2000);
        if (rtt >= 0) {
            ok++;
            worst = rtt > worst ? rtt : worst;
        }
    }
    kprintf("peercheck: %s: ping %d/%d replies (slowest %d ms)\n", name, ok,
            PEERCHECK_PINGS, worst);
}

// Send datagram i and wait for it to come back. Returns 1 intact, 0 lost,
// -1 corrupt. Stale echoes of earlier datagrams are skipped.
static int exchange(struct udp_sock *s, uint32_t ip, int port, uint32_t i)
{
    size_t len = dgram_size(i);
    dgram_fill(i, len);
    udp_sock_sendto(s, ip, (uint16_t)port, out, len);
    uint64_t deadline = uptime_ms() + PEERCHECK_REPLY_MS;
    for (;;) {
        uint64_t now = uptime_ms();
        if (now >= deadline)
            return 0;
        uint32_t from;
        int n = udp_sock_recvfrom(s, in, sizeof(in), &from, NULL, (int)(deadline - now));
        if (n < 0)
            return 0;
        uint32_t got;
        if (from != ip || n < (int)sizeof(got))
            continue;
        memcpy(&got, in, sizeof(got));
        if (got != i)
            continue;
        return (size_t)n == len && memcmp(in, out, len) == 0 ? 1 : -1;
    }
}

// Wait until the peer's echo service answers; then run the exchange.
static void check_udp(uint32_t ip, const char *name, int port, uint32_t count)
{
    struct udp_sock *s = udp_sock_open(0);
    if (!s) {
        kprintf("peercheck: %s: no socket\n", name);
        return;
    }
    uint64_t give_up = uptime_ms() + PEERCHECK_WAIT_MS;
    uint32_t probe = 0xFFFFFF00u;
    while (exchange(s, ip, port, probe) != 1 && uptime_ms() < give_up)
        probe++;
    int intact = 0, lost = 0, corrupt = 0;
    for (uint32_t i = 0; i < count; i++) {
        int r = exchange(s, ip, port, i);
        intact += r == 1;
        lost += r == 0;
        corrupt += r == -1;
    }
    kprintf("peercheck: %s: udp %d/%u intact, %d lost, %d corrupt\n", name, intact,
            count, lost, corrupt);
    udp_sock_close(s);
}

void peercheck_run(const char *list, bool udp, int echo_port, uint32_t count, size_t max)
{
    if (count == 0)
        count = PEERCHECK_DATAGRAMS;
    size_cap = max >= sizeof(uint32_t) && max < UDP_DGRAM_MAX ? max : UDP_DGRAM_MAX;
    char copy[PEERCHECK_LIST_MAX * IP_STR_MAX];
    size_t n = strnlen(list, sizeof(copy) - 1);
    memcpy(copy, list, n);
    copy[n] = '\0';
    char *p = copy;
    while (*p) {
        char *end = strchr(p, ',');
        if (end)
            *end = '\0';
        uint32_t ip;
        if (!ip_parse(p, &ip)) {
            kprintf("peercheck: cannot read address '%s'\n", p);
        } else {
            check_ping(ip, p);
            if (udp)
                check_udp(ip, p, echo_port, count);
        }
        if (!end)
            break;
        p = end + 1;
    }
    kprintf("peercheck: done\n");
}
