// Registers of the Realtek RTL8139 (QEMU's "rtl8139"), from the RTL8139C
// datasheet and Realtek's programming guide.
#ifndef DRIVERS_NET_RTL8139_H
#define DRIVERS_NET_RTL8139_H

#define RTL_VENDOR     0x10EC
#define RTL_DEVICE     0x8139

// Register offsets in the I/O BAR.
#define RTL_IDR0       0x00     // MAC address, 6 bytes
#define RTL_MAR0       0x08     // multicast filter, 8 bytes
#define RTL_TSD0       0x10     // transmit status of descriptor 0 (4 of them, 4 bytes apart)
#define RTL_TSAD0      0x20     // transmit start address of descriptor 0 (4, 4 bytes apart)
#define RTL_RBSTART    0x30     // receive buffer start (physical)
#define RTL_CR         0x37     // command
#define RTL_CAPR       0x38     // current address of packet read (ours, minus 16)
#define RTL_CBR        0x3A     // current buffer address: where the card writes next
#define RTL_IMR        0x3C     // interrupt mask
#define RTL_ISR        0x3E     // interrupt status (write 1s to clear)
#define RTL_TCR        0x40     // transmit configuration
#define RTL_RCR        0x44     // receive configuration
#define RTL_CONFIG1    0x52     // configuration 1 (power)
#define RTL_BMSR       0x64     // basic mode status (PHY)

#define RTL_CR_BUFE    0x01     // receive buffer empty
#define RTL_CR_TE      0x04     // transmitter enable
#define RTL_CR_RE      0x08     // receiver enable
#define RTL_CR_RST     0x10     // software reset (self-clearing)

#define RTL_INT_ROK    0x0001   // receive OK
#define RTL_INT_RER    0x0002   // receive error
#define RTL_INT_TOK    0x0004   // transmit OK
#define RTL_INT_TER    0x0008   // transmit error
#define RTL_INT_RXOVW  0x0010   // receive buffer overflow
#define RTL_INT_LINK   0x0020   // link change (packet underrun)
#define RTL_INT_FOVW   0x0040   // receive FIFO overflow
// The interrupts the driver takes: the receive side and the link. Not TOK
// or TER: send reads a buffer's status (OWN, and the error bits) before
// it uses the buffer again, so an interrupt per frame sent would only
// cost time.
#define RTL_INT_MASK   (RTL_INT_ROK | RTL_INT_RER | RTL_INT_RXOVW | RTL_INT_LINK | RTL_INT_FOVW)

#define RTL_RCR_APM    0x00000002   // accept frames to our address
#define RTL_RCR_AM     0x00000004   // accept multicast
#define RTL_RCR_AB     0x00000008   // accept broadcast
#define RTL_RCR_MXDMA  0x00000700   // unlimited DMA burst
#define RTL_RCR_RXFTH  0x0000E000   // no receive FIFO threshold: whole frames
#define RTL_RCR_RBLEN  0x00001000   // ring length 10: 32 KiB + 16 bytes
// WRAP (bit 7) stays 0: the card wraps at the end of the ring, so a frame,
// whatever its length, never lands past the buffer.
#define RTL_TCR_MXDMA  0x00000700   // 2048-byte DMA bursts
#define RTL_TCR_IFG    0x03000000   // standard inter-frame gap

#define RTL_TSD_OWN    0x00002000   // the card is done with the descriptor's buffer
#define RTL_TSD_TOK    0x00008000   // transmitted
#define RTL_TSD_ERR    0x40000000   // transmit aborted
#define RTL_BMSR_LINK  0x0004       // link established

#define RTL_RX_OK      0x0001       // receive header status: received OK
#define RTL_RX_ERRS    0x003E       // FAE, CRC, LONG, RUNT, ISE

// The receive ring is the largest the card can wrap in (64 KiB needs
// WRAP off too, but 32 KiB is plenty): an 8 KiB ring holds five full
// frames, fewer than 8 datagrams in flight, and a frame that finds no room
// waits outside (QEMU holds it back until CAPR moves; a real card drops
// it) and costs an overflow interrupt.
#define RTL_RING_LEN   32768        // receive ring (RBLEN 10)
#define RTL_RING_PAGES 9            // 32768 + 16 bytes of ring, rounded up to pages
#define RTL_NTX        4            // transmit descriptors
#define RTL_TXBUF      2048         // bytes of each transmit buffer

#endif
