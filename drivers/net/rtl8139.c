// Realtek RTL8139 driver: one 32 KiB receive ring the card writes frames
// into, four transmit buffers used in turn; interrupt driven receive.
// Registers in rtl8139.h.
#include "drivers/net/rtl8139.h"
#include "drivers/net/nic.h"
#include "drivers/net/probe.h"
#include "drivers/pci.h"
#include "drivers/pic.h"
#include "kernel/api/errno.h"
#include "kernel/console.h"
#include "kernel/trap.h"
#include "kernel/x86.h"
#include "mm/kmalloc.h"
#include "mm/phys.h"
#include <string.h>

// One card.
struct rtl8139 {
    struct nic nic;                  // what the layers above see
    uint16_t io;                     // I/O port base
    uint8_t *ring;                   // receive ring (kernel address), RTL_RING_LEN + 16 bytes
    paddr_t ring_pa;                 // its physical address, for RBSTART
    uint32_t rx_off;                 // offset of the next frame header in the ring
    uint8_t *txbuf[RTL_NTX];         // transmit buffers (kernel addresses)
    uint32_t tx_next;                // next transmit descriptor to use
    uint8_t bounce[ETH_FRAME_MAX + ETH_FCS_LEN];   // a frame that wraps the ring end
};

// Give the receiver a fresh, empty ring: after an error the card's idea
// of where frames are can no longer be trusted.
static void rx_restart(struct rtl8139 *r)
{
    outb(r->io + RTL_CR, RTL_CR_TE);
    outl(r->io + RTL_RBSTART, r->ring_pa);   // also rewinds the card's ring pointers
    outl(r->io + RTL_RCR,
         RTL_RCR_APM | RTL_RCR_AB | RTL_RCR_MXDMA | RTL_RCR_RXFTH | RTL_RCR_RBLEN);
    outb(r->io + RTL_CR, RTL_CR_RE | RTL_CR_TE);
    r->rx_off = 0;
    // Tell the card everything is read (CAPR trails the read offset by
    // 16); this is also what makes it deliver frames it held back.
    outw(r->io + RTL_CAPR, (uint16_t)(r->rx_off - 16));
}

// Take the frames out of the receive ring: all those the card had written
// when the handler looked (CBR, where it writes next); one that comes
// later raises ROK again. Runs in the interrupt handler. The loop ends:
// each frame moves rx_off at least 24 bytes closer to CBR, and never past
// it. (A fixed budget would leave frames the card already announced
// waiting for the next frame's interrupt.)
//
// The card learns how far the driver has read (CAPR) once, after the
// frames, not after each: under QEMU a CAPR write also makes the device
// model look for frames it held back and wake its I/O thread, which costs
// more than copying a frame out.
static void rx_drain(struct rtl8139 *r)
{
    uint32_t end = inw(r->io + RTL_CBR) % RTL_RING_LEN;
    uint32_t start_off = r->rx_off;
    while (r->rx_off != end) {
        uint32_t hdr = *(volatile uint32_t *)(r->ring + r->rx_off);
        uint16_t status = hdr & 0xFFFF;
        uint16_t len = hdr >> 16;          // frame plus its 4-byte CRC
        if (len == 0xFFF0)
            break;                         // the card is still copying it in
        uint32_t step = (len + 4 + 3) & ~3u;                      // header, frame, padding
        uint32_t written = (end + RTL_RING_LEN - r->rx_off) % RTL_RING_LEN;
        if (step > written) {
            // It would end past what the card wrote: not a header at all,
            // and where the next frame starts cannot be known.
            nic_rx_bad(&r->nic);
            rx_restart(r);
            return;
        }
        if (!(status & RTL_RX_OK) || (status & RTL_RX_ERRS) ||
            len < ETH_HLEN + ETH_FCS_LEN || len > ETH_FRAME_MAX + ETH_FCS_LEN) {
            if (status & RTL_RX_OK)
                nic_rx(&r->nic, r->bounce, len < ETH_FCS_LEN ? 0 : len - ETH_FCS_LEN);
            else
                nic_rx_bad(&r->nic);
            rx_restart(r);
            return;
        }
        uint32_t start = (r->rx_off + 4) % RTL_RING_LEN;
        uint32_t flen = len - ETH_FCS_LEN;
        const uint8_t *frame = r->ring + start;
        if (start + flen > RTL_RING_LEN) {
            uint32_t first = RTL_RING_LEN - start;
            memcpy(r->bounce, r->ring + start, first);
            memcpy(r->bounce + first, r->ring, flen - first);
            frame = r->bounce;
        }
        nic_rx(&r->nic, frame, flen);
        r->rx_off = (r->rx_off + step) % RTL_RING_LEN;
    }
    if (r->rx_off != start_off)
        outw(r->io + RTL_CAPR, (uint16_t)(r->rx_off - 16));
}

static void rtl8139_irq(void *arg)
{
    struct rtl8139 *r = arg;
    uint16_t isr = inw(r->io + RTL_ISR);
    if (!(isr & RTL_INT_MASK))
        return;                            // a card sharing the line
    outw(r->io + RTL_ISR, isr);
    if (isr & (RTL_INT_RXOVW | RTL_INT_FOVW))
        nic_rx_overflow(&r->nic);
    if (isr & RTL_INT_LINK)
        r->nic.link_up = (inw(r->io + RTL_BMSR) & RTL_BMSR_LINK) != 0;
    if (isr & (RTL_INT_ROK | RTL_INT_RER | RTL_INT_RXOVW | RTL_INT_FOVW))
        rx_drain(r);
}

// nic.send: copy the frame into the next of the four transmit buffers and
// start it.
static int rtl8139_send(struct nic *nic, const void *frame, size_t len)
{
    struct rtl8139 *r = nic->priv;
    if (len < ETH_HLEN || len > ETH_FRAME_MAX) {
        nic_tx_drop(nic);
        return -EMSGSIZE;
    }
    uint32_t i = r->tx_next;
    uint16_t tsd = RTL_TSD0 + 4 * i;
    uint32_t st = inl(r->io + tsd);
    if (!(st & RTL_TSD_OWN)) {
        nic_tx_drop(nic);                  // the card still has this buffer
        return -EBUSY;
    }
    if (st & RTL_TSD_ERR)
        nic_tx_error(nic);                 // the last frame from this buffer was aborted
    memcpy(r->txbuf[i], frame, len);
    if (len < ETH_ZLEN) {
        memset(r->txbuf[i] + len, 0, ETH_ZLEN - len);
        len = ETH_ZLEN;
    }
    outl(r->io + tsd, (uint32_t)len);      // clears OWN: the card starts sending
    r->tx_next = (i + 1) % RTL_NTX;
    nic_tx_done(nic, len);
    return 0;
}

// Wake the card, reset it, read its MAC and set up the rings.
static bool rtl8139_setup(struct rtl8139 *r)
{
    outb(r->io + RTL_CONFIG1, 0);          // power on (LWAKE + LWPTN low)
    outb(r->io + RTL_CR, RTL_CR_RST);
    for (int i = 0; i < 100000 && (inb(r->io + RTL_CR) & RTL_CR_RST); i++)
        ;
    for (int i = 0; i < ETH_ALEN; i++)
        r->nic.mac[i] = inb(r->io + RTL_IDR0 + i);

    r->ring_pa = frame_alloc_run(&kframes, RTL_RING_PAGES);
    if (!r->ring_pa)
        return false;
    r->ring = P2V(r->ring_pa);
    memset(r->ring, 0, RTL_RING_PAGES * PAGE_SIZE);
    for (int i = 0; i < RTL_NTX; i += 2) {
        uint8_t *page = page_alloc();
        if (!page)
            return false;
        r->txbuf[i] = page;
        r->txbuf[i + 1] = page + RTL_TXBUF;
    }
    for (int i = 0; i < RTL_NTX; i++)
        outl(r->io + RTL_TSAD0 + 4 * i, V2P(r->txbuf[i]));
    outl(r->io + RTL_TCR, RTL_TCR_MXDMA | RTL_TCR_IFG);
    outl(r->io + RTL_MAR0, 0);
    outl(r->io + RTL_MAR0 + 4, 0);
    rx_restart(r);
    outw(r->io + RTL_ISR, 0xFFFF);
    r->nic.link_up = (inw(r->io + RTL_BMSR) & RTL_BMSR_LINK) != 0;
    return true;
}

int rtl8139_probe(void)
{
    int found = 0;
    struct pci_dev *p;
    for (int n = 0; (p = pci_find(RTL_VENDOR, RTL_DEVICE, n)) != NULL; n++) {
        if (!p->bar[0].io || p->irq >= 16) {
            kprintf("rtl8139: %02x:%02x.%x: no I/O BAR or IRQ\n", p->bus, p->dev, p->fn);
            continue;
        }
        struct rtl8139 *r = kzalloc(sizeof(*r));
        if (!r)
            break;
        r->io = (uint16_t)p->bar[0].base;
        pci_enable(p);
        if (!rtl8139_setup(r)) {
            kprintf("rtl8139: out of memory for the rings\n");
            break;
        }
        r->nic.model = "rtl8139";
        r->nic.irq = p->irq;
        r->nic.base = r->io;
        r->nic.send = rtl8139_send;
        r->nic.priv = r;
        if (nic_register(&r->nic) < 0)
            break;
        irq_register(p->irq, rtl8139_irq, r);
        pic_enable(p->irq);
        outw(r->io + RTL_IMR, RTL_INT_MASK);
        found++;
    }
    return found;
}
