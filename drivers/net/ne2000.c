// NE2000 driver (National DP8390 with 16 KiB of buffer memory), on PCI
// (RTL8029, QEMU's ne2k_pci) and on ISA (QEMU's ne2k_isa at port 0x300,
// IRQ 9 unless "ne2k_isa=PORT,IRQ" or "ne2k_isa=off" is on the command
// line). The card keeps received frames in a ring of 256-byte pages in its
// own memory; the driver copies them out through the remote DMA data port.
// Registers in ne2000.h.
#include "drivers/net/ne2000.h"
#include "kernel/x86.h"
#include "drivers/net/nic.h"
#include "drivers/net/isa_cfg.h"
#include "drivers/net/dp8390_ring.h"
#include "drivers/net/probe.h"
#include "drivers/pci.h"
#include "drivers/pic.h"
#include "kernel/api/errno.h"
#include "kernel/boot.h"
#include "kernel/console.h"
#include "kernel/trap.h"
#include "kernel/x86.h"
#include "mm/kmalloc.h"
#include <string.h>

#define NE_SPIN 100000   // polls of a status bit before giving up

// One card.
struct ne2k {
    struct nic nic;                      // what the layers above see
    uint16_t io;                         // base I/O port
    bool dword_io;                       // 32-bit data port transfers (RTL8029)
    uint8_t rx_stop;                     // end page of the receive ring
    uint8_t rxbuf[ETH_FRAME_MAX + 1];    // a received frame (+1: word transfers)
    uint8_t txbuf[ETH_FRAME_MAX + 1];    // the frame being sent, padded
};

// The header the card writes before each frame in the ring.
struct ne_rx_header {
    uint8_t status;      // receive status (NE_RSR_PRX: intact)
    uint8_t next;        // page of the next frame's header
    uint16_t count;      // bytes of this header and the frame
} __attribute__((packed));

// Start a remote DMA of count bytes at card address addr; cmd is
// NE_CR_RREAD or NE_CR_RWRITE.
static void dma_start(struct ne2k *n, uint16_t addr, uint16_t count, uint8_t cmd)
{
    outb(n->io + NE_CR, NE_CR_STA | NE_CR_NODMA);
    outb(n->io + NE_ISR, NE_ISR_RDC);
    outb(n->io + NE_RBCR0, count & 0xFF);
    outb(n->io + NE_RBCR1, count >> 8);
    outb(n->io + NE_RSAR0, addr & 0xFF);
    outb(n->io + NE_RSAR1, addr >> 8);
    outb(n->io + NE_CR, NE_CR_STA | cmd);
}

// Wait for the remote DMA to finish and acknowledge it.
static void dma_end(struct ne2k *n)
{
    for (int i = 0; i < NE_SPIN && !(inb(n->io + NE_ISR) & NE_ISR_RDC); i++)
        ;
    outb(n->io + NE_ISR, NE_ISR_RDC);
}

// Copy len bytes at card address addr into buf (which has room for len
// rounded up to even). The DMA wraps from the ring's end to its
// start. The data port gives 2 bytes per read, or 4 on the RTL8029: every
// read is a port access, which costs most of the time a frame takes (and
// under emulation, an exit to the device model each), so the wider the
// better. "rep insl" is one instruction for the whole run.
static void dma_read(struct ne2k *n, uint16_t addr, void *buf, uint16_t len)
{
    uint16_t count = (uint16_t)((len + 1) & ~1u);   // the DMA moves whole words
    dma_start(n, addr, count, NE_CR_RREAD);
    if (n->dword_io) {
        insl(n->io + NE_DATA, buf, count / 4);
        if (count & 2)
            insw(n->io + NE_DATA, (uint8_t *)buf + (count & ~3u), 1);
    } else {
        insw(n->io + NE_DATA, buf, count / 2);
    }
    dma_end(n);
}

// Copy len bytes (even) from buf to card address addr.
static void dma_write(struct ne2k *n, uint16_t addr, const void *buf, uint16_t len)
{
    dma_start(n, addr, len, NE_CR_RWRITE);
    if (n->dword_io) {
        outsl(n->io + NE_DATA, buf, len / 4);
        if (len & 2)
            outsw(n->io + NE_DATA, (const uint8_t *)buf + (len & ~3u), 1);
    } else {
        outsw(n->io + NE_DATA, buf, len / 2);
    }
    dma_end(n);
}

static uint8_t read_curr(struct ne2k *n)
{
    outb(n->io + NE_CR, NE_CR_STA | NE_CR_NODMA | NE_CR_PAGE1);
    uint8_t c = inb(n->io + NE_CURR);
    outb(n->io + NE_CR, NE_CR_STA | NE_CR_NODMA);
    return c;
}

// Set the boundary so that the next frame read is at page next.
static void set_next(struct ne2k *n, uint8_t next)
{
    uint8_t b = next == NE_RX_START ? n->rx_stop - 1 : next - 1;
    outb(n->io + NE_BNRY, b);
}

// Pages from a to b going forward round the receive ring.
static unsigned ring_distance(struct ne2k *n, uint8_t a, uint8_t b)
{
    return b >= a ? (unsigned)(b - a) : (unsigned)(b + n->rx_stop - NE_RX_START - a);
}

// Take every frame out of the ring. Runs in the interrupt handler. A frame
// whose header is garbage, or that would end past what the card wrote
// (CURR), means the ring was overwritten: drop everything it holds, so
// that the card has room again and its next frames are read.
static void rx_drain(struct ne2k *n)
{
    for (int budget = 0;; budget++) {
        if (budget == n->rx_stop - NE_RX_START) {
            // More frames than the ring has pages: we are walking garbage.
            nic_rx_bad(&n->nic);
            set_next(n, read_curr(n));
            return;
        }
        uint8_t page = inb(n->io + NE_BNRY) + 1;
        if (page >= n->rx_stop)
            page = NE_RX_START;
        uint8_t curr = read_curr(n);
        if (page == curr)
            break;
        struct ne_rx_header h;
        dma_read(n, (uint16_t)(page * NE_PAGE_SIZE), &h, sizeof(h));
        if (!dp8390_header_ok(page, h.next, h.count, NE_RX_START, n->rx_stop) ||
            ring_distance(n, page, h.next) > ring_distance(n, page, curr)) {
            // The header makes no sense: nothing after it can be trusted
            // either. Drop everything the card holds.
            nic_rx_bad(&n->nic);
            set_next(n, curr);
            break;
        }
        uint16_t len = h.count - sizeof(h);
        if (!(h.status & NE_RSR_PRX))
            nic_rx_bad(&n->nic);
        else if (len < ETH_ZLEN || len > ETH_FRAME_MAX)
            nic_rx(&n->nic, n->rxbuf, len);   // counted as a length error, never read
        else {
            dma_read(n, (uint16_t)(page * NE_PAGE_SIZE + sizeof(h)), n->rxbuf, len);
            nic_rx(&n->nic, n->rxbuf, len);
        }
        set_next(n, h.next);
    }
}

// Recover from a ring overflow as the datasheet says: stop, let the
// transmitter idle in loopback, empty the ring, start again.
static void rx_overflow(struct ne2k *n)
{
    nic_rx_overflow(&n->nic);
    outb(n->io + NE_CR, NE_CR_STP | NE_CR_NODMA);
    outb(n->io + NE_RBCR0, 0);
    outb(n->io + NE_RBCR1, 0);
    outb(n->io + NE_TCR, NE_TCR_LOOP);
    outb(n->io + NE_CR, NE_CR_STA | NE_CR_NODMA);
    rx_drain(n);
    outb(n->io + NE_ISR, NE_ISR_OVW);
    outb(n->io + NE_TCR, 0);
}

static void ne2k_irq(void *arg)
{
    struct ne2k *n = arg;
    // Loop until the card has nothing to say: on ISA the line is edge
    // triggered, and a cause left set would never interrupt again.
    for (int round = 0; round < 16; round++) {
        uint8_t isr = inb(n->io + NE_ISR) & NE_IMR_MASK;
        if (!isr)
            return;
        if (round == 15) {
            // Still busy: leave the rest for the next interrupt, and make
            // sure there is one by dropping the line and raising it again.
            outb(n->io + NE_IMR, 0);
            outb(n->io + NE_IMR, NE_IMR_MASK);
            return;
        }
        outb(n->io + NE_ISR, isr);
        if (isr & NE_ISR_OVW)
            rx_overflow(n);
        if (isr & NE_ISR_RXE)
            nic_rx_bad(&n->nic);
        if (isr & (NE_ISR_PRX | NE_ISR_RXE))
            rx_drain(n);
        if (isr & NE_ISR_TXE)
            nic_tx_error(&n->nic);
        if (isr & NE_ISR_CNT) {
            // Reading the three tally counters clears them.
            (void)inb(n->io + 0x0D);
            (void)inb(n->io + 0x0E);
            (void)inb(n->io + 0x0F);
        }
    }
}

// nic.send: copy the frame into the card's transmit pages and start it.
// Interrupts stay off meanwhile: the receive handler uses the same remote
// DMA registers.
static int ne2k_send(struct nic *nic, const void *frame, size_t len)
{
    struct ne2k *n = nic->priv;
    if (len < ETH_HLEN || len > ETH_FRAME_MAX) {
        nic_tx_drop(nic);
        return -EMSGSIZE;
    }
    uint32_t flags = intr_save();
    int i = 0;
    while (i < NE_SPIN && (inb(n->io + NE_CR) & NE_CR_TXP))
        i++;
    if (i == NE_SPIN) {
        intr_restore(flags);
        nic_tx_drop(nic);                 // the last frame never finished
        return -EBUSY;
    }
    // The DMA moves whole words: a frame of even length goes from where it
    // is; a short one (padded with zeros) or an odd one through txbuf.
    const void *src = frame;
    if (len < ETH_ZLEN || (len & 1)) {
        memcpy(n->txbuf, frame, len);
        if (len < ETH_ZLEN) {
            memset(n->txbuf + len, 0, ETH_ZLEN - len);
            len = ETH_ZLEN;
        }
        n->txbuf[len] = 0;   // the odd frame's last word (txbuf has room)
        src = n->txbuf;
    }
    dma_write(n, NE_TX_PAGE * NE_PAGE_SIZE, src, (uint16_t)((len + 1) & ~1u));
    outb(n->io + NE_TPSR, NE_TX_PAGE);
    outb(n->io + NE_TBCR0, len & 0xFF);
    outb(n->io + NE_TBCR1, len >> 8);
    outb(n->io + NE_CR, NE_CR_STA | NE_CR_NODMA | NE_CR_TXP);
    intr_restore(flags);
    nic_tx_done(nic, len);
    return 0;
}

// Reset the board at n->io; false when no DP8390 answers there.
static bool ne2k_reset(struct ne2k *n)
{
    outb(n->io + NE_RESET, inb(n->io + NE_RESET));
    int i = 0;
    while (i < NE_SPIN && !(inb(n->io + NE_ISR) & NE_ISR_RST))
        i++;
    outb(n->io + NE_CR, NE_CR_STP | NE_CR_NODMA);
    return i < NE_SPIN && inb(n->io + NE_CR) == (NE_CR_STP | NE_CR_NODMA);
}

// The datasheet's initialization sequence; reads the MAC from the PROM.
static void ne2k_setup(struct ne2k *n)
{
    outb(n->io + NE_CR, NE_CR_STP | NE_CR_NODMA);
    outb(n->io + NE_DCR, NE_DCR_WORD);
    outb(n->io + NE_RBCR0, 0);
    outb(n->io + NE_RBCR1, 0);
    outb(n->io + NE_RCR, NE_RCR_MON);
    outb(n->io + NE_TCR, NE_TCR_LOOP);
    outb(n->io + NE_PSTART, NE_RX_START);
    outb(n->io + NE_PSTOP, n->rx_stop);
    outb(n->io + NE_BNRY, n->rx_stop - 1);
    outb(n->io + NE_ISR, 0xFF);
    outb(n->io + NE_IMR, 0);

    // The PROM's bytes come doubled on a 16-bit card: the MAC is in the
    // low byte of each of the first six words.
    uint16_t prom[6];
    outb(n->io + NE_CR, NE_CR_STA | NE_CR_NODMA);
    dma_read(n, 0, prom, sizeof(prom));
    outb(n->io + NE_CR, NE_CR_STP | NE_CR_NODMA);
    for (int i = 0; i < ETH_ALEN; i++)
        n->nic.mac[i] = prom[i] & 0xFF;

    outb(n->io + NE_CR, NE_CR_STP | NE_CR_NODMA | NE_CR_PAGE1);
    for (int i = 0; i < ETH_ALEN; i++)
        outb(n->io + NE_PAR0 + i, n->nic.mac[i]);
    for (int i = 0; i < 8; i++)
        outb(n->io + NE_MAR0 + i, 0);
    outb(n->io + NE_CURR, NE_RX_START);
    outb(n->io + NE_CR, NE_CR_STA | NE_CR_NODMA);
    outb(n->io + NE_ISR, 0xFF);
    outb(n->io + NE_TCR, 0);
    outb(n->io + NE_RCR, NE_RCR_AB);
    n->nic.link_up = true;   // the DP8390 has no link status: assume a cable
}

// Set up and register the card at port io, irq; true if it is there.
// rtl8029: the PCI card, with 32 KiB of memory and a 32-bit data port.
static bool ne2k_attach(uint16_t io, int irq, const char *model, bool rtl8029)
{
    struct ne2k *n = kzalloc(sizeof(*n));
    if (!n)
        return false;
    n->io = io;
    n->dword_io = rtl8029;
    n->rx_stop = rtl8029 ? NE_RX_STOP_32K : NE_RX_STOP;
    if (!ne2k_reset(n)) {
        kfree(n);
        return false;
    }
    ne2k_setup(n);
    n->nic.model = model;
    n->nic.irq = irq;
    n->nic.base = io;
    n->nic.send = ne2k_send;
    n->nic.priv = n;
    if (nic_register(&n->nic) < 0)
        return false;
    irq_register(irq, ne2k_irq, n);
    pic_enable(irq);
    outb(io + NE_IMR, NE_IMR_MASK);
    return true;
}

int ne2k_probe(void)
{
    int found = 0;
    struct pci_dev *p;
    for (int i = 0; (p = pci_find(NE2K_PCI_VENDOR, NE2K_PCI_DEVICE, i)) != NULL; i++) {
        if (!p->bar[0].io || p->irq >= 16) {
            kprintf("ne2k_pci: %02x:%02x.%x: no I/O BAR or IRQ\n", p->bus, p->dev, p->fn);
            continue;
        }
        pci_enable(p);
        if (ne2k_attach((uint16_t)p->bar[0].base, p->irq, "ne2k_pci", true))
            found++;
        else
            kprintf("ne2k_pci: %02x:%02x.%x does not answer\n", p->bus, p->dev, p->fn);
    }

    const char *isa = cmdline_get(&bootinfo.cmdline, "ne2k_isa");
    uint16_t port = NE2K_ISA_PORT;
    int irq = NE2K_ISA_IRQ;
    if (isa && (strcmp(isa, "off") == 0 || strcmp(isa, "0") == 0))
        return found;
    if (isa && !isa_cfg_parse(isa, &port, &irq)) {
        kprintf("ne2k_isa: cannot read '%s' (want PORT,IRQ as in 0x300,9)\n", isa);
        return found;
    }
    if (ne2k_attach(port, irq, "ne2k_isa", false))
        found++;
    else if (isa)
        kprintf("ne2k_isa: no card at port %x\n", port);
    return found;
}
