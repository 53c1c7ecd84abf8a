// The kernel's small network services, switched on from the command line:
//   udpecho=PORT          echo every UDP datagram that arrives on PORT
//                         (net/udpecho.c; user space's udpecho replaces it)
//   udpsink=PORT          answer every UDP datagram on PORT with its first
//                         four bytes only: a receipt (net/udpecho.c)
//   netstat=SECONDS       print the cards' counters (/proc/net/dev's text)
//                         and the stack's drops this often
//   peerping=IP[,IP...]   at boot, ping each peer and print the result
//   peercheck=IP[,IP...]  at boot, ping each peer, then exchange datagrams
//                         of mixed sizes with its UDP echo service (port
//                         from udpecho=, or 7) and print what came back
//   peercheck_count=N     datagrams of that exchange (default 200)
//   peercheck_max=N       its largest datagram (default 8000: six frames)
// (net/peercheck.c). They use only the kernel socket and ping API; the
// network thread steps them.
#ifndef NET_SERVICES_H
#define NET_SERVICES_H

#include "kernel/types.h"

#define UDPECHO_DEFAULT_PORT 7    // the echo service's port when none is named

// Start what the command line asks for. Call once after net_init.
void net_services_start(void);

// Start the peer checks (peerping=, peercheck=) in a kernel thread. Call
// once the network thread runs.
void net_services_start_checks(void);

// Give each running service a turn, without blocking (called by the
// network thread).
void net_services_step(void);

// The echo service (net/udpecho.c).
void udpecho_start(int port);
void udpecho_step(void);
// The receipt service (net/udpecho.c).
void udpsink_start(int port);
void udpsink_step(void);

// Datagrams the echo socket dropped (its receive queue was full).
uint32_t udpecho_drops(void);

// The boot-time checks (net/peercheck.c). list is "IP[,IP...]"; udp says
// whether to run the UDP exchange after the pings, with the echo service
// at echo_port: count datagrams (0: the default) of at most max bytes (0:
// no limit below UDP_DGRAM_MAX).
void peercheck_run(const char *list, bool udp, int echo_port, uint32_t count, size_t max);

#endif
