// Registers of the National DP8390 as wired on NE2000 cards (QEMU's
// "ne2k_pci" and "ne2k_isa"), from the DP8390D datasheet and National's
// "Writing drivers for the DP8390" application note.
#ifndef DRIVERS_NET_NE2000_H
#define DRIVERS_NET_NE2000_H

#define NE2K_PCI_VENDOR 0x10EC
#define NE2K_PCI_DEVICE 0x8029   // RTL8029, an NE2000 on PCI
#define NE2K_ISA_PORT   0x300    // default ISA base port
#define NE2K_ISA_IRQ    9        // default ISA interrupt line

// Page 0 registers (offsets from the base port).
#define NE_CR       0x00    // command (every page)
#define NE_PSTART   0x01    // receive ring start page (write)
#define NE_PSTOP    0x02    // receive ring stop page (write)
#define NE_BNRY     0x03    // boundary: last ring page the driver has read
#define NE_TPSR     0x04    // transmit page start (write)
#define NE_TBCR0    0x05    // transmit byte count (write)
#define NE_TBCR1    0x06
#define NE_ISR      0x07    // interrupt status (write 1s to clear)
#define NE_RSAR0    0x08    // remote DMA start address
#define NE_RSAR1    0x09
#define NE_RBCR0    0x0A    // remote DMA byte count
#define NE_RBCR1    0x0B
#define NE_RCR      0x0C    // receive configuration (write)
#define NE_TCR      0x0D    // transmit configuration (write)
#define NE_DCR      0x0E    // data configuration (write)
#define NE_IMR      0x0F    // interrupt mask (write)
// Page 1 registers.
#define NE_PAR0     0x01    // station address, 6 bytes
#define NE_CURR     0x07    // current page: where the card writes the next frame
#define NE_MAR0     0x08    // multicast filter, 8 bytes
// NE2000 board ports.
#define NE_DATA     0x10    // remote DMA data port
#define NE_RESET    0x1F    // reading then writing it resets the board

#define NE_CR_STP   0x01    // stop
#define NE_CR_STA   0x02    // start
#define NE_CR_TXP   0x04    // transmit packet
#define NE_CR_RREAD 0x08    // remote DMA: read
#define NE_CR_RWRITE 0x10   // remote DMA: write
#define NE_CR_NODMA 0x20    // remote DMA: abort / complete
#define NE_CR_PAGE1 0x40    // register page 1

#define NE_ISR_PRX  0x01    // frame received
#define NE_ISR_PTX  0x02    // frame transmitted
#define NE_ISR_RXE  0x04    // receive error
#define NE_ISR_TXE  0x08    // transmit error
#define NE_ISR_OVW  0x10    // receive ring overflow
#define NE_ISR_CNT  0x20    // tally counter overflow
#define NE_ISR_RDC  0x40    // remote DMA complete
#define NE_ISR_RST  0x80    // reset state
// The interrupts the driver takes: all but RDC (polled in dma_end) and
// PTX: send polls the transmitter itself (TXP) before it starts the next
// frame, so an interrupt per frame sent would only cost time.
#define NE_IMR_MASK (NE_ISR_PRX | NE_ISR_RXE | NE_ISR_TXE | NE_ISR_OVW | NE_ISR_CNT)

#define NE_DCR_WORD 0x49    // 16-bit transfers, normal operation, FIFO threshold 8 bytes
#define NE_RCR_AB   0x04    // accept broadcast
#define NE_RCR_MON  0x20    // monitor mode: check frames, store none
#define NE_TCR_LOOP 0x02    // internal loopback
#define NE_RSR_PRX  0x01    // receive header status: received intact

// The card's buffer memory, in 256-byte pages from 0x40: 16 KiB (to 0x7F)
// on the NE2000, 32 KiB (to 0xBF) on the RTL8029, which the driver uses
// for a receive ring twice as deep.
#define NE_TX_PAGE    0x40  // transmit buffer: 6 pages, one full frame
#define NE_RX_START   0x46  // receive ring: the rest
#define NE_RX_STOP    0x80  // end of the ring on an NE2000 (16 KiB)
#define NE_RX_STOP_32K 0xC0 // end of the ring on the RTL8029 (32 KiB)
#define NE_PAGE_SIZE  256

#endif
