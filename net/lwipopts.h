// lwIP 2.1.3 configuration for cluster-os (see lwIP's src/include/lwip/opt.h
// for every option and its default). Every line says why.
#ifndef NET_LWIPOPTS_H
#define NET_LWIPOPTS_H

// --- the port's model ------------------------------------------------------
#define NO_SYS                      1    // no lwIP threads: one kernel context (net_poll) runs the stack
#define SYS_LIGHTWEIGHT_PROT        0    // only that context touches lwIP, so lwIP needs no locks
#define LWIP_TIMERS                 1    // lwIP keeps its own timer list; net_poll calls sys_check_timeouts
#define LWIP_NETCONN                0    // the netconn API needs threads (NO_SYS=0)
#define LWIP_SOCKET                 0    // so do lwIP's sockets; ours are in net/udp_sock.c

// --- memory: sized for 16 MiB nodes ---------------------------------------
#define MEM_LIBC_MALLOC             0    // there is no libc: lwIP's own heap, a static array
#define MEM_ALIGNMENT               4    // i386 words
#define MEM_SIZE                    (64 * 1024)   // heap for outgoing datagrams (PBUF_RAM): 8 of the largest socket datagrams
#define MEMP_NUM_PBUF               32   // PBUF_REF pbufs: fragments of outgoing datagrams point into the original
#define MEMP_NUM_RAW_PCB            4    // raw pcbs: the kernel's ping
#define MEMP_NUM_UDP_PCB            16   // UDP pcbs: kernel sockets (cluster transport, echo) and DHCP
#define MEMP_NUM_REASSDATA          8    // datagrams being reassembled at once
#define MEMP_NUM_FRAG_PBUF          32   // fragments of outgoing datagrams in flight (an 8 KiB datagram is 6)
#define MEMP_NUM_ARP_QUEUE          32   // packets waiting for an ARP answer (a burst to a new peer)
#define PBUF_POOL_SIZE              160  // receive pbufs: the first card's frame ring (64, net/netglue.h) holds 64 waiting to be filled, a second card's as many, and 32 for those up the stack (reassembly, the ARP queue)
#define PBUF_POOL_BUFSIZE           1536 // one whole Ethernet frame per pool pbuf: no chains on receive

// --- link layer ------------------------------------------------------------
#define LWIP_ARP                    1    // Ethernet needs ARP
#define ARP_TABLE_SIZE              32   // one entry per cluster node on the segment, and then some
#define ARP_QUEUEING                1    // keep the first packets to a peer while ARP asks for its MAC
#define ARP_QUEUE_LEN               MEMP_NUM_ARP_QUEUE  // no per-peer cap below the pool: lwIP's cap (3) drops the
                                         // OLDEST queued packet without a word (udp_sendto says ERR_OK);
                                         // at the pool's size a full queue is ERR_MEM, which sockets count
#define ETH_PAD_SIZE                0    // frames are copied into pbufs, alignment does not matter
#define LWIP_NETIF_STATUS_CALLBACK  1    // print the address when it is set (static or by DHCP)
#define LWIP_NETIF_LINK_CALLBACK    1    // follow the card's link state
#define LWIP_SINGLE_NETIF           0    // a node may have several cards

// --- IPv4, ICMP, UDP ---------------------------------------------------------
#define LWIP_IPV4                   1    // the cluster runs on IPv4
#define LWIP_IPV6                   0    // not used: saves code and memory
#define IP_REASSEMBLY               1    // accept fragmented datagrams (socket datagrams up to 8 KiB)
#define IP_FRAG                     1    // and send them
#define IP_REASS_MAX_PBUFS          16   // at most 16 fragments held: about 23 KiB; larger datagrams are dropped
#define IP_DEFAULT_TTL              64   // as Linux
#define LWIP_ICMP                   1    // answer pings
#define LWIP_BROADCAST_PING         0    // but not pings to the broadcast address
#define LWIP_RAW                    1    // raw ICMP pcb for the kernel's own ping (net/ping.c)
#define LWIP_UDP                    1    // the cluster transport is UDP
#define LWIP_UDPLITE                0    // not used
#define LWIP_TCP                    0    // not used by the kernel (the issue asks for UDP only)
#define LWIP_DHCP                   1    // address by DHCP when the command line gives none
#define LWIP_AUTOIP                 0    // no link-local addresses: the cluster has a plan
#define LWIP_IGMP                   0    // no multicast groups
#define LWIP_DNS                    0    // nodes are addressed by number

// --- checksums: all in software, the drivers offload nothing -------------------
#define CHECKSUM_GEN_IP             1    // compute IP header checksums
#define CHECKSUM_GEN_UDP            1    // compute UDP checksums
#define CHECKSUM_GEN_ICMP           1    // compute ICMP checksums
#define CHECKSUM_CHECK_IP           1    // and check every one received: garbage is dropped
#define CHECKSUM_CHECK_UDP          1
#define CHECKSUM_CHECK_ICMP         1
#define LWIP_CHKSUM_ALGORITHM       3    // lwIP's fastest portable sum: 8 bytes per loop step (the default takes 2)

// --- diagnostics -------------------------------------------------------------
#define LWIP_STATS                  0    // the drivers and sockets keep the counters /proc shows
#define LWIP_DEBUG                  0    // no debug output; asserts stay on (LWIP_PLATFORM_ASSERT)

#endif
