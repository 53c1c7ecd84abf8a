// Finding the network cards at boot: each driver looks for its cards and
// registers each one it sets up with nic_register (drivers/net/nic.h).
#ifndef DRIVERS_NET_PROBE_H
#define DRIVERS_NET_PROBE_H

// Run every driver's probe; prints one line per card found. Returns the
// number of cards registered.
int nic_probe_all(void);

// The drivers' probes; each returns the number of cards it registered.
int e1000_probe(void);     // drivers/net/e1000.c: Intel 82540EM (PCI 8086:100e)
int rtl8139_probe(void);   // drivers/net/rtl8139.c: Realtek RTL8139 (PCI 10ec:8139)
int ne2k_probe(void);      // drivers/net/ne2000.c: NE2000 on PCI (10ec:8029) and ISA

#endif
