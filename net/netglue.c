// Binding any struct nic to an lwIP netif: init, linkoutput, input and
// link status (see netglue.h).
#include "net/netglue.h"
#include "net/net.h"
#include "net/frame_ring.h"
#include "kernel/x86.h"
#include "kernel/console.h"
#include "mm/kmalloc.h"
#include "lwip/etharp.h"
#include "lwip/netif.h"
#include "lwip/pbuf.h"
#include "netif/ethernet.h"
#include <string.h>

// One card as lwIP sees it.
struct glue {
    struct nic *nic;                    // the card
    struct netif netif;                 // lwIP's view of it
    struct frame_ring ring;             // frames from the interrupt handler
    uint8_t txbuf[ETH_FRAME_MAX];       // an outgoing frame, gathered from its pbufs
};

static struct glue *glues[NIC_MAX];
static int nglues;
static uint32_t input_errors;           // frames lwIP's input refused (it freed nothing)

// nic rx hook, in the card's interrupt handler: copy into the ring, that is
// into a pool pbuf the network context gave it (it calls no lwIP code).
static bool glue_rx(struct nic *nic, const void *frame, size_t len, void *arg)
{
    struct glue *g = arg;
    bool queued = frame_ring_put(&g->ring, frame, len);
    if (queued)
        net_kick();
    return queued;
}

// netif linkoutput: gather the pbuf chain into one frame and send it.
static err_t glue_linkoutput(struct netif *netif, struct pbuf *p)
{
    struct glue *g = netif->state;
    if (p->tot_len > sizeof(g->txbuf)) {
        nic_tx_drop(g->nic);
        return ERR_IF;
    }
    // A frame in one pbuf (a datagram the socket layer built whole) goes
    // to the card as it is: the driver copies it anyway.
    if (p->len == p->tot_len)
        return g->nic->send(g->nic, p->payload, p->len) == 0 ? ERR_OK : ERR_IF;
    u16_t len = pbuf_copy_partial(p, g->txbuf, p->tot_len, 0);
    return g->nic->send(g->nic, g->txbuf, len) == 0 ? ERR_OK : ERR_IF;
}

// netif init: what kind of interface this is.
static err_t glue_netif_init(struct netif *netif)
{
    struct glue *g = netif->state;
    netif->name[0] = 'e';
    netif->name[1] = 'n';
    netif->hwaddr_len = ETH_ALEN;
    memcpy(netif->hwaddr, g->nic->mac, ETH_ALEN);
    netif->mtu = ETH_MTU;
    netif->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP | NETIF_FLAG_ETHERNET;
    netif->output = etharp_output;
    netif->linkoutput = glue_linkoutput;
    return ERR_OK;
}

// Give every slot of g's ring that has none a pool pbuf to be filled, as
// far as the pool has them (a slot left without one drops its frame, as a
// full ring does; the next round tries again).
static void refill(struct glue *g)
{
    while (g->ring.bare > 0) {
        struct pbuf *p = pbuf_alloc(PBUF_RAW, NETGLUE_SLOT_SIZE, PBUF_POOL);
        if (!p)
            return;
        if (p->next || !frame_ring_give(&g->ring, p->payload, p)) {
            pbuf_free(p);   // a chain (a pool too small for a frame), or no slot
            return;
        }
    }
}

struct netif *netglue_attach(struct nic *nic)
{
    if (nglues == NIC_MAX)
        return NULL;
    struct glue *g = kzalloc(sizeof(*g));
    struct frame_slot *slots = kmalloc(NETGLUE_RING_SLOTS * sizeof(*slots));
    if (!g || !slots) {
        kfree(g);
        kfree(slots);
        return NULL;
    }
    g->nic = nic;
    frame_ring_init(&g->ring, slots, NETGLUE_RING_SLOTS, NETGLUE_SLOT_SIZE);
    if (!netif_add(&g->netif, NULL, NULL, NULL, g, glue_netif_init, ethernet_input)) {
        kfree(g);
        kfree(slots);
        return NULL;
    }
    refill(g);
    glues[nglues++] = g;
    // From here on the card's interrupt handler fills the ring.
    uint32_t f = intr_save();
    nic->rx_arg = g;
    nic->rx_hook = glue_rx;
    intr_restore(f);
    if (nic->link_up)
        netif_set_link_up(&g->netif);
    return &g->netif;
}

// Feed g's queued frames to lwIP: each is already in a pool pbuf, which
// goes up the stack as it is; its slot gets a fresh one. Returns how many.
static int glue_input(struct glue *g)
{
    int fed = 0;
    size_t len;
    while (frame_ring_peek(&g->ring, &len) != NULL) {
        struct pbuf *p = frame_ring_take(&g->ring);
        fed++;
        pbuf_realloc(p, (u16_t)len);   // the frame's length, not the slot's
        if (g->netif.input(p, &g->netif) != ERR_OK) {
            pbuf_free(p);
            input_errors++;
        }
    }
    refill(g);
    return fed;
}

int netglue_poll(void)
{
    int fed = 0;
    for (int i = 0; i < nglues; i++) {
        struct glue *g = glues[i];
        fed += glue_input(g);
        bool up = g->nic->link_up;
        if (up && !netif_is_link_up(&g->netif))
            netif_set_link_up(&g->netif);
        else if (!up && netif_is_link_up(&g->netif))
            netif_set_link_down(&g->netif);
    }
    return fed;
}

bool netglue_pending(void)
{
    for (int i = 0; i < nglues; i++)
        if (frame_ring_count(&glues[i]->ring))
            return true;
    return false;
}

struct nic *netglue_nic(struct netif *netif)
{
    return ((struct glue *)netif->state)->nic;
}

uint32_t netglue_stack_drops(void)
{
    uint32_t n = 0;
    for (int i = 0; i < nglues; i++)
        n += glues[i]->ring.bare_drops;
    return n;
}

uint32_t netglue_input_errors(void)
{
    return input_errors;
}
