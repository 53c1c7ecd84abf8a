// Probe every network driver (see probe.h).
#include "drivers/net/probe.h"
#include "drivers/net/nic.h"
#include "kernel/console.h"

int nic_probe_all(void)
{
    int n = e1000_probe() + rtl8139_probe() + ne2k_probe();
    for (int i = 0; i < nic_count(); i++) {
        struct nic *c = nic_get(i);
        char mac[18];
        nic_format_mac(mac, c->mac);
        kprintf("%s: %s at %x irq %d, mac %s, link %s\n", c->name, c->model, c->base,
                c->irq, mac, c->link_up ? "up" : "down");
    }
    if (n == 0)
        kprintf("net: no network card found\n");
    return n;
}
