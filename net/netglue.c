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
static uint32_t stack_drops;            // frames lwIP had no pbuf for
static uint32_t input_errors;           // frames lwIP's input refused (it freed nothing)

// nic rx hook, in the card's interrupt handler: copy into the ring.
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

struct netif *netglue_attach(struct nic *nic)
{
    if (nglues == NIC_MAX)
        return NULL;
    struct glue *g = kzalloc(sizeof(*g));
    uint8_t *slots = kmalloc(NETGLUE_RING_SLOTS * NETGLUE_SLOT_SIZE);
    uint16_t *lens = kmalloc(NETGLUE_RING_SLOTS * sizeof(uint16_t));
    if (!g || !slots || !lens) {
        kfree(g);
        kfree(slots);
        kfree(lens);
        return NULL;
    }
    g->nic = nic;
    frame_ring_init(&g->ring, slots, lens, NETGLUE_RING_SLOTS, NETGLUE_SLOT_SIZE);
    if (!netif_add(&g->netif, NULL, NULL, NULL, g, glue_netif_init, ethernet_input)) {
        kfree(g);
        kfree(slots);
        kfree(lens);
        return NULL;
    }
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

// Feed g's queued frames to lwIP, each copied into a pool pbuf.
static void glue_input(struct glue *g)
{
    const uint8_t *frame;
    size_t len;
    while ((frame = frame_ring_peek(&g->ring, &len)) != NULL) {
        struct pbuf *p = pbuf_alloc(PBUF_RAW, (u16_t)len, PBUF_POOL);
        if (p) {
            pbuf_take(p, frame, (u16_t)len);
            frame_ring_pop(&g->ring);
            if (g->netif.input(p, &g->netif) != ERR_OK) {
                pbuf_free(p);
                input_errors++;
            }
        } else {
            frame_ring_pop(&g->ring);
            stack_drops++;
        }
    }
}

void netglue_poll(void)
{
    for (int i = 0; i < nglues; i++) {
        struct glue *g = glues[i];
        glue_input(g);
        bool up = g->nic->link_up;
        if (up && !netif_is_link_up(&g->netif))
            netif_set_link_up(&g->netif);
        else if (!up && netif_is_link_up(&g->netif))
            netif_set_link_down(&g->netif);
    }
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
    return stack_drops;
}

uint32_t netglue_input_errors(void)
{
    return input_errors;
}
