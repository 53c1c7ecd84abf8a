// Kernel UDP sockets (see udp_sock.h). The caller's side copies data and
// queues requests; the network side (the *_run functions and recv_cb)
// talks to lwIP.
#include "net/udp_sock.h"
#include "net/net.h"
#include "kernel/x86.h"
#include "drivers/pit.h"
#include "kernel/api/errno.h"
#include "mm/kmalloc.h"
#include "kernel/format.h"
#include "lwip/pbuf.h"
#include "lwip/udp.h"
#include <string.h>

// A received datagram waiting for the reader.
struct dgram {
    struct dgram *next;     // the next newer one
    uint32_t ip;            // sender, host byte order
    uint16_t port;          // sender's port
    uint16_t len;           // bytes in data
    uint8_t data[];         // the payload
};

struct udp_sock {
    struct udp_sock *next;          // the next open socket (the list /proc/net/udp shows)
    struct udp_pcb *pcb;            // lwIP's end (network context only)
    uint16_t port;                  // local port, once bound
    struct dgram *head, *tail;      // received datagrams, oldest first (interrupts off to touch)
    uint32_t rx_bytes;              // bytes queued in head..tail
    volatile uint32_t tx_bytes;     // bytes submitted and not yet sent
    struct udp_sock_stats stats;    // counters
};

// Every open socket, newest first. The network context links and unlinks
// (interrupts off); readers walk it with interrupts off.
static struct udp_sock *socks;

// The requests this file sends to the network context.
struct open_req {
    struct net_req req;     // first: the network context sees only this
    struct udp_sock *s;     // the socket to bind
    uint16_t port;          // the port asked for
    bool no_checksum;       // send without a UDP checksum
    int result;             // 0 or -errno
};

struct send_req {
    struct net_req req;
    struct udp_sock *s;     // sending socket
    uint32_t ip;            // destination
    uint16_t port;
    uint16_t len;           // bytes in data
    uint8_t data[];         // the datagram
};

struct close_req {
    struct net_req req;
    struct udp_sock *s;     // the socket to free
};

// --- network context ------------------------------------------------------

// lwIP's receive callback: copy the datagram into the socket's queue.
static void recv_cb(void *arg, struct udp_pcb *pcb, struct pbuf *p, const ip_addr_t *addr,
                    u16_t port)
{
    struct udp_sock *s = arg;
    uint16_t len = p->tot_len;
    struct dgram *d = NULL;
    if (len <= UDP_DGRAM_MAX && s->rx_bytes + len <= UDP_RCVBUF)
        d = kmalloc(sizeof(*d) + len);
    if (!d) {
        s->stats.rx_dropped++;
        pbuf_free(p);
        return;
    }
    d->next = NULL;
    d->ip = lwip_ntohl(ip4_addr_get_u32(ip_2_ip4(addr)));
    d->port = port;
    d->len = pbuf_copy_partial(p, d->data, len, 0);
    pbuf_free(p);
    uint32_t f = intr_save();
    if (s->tail)
        s->tail->next = d;
    else
        s->head = d;
    s->tail = d;
    s->rx_bytes += d->len;
    s->stats.rx_datagrams++;
    intr_restore(f);
}

static void open_run(struct net_req *req)
{
    struct open_req *o = (struct open_req *)req;
    struct udp_pcb *pcb = udp_new();
    if (!pcb) {
        o->result = -ENOMEM;
    } else if (udp_bind(pcb, IP4_ADDR_ANY, o->port) != ERR_OK) {
        udp_remove(pcb);
        o->result = -EADDRINUSE;
    } else {
        udp_recv(pcb, recv_cb, o->s);
        if (o->no_checksum)
            udp_setflags(pcb, udp_flags(pcb) | UDP_FLAGS_NOCHKSUM);
        o->s->pcb = pcb;
        o->s->port = pcb->local_port;
        o->result = 0;
        uint32_t f = intr_save();
        o->s->next = socks;
        socks = o->s;
        intr_restore(f);
    }
    req->done = true;
}

static void send_run(struct net_req *req)
{
    struct send_req *r = (struct send_req *)req;
    struct udp_sock *s = r->s;
    struct pbuf *p = pbuf_alloc(PBUF_TRANSPORT, r->len, PBUF_RAM);
    if (p) {
        pbuf_take(p, r->data, r->len);
        ip_addr_t to;
        ip_addr_set_ip4_u32_val(to, lwip_htonl(r->ip));
        if (udp_sendto(s->pcb, p, &to, r->port) == ERR_OK)
            s->stats.tx_datagrams++;
        else
            s->stats.tx_errors++;
        pbuf_free(p);
    } else {
        s->stats.tx_errors++;
    }
    uint32_t f = intr_save();
    s->tx_bytes -= r->len;
    intr_restore(f);
    kfree(r);
}

static void close_run(struct net_req *req)
{
    struct udp_sock *s = ((struct close_req *)req)->s;
    uint32_t f = intr_save();
    struct udp_sock **pp = &socks;
    while (*pp && *pp != s)
        pp = &(*pp)->next;
    if (*pp)
        *pp = s->next;
    intr_restore(f);
    udp_remove(s->pcb);
    struct dgram *d = s->head;
    while (d) {
        struct dgram *next = d->next;
        kfree(d);
        d = next;
    }
    kfree(s);
    req->done = true;
}

// --- any context ------------------------------------------------------------

static struct udp_sock *open_sock(uint16_t port, bool no_checksum)
{
    struct udp_sock *s = kzalloc(sizeof(*s));
    if (!s)
        return NULL;
    struct open_req o = { .req.run = open_run, .s = s, .port = port, .no_checksum = no_checksum };
    net_call(&o.req);
    if (o.result < 0) {
        kfree(s);
        return NULL;
    }
    return s;
}

struct udp_sock *udp_sock_open(uint16_t port)
{
    return open_sock(port, false);
}

struct udp_sock *udp_sock_open_unchecksummed(uint16_t port)
{
    return open_sock(port, true);
}

uint16_t udp_sock_port(const struct udp_sock *s)
{
    return s->port;
}

// udp_sock_sendto's wait condition: room for arg->len more bytes in the queue.
static bool send_room(void *arg)
{
    struct send_req *r = arg;
    return r->s->tx_bytes == 0 || r->s->tx_bytes + r->len <= UDP_SNDBUF;
}

int udp_sock_sendto(struct udp_sock *s, uint32_t ip, uint16_t port, const void *buf, size_t len)
{
    if (len > UDP_DGRAM_MAX)
        return -EMSGSIZE;
    struct send_req *r = kmalloc(sizeof(*r) + len);
    if (!r)
        return -ENOMEM;
    r->req.run = send_run;
    r->s = s;
    r->ip = ip;
    r->port = port;
    r->len = (uint16_t)len;
    memcpy(r->data, buf, len);
    if (!send_room(r))
        net_wait_room(send_room, r);
    uint32_t f = intr_save();
    s->tx_bytes += r->len;
    intr_restore(f);
    net_submit(&r->req);
    return (int)len;
}

bool udp_sock_readable(struct udp_sock *s)
{
    return s->head != NULL;
}

static bool readable(void *arg)
{
    return udp_sock_readable(arg);
}

int udp_sock_recvfrom(struct udp_sock *s, void *buf, size_t len, uint32_t *ip, uint16_t *port,
                 int timeout_ms)
{
    if (!s->head) {
        if (timeout_ms == 0)
            return -EAGAIN;
        uint64_t deadline = timeout_ms < 0 ? NET_FOREVER : uptime_ms() + (uint64_t)timeout_ms;
        if (!net_wait(readable, s, deadline))
            return -ETIMEDOUT;
    }
    uint32_t f = intr_save();
    struct dgram *d = s->head;
    s->head = d->next;
    if (!s->head)
        s->tail = NULL;
    s->rx_bytes -= d->len;
    intr_restore(f);
    size_t n = d->len < len ? d->len : len;
    memcpy(buf, d->data, n);
    if (ip)
        *ip = d->ip;
    if (port)
        *port = d->port;
    kfree(d);
    return (int)n;
}

void udp_sock_close(struct udp_sock *s)
{
    struct close_req r = { .req.run = close_run, .s = s };
    net_call(&r.req);
}

struct udp_sock_stats udp_sock_counters(const struct udp_sock *s)
{
    return s->stats;
}

int udp_sock_format(char *buf, size_t n)
{
    size_t len = 0;
    len += (size_t)snformat(buf, n, "%5s %8s %8s %10s %10s %10s %10s\n", "port", "rx_queue",
                            "tx_queue", "rx_dgrams", "rx_dropped", "tx_dgrams", "tx_errors");
    uint32_t f = intr_save();
    for (struct udp_sock *s = socks; s; s = s->next)
        len += (size_t)snformat(buf + (len < n ? len : n), len < n ? n - len : 0,
                                "%5u %8u %8u %10u %10u %10u %10u\n", (unsigned)s->port,
                                (unsigned)s->rx_bytes, (unsigned)s->tx_bytes,
                                (unsigned)s->stats.rx_datagrams, (unsigned)s->stats.rx_dropped,
                                (unsigned)s->stats.tx_datagrams, (unsigned)s->stats.tx_errors);
    intr_restore(f);
    return (int)len;
}
