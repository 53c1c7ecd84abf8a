// Registers and descriptors of the Intel 82540EM (QEMU's "e1000"), from
// the PCI/PCI-X Family of Gigabit Ethernet Controllers Software
// Developer's Manual (8254x), chapters 3 (descriptors) and 13 (registers).
#ifndef DRIVERS_NET_E1000_H
#define DRIVERS_NET_E1000_H

#include "kernel/types.h"

#define E1000_VENDOR   0x8086
#define E1000_DEVICE   0x100E   // 82540EM desktop adapter

// Register offsets in the memory BAR.
#define E1000_CTRL     0x0000   // device control
#define E1000_STATUS   0x0008   // device status
#define E1000_EERD     0x0014   // EEPROM read
#define E1000_ICR      0x00C0   // interrupt cause read (reading clears it)
#define E1000_IMS      0x00D0   // interrupt mask set
#define E1000_IMC      0x00D8   // interrupt mask clear
#define E1000_RCTL     0x0100   // receive control
#define E1000_TCTL     0x0400   // transmit control
#define E1000_TIPG     0x0410   // transmit inter-packet gap
#define E1000_RDBAL    0x2800   // receive ring base, low 32 bits
#define E1000_RDBAH    0x2804   // receive ring base, high 32 bits
#define E1000_RDLEN    0x2808   // receive ring length in bytes
#define E1000_RDH      0x2810   // receive head (the card's)
#define E1000_RDT      0x2818   // receive tail (ours: last descriptor given to the card)
#define E1000_TDBAL    0x3800   // transmit ring base, low
#define E1000_TDBAH    0x3804   // transmit ring base, high
#define E1000_TDLEN    0x3808   // transmit ring length in bytes
#define E1000_TDH      0x3810   // transmit head (the card's)
#define E1000_TDT      0x3818   // transmit tail (ours: next free descriptor)
#define E1000_MTA      0x5200   // multicast table, 128 words
#define E1000_RAL0     0x5400   // receive address 0, low
#define E1000_RAH0     0x5404   // receive address 0, high

#define E1000_CTRL_ASDE    (1u << 5)    // auto-speed detection
#define E1000_CTRL_SLU     (1u << 6)    // set link up
#define E1000_CTRL_RST     (1u << 26)   // device reset (self-clearing)
#define E1000_STATUS_LU    (1u << 1)    // link up
#define E1000_EERD_START   (1u << 0)    // start a read
#define E1000_EERD_DONE    (1u << 4)    // read done (82540EM layout)
#define E1000_EERD_ADDR_SHIFT 8
#define E1000_EERD_DATA_SHIFT 16

#define E1000_ICR_TXDW     (1u << 0)    // transmit descriptor written back
#define E1000_ICR_LSC      (1u << 2)    // link status change
#define E1000_ICR_RXDMT0   (1u << 4)    // receive descriptors running low
#define E1000_ICR_RXO      (1u << 6)    // receiver overrun (frames lost)
#define E1000_ICR_RXT0     (1u << 7)    // receive timer: frames arrived

#define E1000_RCTL_EN      (1u << 1)    // receiver enable
#define E1000_RCTL_BAM     (1u << 15)   // accept broadcast
#define E1000_RCTL_BSIZE_2048 0         // buffer size 2048 (BSIZE 00, BSEX 0)
#define E1000_RCTL_SECRC   (1u << 26)   // strip the Ethernet CRC
#define E1000_TCTL_EN      (1u << 1)    // transmitter enable
#define E1000_TCTL_PSP     (1u << 3)    // pad short packets
#define E1000_TCTL_CT      (0x10u << 4)   // collision threshold (manual's value)
#define E1000_TCTL_COLD    (0x40u << 12)  // collision distance, full duplex
#define E1000_TIPG_VALUE   (10u | 8u << 10 | 6u << 20)   // IPGT, IPGR1, IPGR2 for copper

#define E1000_RXD_DD       0x01         // descriptor done
#define E1000_RXD_EOP      0x02         // end of packet
#define E1000_TXD_EOP      0x01         // command: end of packet
#define E1000_TXD_IFCS     0x02         // command: insert the FCS
#define E1000_TXD_RS       0x08         // command: report status (set DD)
#define E1000_TXD_DD       0x01         // status: descriptor done
#define E1000_TXD_EC_LC    0x06         // status: excess or late collision

#define E1000_NRX      32       // receive descriptors (a multiple of 8)
#define E1000_NTX      16       // transmit descriptors (a multiple of 8)
#define E1000_BUFSIZE  2048     // bytes of each packet buffer

// A legacy receive descriptor (manual 3.2.3).
struct e1000_rx_desc {
    uint64_t addr;        // physical address of the buffer
    uint16_t length;      // bytes the card stored
    uint16_t checksum;    // packet checksum (unused)
    uint8_t status;       // DD, EOP, ...
    uint8_t errors;       // CRC, symbol, sequence, ... errors
    uint16_t special;     // VLAN tag (unused)
} __attribute__((packed));

// A legacy transmit descriptor (manual 3.3.3).
struct e1000_tx_desc {
    uint64_t addr;        // physical address of the frame
    uint16_t length;      // bytes to send
    uint8_t cso;          // checksum offset (unused)
    uint8_t cmd;          // EOP, IFCS, RS
    uint8_t status;       // DD when the card is done with it
    uint8_t css;          // checksum start (unused)
    uint16_t special;     // VLAN tag (unused)
} __attribute__((packed));

#endif
