// Intel 82540EM (e1000) driver: legacy descriptor rings, interrupt driven
// receive. Registers and descriptors in e1000.h.
#include "drivers/net/e1000.h"
#include "drivers/net/nic.h"
#include "drivers/net/probe.h"
#include "drivers/pci.h"
#include "drivers/pic.h"
#include "drivers/pit.h"
#include "kernel/api/errno.h"
#include "kernel/console.h"
#include "kernel/trap.h"
#include "mm/kmalloc.h"
#include "mm/phys.h"
#include "mm/vm.h"
#include <string.h>

// One card.
struct e1000 {
    struct nic nic;                       // what the layers above see
    volatile uint8_t *regs;               // the register BAR, mapped uncached
    volatile struct e1000_rx_desc *rx;    // receive ring (E1000_NRX descriptors)
    volatile struct e1000_tx_desc *tx;    // transmit ring (E1000_NTX descriptors)
    uint8_t *rxbuf[E1000_NRX];            // receive buffers (kernel addresses)
    uint8_t *txbuf[E1000_NTX];            // transmit buffers (kernel addresses)
    uint32_t rx_next;                     // next receive descriptor the card fills
    uint32_t tx_next;                     // next transmit descriptor we fill
    bool rx_discard;                      // inside a frame spanning buffers: drop to EOP
};

static uint32_t rd(struct e1000 *e, uint32_t reg)
{
    return *(volatile uint32_t *)(e->regs + reg);
}

static void wr(struct e1000 *e, uint32_t reg, uint32_t v)
{
    *(volatile uint32_t *)(e->regs + reg) = v;
}

// Word addr of the EEPROM, through EERD; 0xFFFF if the read never ends.
static uint16_t eeprom_read(struct e1000 *e, uint8_t addr)
{
    wr(e, E1000_EERD, E1000_EERD_START | (uint32_t)addr << E1000_EERD_ADDR_SHIFT);
    for (int i = 0; i < 100000; i++) {
        uint32_t v = rd(e, E1000_EERD);
        if (v & E1000_EERD_DONE)
            return (uint16_t)(v >> E1000_EERD_DATA_SHIFT);
    }
    return 0xFFFF;
}

// Take every frame the card has finished off the receive ring and give
// the buffers back to the card. Runs in the interrupt handler.
//
// The buffers go back with one RDT write after the frames, not one each:
// under QEMU an RDT write also makes the device model look for frames it
// held back and wake its I/O thread, which costs more than copying a frame
// out.
static void rx_drain(struct e1000 *e)
{
    int taken = 0;
    for (int budget = 0; budget < E1000_NRX; budget++) {
        uint32_t i = e->rx_next;
        volatile struct e1000_rx_desc *d = &e->rx[i];
        if (!(d->status & E1000_RXD_DD))
            break;
        uint8_t status = d->status;
        uint16_t len = d->length;
        if (!(status & E1000_RXD_EOP)) {
            // The frame did not fit one 2048-byte buffer: too long.
            if (!e->rx_discard)
                nic_rx(&e->nic, e->rxbuf[i], E1000_BUFSIZE + 1u);
            e->rx_discard = true;
        } else if (e->rx_discard) {
            e->rx_discard = false;       // the tail of a long frame
        } else if (d->errors) {
            nic_rx_bad(&e->nic);
        } else {
            nic_rx(&e->nic, e->rxbuf[i], len > E1000_BUFSIZE ? E1000_BUFSIZE + 1u : len);
        }
        d->status = 0;
        e->rx_next = (i + 1) % E1000_NRX;
        taken++;
    }
    if (taken) {
        __asm__ volatile("" ::: "memory");
        // The last buffer taken, and all before it, belong to the card again.
        wr(e, E1000_RDT, (e->rx_next + E1000_NRX - 1) % E1000_NRX);
    }
}

static void e1000_irq(void *arg)
{
    struct e1000 *e = arg;
    uint32_t cause = rd(e, E1000_ICR);   // reading clears it
    if (!cause)
        return;                          // a card sharing the line
    if (cause & E1000_ICR_LSC)
        e->nic.link_up = (rd(e, E1000_STATUS) & E1000_STATUS_LU) != 0;
    if (cause & E1000_ICR_RXO)
        nic_rx_overflow(&e->nic);
    rx_drain(e);
}

// nic.send: copy the frame into the next transmit buffer and hand the
// descriptor to the card.
static int e1000_send(struct nic *nic, const void *frame, size_t len)
{
    struct e1000 *e = nic->priv;
    if (len < ETH_HLEN || len > ETH_FRAME_MAX) {
        nic_tx_drop(nic);
        return -EMSGSIZE;
    }
    uint32_t i = e->tx_next;
    volatile struct e1000_tx_desc *d = &e->tx[i];
    if (!(d->status & E1000_TXD_DD)) {
        nic_tx_drop(nic);                // all E1000_NTX descriptors in flight
        return -EBUSY;
    }
    if (d->status & E1000_TXD_EC_LC)
        nic_tx_error(nic);               // the last frame sent from this slot failed
    memcpy(e->txbuf[i], frame, len);
    if (len < ETH_ZLEN) {
        memset(e->txbuf[i] + len, 0, ETH_ZLEN - len);
        len = ETH_ZLEN;
    }
    d->length = (uint16_t)len;
    d->cmd = E1000_TXD_EOP | E1000_TXD_IFCS | E1000_TXD_RS;
    d->status = 0;
    __asm__ volatile("" ::: "memory");
    e->tx_next = (i + 1) % E1000_NTX;
    wr(e, E1000_TDT, e->tx_next);
    nic_tx_done(nic, len);
    return 0;
}

// Allocate n DMA buffers of E1000_BUFSIZE bytes, two to a page; fills
// bufs and returns false when memory is out.
static bool alloc_buffers(uint8_t **bufs, int n)
{
    for (int i = 0; i < n; i += 2) {
        uint8_t *page = page_alloc();
        if (!page)
            return false;
        bufs[i] = page;
        if (i + 1 < n)
            bufs[i + 1] = page + E1000_BUFSIZE;
    }
    return true;
}

// Reset the card, read its MAC, set up both rings and turn on the
// receiver, the transmitter and the interrupts.
static bool e1000_setup(struct e1000 *e)
{
    wr(e, E1000_IMC, 0xFFFFFFFFu);
    wr(e, E1000_CTRL, rd(e, E1000_CTRL) | E1000_CTRL_RST);
    pit_delay_ms(1);
    for (int i = 0; i < 100000 && (rd(e, E1000_CTRL) & E1000_CTRL_RST); i++)
        ;
    wr(e, E1000_IMC, 0xFFFFFFFFu);
    (void)rd(e, E1000_ICR);
    wr(e, E1000_CTRL, rd(e, E1000_CTRL) | E1000_CTRL_SLU | E1000_CTRL_ASDE);

    for (int w = 0; w < 3; w++) {
        uint16_t v = eeprom_read(e, (uint8_t)w);
        e->nic.mac[2 * w] = v & 0xFF;
        e->nic.mac[2 * w + 1] = v >> 8;
    }
    const uint8_t *m = e->nic.mac;
    wr(e, E1000_RAL0, m[0] | m[1] << 8 | m[2] << 16 | (uint32_t)m[3] << 24);
    wr(e, E1000_RAH0, m[4] | m[5] << 8 | 1u << 31);   // bit 31: address valid
    for (int i = 0; i < 128; i++)
        wr(e, E1000_MTA + 4 * i, 0);

    // One page holds each ring: 32 x 16 and 16 x 16 bytes, 16-byte aligned.
    uint8_t *ring = page_alloc();
    if (!ring || !alloc_buffers(e->rxbuf, E1000_NRX) || !alloc_buffers(e->txbuf, E1000_NTX))
        return false;
    e->rx = (volatile struct e1000_rx_desc *)ring;
    e->tx = (volatile struct e1000_tx_desc *)(ring + 2048);
    for (int i = 0; i < E1000_NRX; i++) {
        e->rx[i].addr = V2P(e->rxbuf[i]);
        e->rx[i].status = 0;
    }
    for (int i = 0; i < E1000_NTX; i++) {
        e->tx[i].addr = V2P(e->txbuf[i]);
        e->tx[i].status = E1000_TXD_DD;   // free: as if already sent
    }
    wr(e, E1000_RDBAL, V2P(ring));
    wr(e, E1000_RDBAH, 0);
    wr(e, E1000_RDLEN, E1000_NRX * sizeof(struct e1000_rx_desc));
    wr(e, E1000_RDH, 0);
    wr(e, E1000_RDT, E1000_NRX - 1);
    wr(e, E1000_TDBAL, V2P(ring + 2048));
    wr(e, E1000_TDBAH, 0);
    wr(e, E1000_TDLEN, E1000_NTX * sizeof(struct e1000_tx_desc));
    wr(e, E1000_TDH, 0);
    wr(e, E1000_TDT, 0);
    // QEMU's model (7.2) holds received frames back for one second after
    // every write of RCTL and then delivers them: the first exchange after
    // boot can take up to a second. Nothing is lost.
    wr(e, E1000_RCTL, E1000_RCTL_EN | E1000_RCTL_BAM | E1000_RCTL_BSIZE_2048 | E1000_RCTL_SECRC);
    wr(e, E1000_TIPG, E1000_TIPG_VALUE);
    wr(e, E1000_TCTL, E1000_TCTL_EN | E1000_TCTL_PSP | E1000_TCTL_CT | E1000_TCTL_COLD);
    e->nic.link_up = (rd(e, E1000_STATUS) & E1000_STATUS_LU) != 0;
    return true;
}

int e1000_probe(void)
{
    int found = 0;
    struct pci_dev *p;
    for (int n = 0; (p = pci_find(E1000_VENDOR, E1000_DEVICE, n)) != NULL; n++) {
        if (p->bar[0].io || p->bar[0].size == 0 || p->irq >= 16) {
            kprintf("e1000: %02x:%02x.%x: no usable register BAR or IRQ\n", p->bus, p->dev, p->fn);
            continue;
        }
        struct e1000 *e = kzalloc(sizeof(*e));
        if (!e)
            break;
        e->regs = mmio_map(p->bar[0].base, p->bar[0].size);
        if (!e->regs) {
            kprintf("e1000: no room to map the registers\n");
            kfree(e);
            break;
        }
        pci_enable(p);
        if (!e1000_setup(e)) {
            kprintf("e1000: out of memory for the rings\n");
            break;   // the pages taken so far stay with the card's state
        }
        e->nic.model = "e1000";
        e->nic.irq = p->irq;
        e->nic.base = p->bar[0].base;
        e->nic.send = e1000_send;
        e->nic.priv = e;
        if (nic_register(&e->nic) < 0)
            break;
        irq_register(p->irq, e1000_irq, e);
        pic_enable(p->irq);
        wr(e, E1000_IMS, E1000_ICR_RXT0 | E1000_ICR_RXO | E1000_ICR_RXDMT0 | E1000_ICR_LSC);
        found++;
    }
    return found;
}
