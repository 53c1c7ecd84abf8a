// The network's files in /proc: pci (the PCI functions), net/dev (Linux's
// counters table) and net/if (one line per card with its address, for
// ifconfig).
#ifndef KERNEL_NETINFO_H
#define KERNEL_NETINFO_H

#include "kernel/types.h"

// Add /proc/pci, /proc/net/dev and /proc/net/if. Call once, after fs_init.
void netinfo_init(void);

// The text of /proc/net/if: for each card one line of name and value
// pairs, "eth0 inet 10.77.0.11 mac 52:54:00:12:34:56 model e1000 link up
// mtu 1500 rx_packets N rx_bytes N rx_errors N rx_dropped N tx_packets N
// tx_bytes N tx_errors N tx_dropped N" (inet 0.0.0.0 for a card without an
// address). Returns the full length, as snformat does.
int netif_format(char *buf, size_t n);

#endif
