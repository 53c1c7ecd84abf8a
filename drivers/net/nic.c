// The card registry, the receive checks and /proc/net/dev (see nic.h).
#include "drivers/net/nic.h"
#include "kernel/format.h"

static struct nic *nics[NIC_MAX];
static int nnics;

int nic_register(struct nic *nic)
{
    if (nnics == NIC_MAX)
        return -1;
    snformat(nic->name, sizeof(nic->name), "eth%d", nnics);
    nics[nnics++] = nic;
    return 0;
}

int nic_count(void)
{
    return nnics;
}

struct nic *nic_get(int i)
{
    return i >= 0 && i < nnics ? nics[i] : NULL;
}

void nic_reset_registry(void)
{
    for (int i = 0; i < NIC_MAX; i++)
        nics[i] = NULL;
    nnics = 0;
}

void nic_rx(struct nic *nic, const void *frame, size_t len)
{
    struct nic_stats *s = &nic->stats;
    if (len < ETH_ZLEN || len > ETH_FRAME_MAX) {
        s->rx_errors++;
        s->rx_length_errors++;
        return;
    }
    if (!nic->rx_hook || !nic->rx_hook(nic, frame, len, nic->rx_arg)) {
        s->rx_dropped++;
        return;
    }
    s->rx_packets++;
    s->rx_bytes += len;
    if (((const uint8_t *)frame)[0] & 1)
        s->rx_multicast++;
}

void nic_rx_bad(struct nic *nic)
{
    nic->stats.rx_errors++;
}

void nic_rx_overflow(struct nic *nic)
{
    nic->stats.rx_fifo++;
}

void nic_tx_done(struct nic *nic, size_t len)
{
    nic->stats.tx_packets++;
    nic->stats.tx_bytes += len;
}

void nic_tx_error(struct nic *nic)
{
    nic->stats.tx_errors++;
}

void nic_tx_drop(struct nic *nic)
{
    nic->stats.tx_dropped++;
}

void nic_format_mac(char *out, const uint8_t mac[ETH_ALEN])
{
    snformat(out, 18, "%02x:%02x:%02x:%02x:%02x:%02x",
             mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
}

// Where the next text goes (NULL once the buffer is full), and how much
// room is left there: len counts the whole text, as snformat does.
static char *at(char *buf, size_t n, int len)
{
    return (size_t)len < n ? buf + len : NULL;
}

static size_t room(size_t n, int len)
{
    return (size_t)len < n ? n - (size_t)len : 0;
}

int netdev_format(char *buf, size_t n)
{
    int len = 0;
    if (n > 0)
        buf[0] = 0;
    len += snformat(at(buf, n, len), room(n, len), "%s",
        "Inter-|   Receive                                                |  Transmit"
        "                                                 | Device\n"
        " face |bytes    packets errs drop fifo frame compressed multicast"
        "|bytes    packets errs drop fifo colls carrier compressed|link mac model\n");
    for (int i = 0; i < nnics; i++) {
        const struct nic *c = nics[i];
        const struct nic_stats *s = &c->stats;
        char mac[18];
        nic_format_mac(mac, c->mac);
        len += snformat(at(buf, n, len), room(n, len),
            "%6s: %8llu %7u %4u %4u %4u %5u %10u %9u %8llu %7u %4u %4u %4u %5u %7u %10u"
            " %s %s %s\n",
            c->name, (unsigned long long)s->rx_bytes, s->rx_packets, s->rx_errors,
            s->rx_dropped, s->rx_fifo, s->rx_length_errors, 0u, s->rx_multicast,
            (unsigned long long)s->tx_bytes, s->tx_packets, s->tx_errors, s->tx_dropped,
            0u, 0u, 0u, 0u, c->link_up ? "up" : "down", mac, c->model);
    }
    return len;
}
