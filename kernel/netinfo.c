// /proc/pci, /proc/net/dev and /proc/net/if (see netinfo.h).
#include "kernel/netinfo.h"
#include "kernel/format.h"
#include "kernel/fs/procfs.h"
#include "drivers/pci.h"
#include "drivers/net/nic.h"
#include "net/net.h"
#include "net/ipaddr.h"
#include "net/netglue.h"
#include "net/udp_sock.h"

#define NETIF_MTU 1500   // the MTU every card has (Ethernet, no jumbo frames)

int netif_format(char *buf, size_t n)
{
    size_t len = 0;
    for (int i = 0; i < nic_count(); i++) {
        struct nic *nic = nic_get(i);
        char ip[IP_STR_MAX], mac[18];
        ip_format(ip, i == 0 ? net_local_ip() : 0);
        nic_format_mac(mac, nic->mac);
        const struct nic_stats *st = &nic->stats;
        len += (size_t)snformat(buf + (len < n ? len : n), len < n ? n - len : 0,
                                "%s inet %s mac %s model %s link %s mtu %d"
                                " rx_packets %u rx_bytes %llu rx_errors %u rx_dropped %u"
                                " tx_packets %u tx_bytes %llu tx_errors %u tx_dropped %u\n",
                                nic->name, ip, mac, nic->model, nic->link_up ? "up" : "down",
                                NETIF_MTU, st->rx_packets, (unsigned long long)st->rx_bytes,
                                st->rx_errors, st->rx_dropped, st->tx_packets,
                                (unsigned long long)st->tx_bytes, st->tx_errors, st->tx_dropped);
    }
    if (n > 0 && len < n)
        buf[len] = '\0';
    return (int)len;
}

// procfs generators.
static int gen_pci(char *buf, size_t size, void *arg)
{
    (void)arg;
    return pci_format(buf, size);
}

static int gen_netdev(char *buf, size_t size, void *arg)
{
    (void)arg;
    return netdev_format(buf, size);
}

static int gen_netif(char *buf, size_t size, void *arg)
{
    (void)arg;
    return netif_format(buf, size);
}

static int gen_netudp(char *buf, size_t size, void *arg)
{
    (void)arg;
    return udp_sock_format(buf, size);
}

// /proc/net/stack: frames dropped between the cards' rings and the
// sockets (a card's own drops are in /proc/net/dev, a socket's in
// /proc/net/udp).
static int gen_netstack(char *buf, size_t size, void *arg)
{
    (void)arg;
    return snformat(buf, size, "rx_no_pbuf %u\nrx_input_errors %u\nwait_late %u\n",
                    (unsigned)netglue_stack_drops(), (unsigned)netglue_input_errors(),
                    (unsigned)net_late_wakeups());
}

void netinfo_init(void)
{
    procfs_add_file("pci", gen_pci, NULL);
    procfs_add_file("net/dev", gen_netdev, NULL);
    procfs_add_file("net/if", gen_netif, NULL);
    procfs_add_file("net/udp", gen_netudp, NULL);
    procfs_add_file("net/stack", gen_netstack, NULL);
}
