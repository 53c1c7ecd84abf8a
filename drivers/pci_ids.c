// PCI names and the /proc/pci text (see pci_ids.h). Pure logic.
#include "drivers/pci_ids.h"
#include "kernel/format.h"

// A device the table knows.
struct pci_id {
    uint16_t vendor;      // vendor id
    uint16_t device;      // device id
    const char *name;     // what the boot log calls it
};

static const struct pci_id devices[] = {
    { 0x8086, 0x1237, "Intel 440FX host bridge" },
    { 0x8086, 0x7000, "Intel PIIX3 ISA bridge" },
    { 0x8086, 0x7010, "Intel PIIX3 IDE controller" },
    { 0x8086, 0x7020, "Intel PIIX3 USB controller" },
    { 0x8086, 0x7113, "Intel PIIX4 ACPI" },
    { 0x8086, 0x100e, "Intel 82540EM Gigabit Ethernet (e1000)" },
    { 0x8086, 0x10d3, "Intel 82574L Gigabit Ethernet (e1000e)" },
    { 0x8086, 0x29c0, "Intel Q35 host bridge" },
    { 0x8086, 0x2918, "Intel ICH9 LPC bridge" },
    { 0x10ec, 0x8029, "Realtek RTL8029 (NE2000 PCI)" },
    { 0x10ec, 0x8139, "Realtek RTL8139 Fast Ethernet" },
    { 0x1022, 0x2000, "AMD PCnet-PCI II" },
    { 0x1234, 0x1111, "QEMU standard VGA" },
    { 0x1af4, 0x1000, "Virtio network device" },
};

// A vendor the table knows.
struct pci_vendor {
    uint16_t vendor;      // vendor id
    const char *name;     // short name
};

static const struct pci_vendor vendors[] = {
    { 0x8086, "Intel" }, { 0x10ec, "Realtek" }, { 0x1022, "AMD" },
    { 0x1234, "QEMU" }, { 0x1af4, "Red Hat (virtio)" }, { 0x1b36, "Red Hat (QEMU)" },
};

// A class/subclass pair the table knows; subclass 0xFF matches any.
struct pci_class {
    uint8_t class_code;   // base class
    uint8_t subclass;     // subclass, or 0xFF for "any"
    const char *name;     // what lspci would call it
};

static const struct pci_class classes[] = {
    { 0x01, 0x01, "IDE interface" },
    { 0x01, 0xFF, "Mass storage controller" },
    { 0x02, 0x00, "Ethernet controller" },
    { 0x02, 0xFF, "Network controller" },
    { 0x03, 0x00, "VGA compatible controller" },
    { 0x03, 0xFF, "Display controller" },
    { 0x06, 0x00, "Host bridge" },
    { 0x06, 0x01, "ISA bridge" },
    { 0x06, 0x04, "PCI bridge" },
    { 0x06, 0x80, "Bridge" },
    { 0x06, 0xFF, "Bridge" },
    { 0x0C, 0x03, "USB controller" },
    { 0x0C, 0xFF, "Serial bus controller" },
};

const char *pci_device_name(uint16_t vendor, uint16_t device)
{
    for (size_t i = 0; i < sizeof(devices) / sizeof(devices[0]); i++)
        if (devices[i].vendor == vendor && devices[i].device == device)
            return devices[i].name;
    return NULL;
}

const char *pci_vendor_name(uint16_t vendor)
{
    for (size_t i = 0; i < sizeof(vendors) / sizeof(vendors[0]); i++)
        if (vendors[i].vendor == vendor)
            return vendors[i].name;
    return NULL;
}

const char *pci_class_name(uint8_t class_code, uint8_t subclass)
{
    for (size_t i = 0; i < sizeof(classes) / sizeof(classes[0]); i++)
        if (classes[i].class_code == class_code &&
            (classes[i].subclass == subclass || classes[i].subclass == 0xFF))
            return classes[i].name;
    return "unknown class";
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

int pci_format_devs(char *buf, size_t n, const struct pci_dev *devs, int ndev)
{
    int len = 0;
    if (n > 0)
        buf[0] = 0;
    for (int i = 0; i < ndev; i++) {
        const struct pci_dev *d = &devs[i];
        const char *name = pci_device_name(d->vendor, d->device);
        const char *vendor = pci_vendor_name(d->vendor);
        char irq[8];
        if (d->irq == PCI_NO_IRQ || d->pin == 0)
            snformat(irq, sizeof(irq), "-");
        else
            snformat(irq, sizeof(irq), "%u", d->irq);
        len += snformat(at(buf, n, len), room(n, len),
            "%02x:%02x.%x %02x%02x %04x:%04x irq %s %s: %s\n",
            d->bus, d->dev, d->fn, d->class_code, d->subclass, d->vendor, d->device, irq,
            pci_class_name(d->class_code, d->subclass),
            name ? name : vendor ? vendor : "unknown device");
        for (int b = 0; b < PCI_NBARS; b++) {
            const struct pci_bar *bar = &d->bar[b];
            if (bar->size == 0)
                continue;
            len += snformat(at(buf, n, len), room(n, len),
                "    bar%d %s 0x%08x size 0x%x%s\n", b, bar->io ? "io " : "mem",
                bar->base, bar->size, bar->prefetch ? " prefetchable" : "");
        }
    }
    return len;
}
