// The glue between a card (drivers/net/nic.h) and lwIP: one netif per
// card. The card's interrupt handler puts frames into the glue's ring
// (rx hook); the network context takes them out and feeds lwIP
// (netglue_poll); lwIP sends through netglue's linkoutput, which calls
// the card's send.
#ifndef NET_NETGLUE_H
#define NET_NETGLUE_H

#include "kernel/types.h"
#include "drivers/net/nic.h"

#define NETGLUE_RING_SLOTS 64      // frames a card may queue before net_poll runs
#define NETGLUE_SLOT_SIZE  1536    // bytes per slot: one full frame

struct netif;

// Make a netif for nic, with its receive ring, and set nic's receive
// hook. The netif is up with no address; net.c configures it. Returns
// NULL when memory is out.
struct netif *netglue_attach(struct nic *nic);

// Feed lwIP every frame the cards have queued and follow their link
// state. Returns how many frames it fed. Network context only.
int netglue_poll(void);

// True when some card has frames queued.
bool netglue_pending(void);

// The card behind a netif made by netglue_attach.
struct nic *netglue_nic(struct netif *netif);

// Frames lwIP could not take (no pbuf) since boot, for all cards.
uint32_t netglue_stack_drops(void);

// Frames lwIP's input function refused outright, since boot.
uint32_t netglue_input_errors(void);

#endif
