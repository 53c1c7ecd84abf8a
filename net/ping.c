// Kernel ping over a raw ICMP pcb (see ping.h).
#include "net/ping.h"
#include "net/net.h"
#include "kernel/x86.h"
#include "drivers/pit.h"
#include "kernel/api/errno.h"
#include "lwip/icmp.h"
#include "lwip/inet_chksum.h"
#include "lwip/ip.h"
#include "lwip/prot/ip4.h"
#include "lwip/raw.h"
#include <string.h>

#define PING_ID 0xC105      // ICMP identifier of the kernel's pings

// One ping waiting for its reply. Slots are taken and freed by callers
// with interrupts off; the reply callback marks them.
struct ping_slot {
    bool used;               // taken by a caller
    uint16_t seq;            // the sequence number it sent
    volatile bool answered;  // the reply came
};

// The request that sends a ping.
struct ping_req {
    struct net_req req;      // first: the network context sees only this
    uint32_t ip;             // destination, host order
    uint16_t seq;            // sequence number
    uint16_t size;           // payload bytes
    int result;              // 0 or -errno
};

static struct ping_slot slots[PING_SLOTS];
static uint16_t next_seq;
static struct raw_pcb *pcb;  // network context only

// Raw receive callback (network context): mark the slot of a matching
// echo reply and eat the packet; leave anything else to lwIP.
static u8_t ping_recv(void *arg, struct raw_pcb *rpcb, struct pbuf *p, const ip_addr_t *addr)
{
    if (p->len < IP_HLEN)
        return 0;
    u16_t hlen = IPH_HL_BYTES((const struct ip_hdr *)p->payload);
    struct icmp_echo_hdr echo;
    if (pbuf_copy_partial(p, &echo, sizeof(echo), hlen) != sizeof(echo) ||
        echo.type != ICMP_ER || echo.id != lwip_htons(PING_ID))
        return 0;
    uint16_t seq = lwip_ntohs(echo.seqno);
    uint32_t f = intr_save();
    for (int i = 0; i < PING_SLOTS; i++)
        if (slots[i].used && slots[i].seq == seq)
            slots[i].answered = true;
    intr_restore(f);
    pbuf_free(p);
    return 1;
}

static void ping_send_run(struct net_req *req)
{
    struct ping_req *r = (struct ping_req *)req;
    if (!pcb) {
        pcb = raw_new(IP_PROTO_ICMP);
        if (pcb) {
            raw_recv(pcb, ping_recv, NULL);
            raw_bind(pcb, IP4_ADDR_ANY);
        }
    }
    struct pbuf *p = pcb ? pbuf_alloc(PBUF_IP, sizeof(struct icmp_echo_hdr) + r->size, PBUF_RAM)
                         : NULL;
    if (!p) {
        r->result = -ENOMEM;
        req->done = true;
        return;
    }
    struct icmp_echo_hdr *h = p->payload;
    ICMPH_TYPE_SET(h, ICMP_ECHO);
    ICMPH_CODE_SET(h, 0);
    h->id = lwip_htons(PING_ID);
    h->seqno = lwip_htons(r->seq);
    h->chksum = 0;
    uint8_t *data = (uint8_t *)(h + 1);
    for (uint16_t i = 0; i < r->size; i++)
        data[i] = (uint8_t)i;
    h->chksum = inet_chksum(h, p->len);
    ip_addr_t to;
    ip_addr_set_ip4_u32_val(to, lwip_htonl(r->ip));
    r->result = raw_sendto(pcb, p, &to) == ERR_OK ? 0 : -EHOSTUNREACH;
    pbuf_free(p);
    req->done = true;
}

static bool answered(void *arg)
{
    return ((struct ping_slot *)arg)->answered;
}

int net_ping(uint32_t ip, uint16_t size, uint32_t timeout_ms)
{
    if (size > PING_DATA_MAX)
        return -EINVAL;
    struct ping_slot *slot = NULL;
    uint32_t f = intr_save();
    for (int i = 0; i < PING_SLOTS && !slot; i++)
        if (!slots[i].used)
            slot = &slots[i];
    if (slot) {
        slot->used = true;
        slot->answered = false;
        slot->seq = next_seq++;
    }
    intr_restore(f);
    if (!slot)
        return -EBUSY;

    uint64_t start = uptime_ms();
    struct ping_req r = { .req.run = ping_send_run, .ip = ip, .seq = slot->seq, .size = size };
    net_call(&r.req);
    int result = r.result;
    if (result == 0) {
        if (net_wait(answered, slot, start + timeout_ms))
            result = (int)(uptime_ms() - start);
        else
            result = -ETIMEDOUT;
    }
    f = intr_save();
    slot->used = false;
    intr_restore(f);
    return result;
}
