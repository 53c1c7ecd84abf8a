// PCI: find the devices on the bus with configuration mechanism 1 (ports
// 0xCF8/0xCFC), record their BARs and interrupt line, and let drivers find
// them by vendor and device id.
#ifndef DRIVERS_PCI_H
#define DRIVERS_PCI_H

#include "kernel/types.h"

#define PCI_MAX_DEVS   32     // functions kept from the scan
#define PCI_NBARS      6      // base address registers of a type 0 header

// Configuration space offsets used by the kernel.
#define PCI_VENDOR     0x00
#define PCI_DEVICE     0x02
#define PCI_COMMAND    0x04
#define PCI_REVISION   0x08
#define PCI_PROGIF     0x09
#define PCI_SUBCLASS   0x0A
#define PCI_CLASS      0x0B
#define PCI_HEADER     0x0E
#define PCI_BAR0       0x10
#define PCI_IRQ_LINE   0x3C
#define PCI_IRQ_PIN    0x3D

#define PCI_CMD_IO     0x0001  // respond to I/O space accesses
#define PCI_CMD_MEM    0x0002  // respond to memory space accesses
#define PCI_CMD_MASTER 0x0004  // may start DMA (bus mastering)

#define PCI_HEADER_MULTI 0x80  // header type bit: the device has functions 1-7
#define PCI_NO_IRQ       0xFF  // interrupt line value: not connected

// One base address register.
struct pci_bar {
    uint32_t base;      // I/O port or physical memory address; 0 if unused
    uint32_t size;      // bytes decoded (from the all-ones probe); 0 if unused
    bool io;            // true: I/O space; false: memory space
    bool prefetch;      // memory BAR marked prefetchable
    bool wide;          // 64-bit memory BAR (takes the next register too)
};

// One PCI function found by the scan.
struct pci_dev {
    uint8_t bus, dev, fn;     // its address on the bus
    uint16_t vendor, device;  // identity
    uint8_t class_code;       // base class (0x02 network, 0x06 bridge, ...)
    uint8_t subclass;         // subclass within the class
    uint8_t progif;           // programming interface
    uint8_t revision;         // silicon revision
    uint8_t header;           // header type (bit 7 multifunction masked off)
    uint8_t irq;              // interrupt line the firmware routed (PCI_NO_IRQ if none)
    uint8_t pin;              // interrupt pin 1-4 (INTA-INTD), 0 if none
    struct pci_bar bar[PCI_NBARS];  // base address registers (type 0 headers)
};

// Scan every bus, device and function; keep what is found and list it on
// the console. Call once at boot, before the drivers probe.
void pci_init(void);

// Number of functions found, and the i-th one (NULL past the end).
int pci_count(void);
struct pci_dev *pci_get(int i);

// The n-th (0, 1, ...) function with this vendor and device id, or NULL.
struct pci_dev *pci_find(uint16_t vendor, uint16_t device, int n);

// Turn on I/O and memory decoding and bus mastering (DMA) for d.
void pci_enable(struct pci_dev *d);

// Raw configuration space access (offset aligned to the access size).
uint32_t pci_read32(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t off);
uint16_t pci_read16(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t off);
uint8_t pci_read8(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t off);
void pci_write32(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t off, uint32_t v);
void pci_write16(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t off, uint16_t v);

// The text of /proc/pci for the functions found: one line per function
// (see pci_format_devs). Returns the length the whole text has, as
// snformat does.
int pci_format(char *buf, size_t n);

#endif
