// Names of PCI vendors, devices and classes, for the boot log and /proc/pci.
// Pure: tables and look-ups only.
#ifndef DRIVERS_PCI_IDS_H
#define DRIVERS_PCI_IDS_H

#include "kernel/types.h"
#include "drivers/pci.h"

// The name of the device, e.g. "Intel 82540EM Gigabit Ethernet", or NULL
// when the table does not know it.
const char *pci_device_name(uint16_t vendor, uint16_t device);

// The name of a vendor, e.g. "Intel", or NULL.
const char *pci_vendor_name(uint16_t vendor);

// A name for the class and subclass, e.g. "Ethernet controller"; never
// NULL ("unknown class" when unknown).
const char *pci_class_name(uint8_t class_code, uint8_t subclass);

// Format the /proc/pci text for devs[0..ndev) into buf (n bytes, always
// NUL-terminated when n > 0). One line per function:
//   00:03.0 0200 8086:100e irq 11 Ethernet controller: Intel 82540EM ...
// followed by one indented line per BAR in use:
//     bar0 mem 0xfebc0000 size 0x20000
// Returns the length the whole text has (may exceed n, as snformat).
int pci_format_devs(char *buf, size_t n, const struct pci_dev *devs, int ndev);

#endif
