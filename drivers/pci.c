// PCI enumeration with configuration mechanism 1 (see pci.h).
#include "drivers/pci.h"
#include "drivers/pci_ids.h"
#include "kernel/console.h"
#include "kernel/x86.h"

#define PCI_ADDR_PORT 0xCF8
#define PCI_DATA_PORT 0xCFC
#define PCI_ENABLE    0x80000000u   // address register: configuration cycle

static struct pci_dev devs[PCI_MAX_DEVS];
static int ndevs;
static int ndropped;   // functions found beyond the table

// Select the configuration dword holding off (mechanism 1).
static void select(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t off)
{
    outl(PCI_ADDR_PORT, PCI_ENABLE | (uint32_t)bus << 16 | (uint32_t)(dev & 31) << 11 |
                        (uint32_t)(fn & 7) << 8 | (off & 0xFC));
}

uint32_t pci_read32(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t off)
{
    select(bus, dev, fn, off);
    return inl(PCI_DATA_PORT);
}

uint16_t pci_read16(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t off)
{
    select(bus, dev, fn, off);
    return inw(PCI_DATA_PORT + (off & 2));
}

uint8_t pci_read8(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t off)
{
    select(bus, dev, fn, off);
    return inb(PCI_DATA_PORT + (off & 3));
}

void pci_write32(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t off, uint32_t v)
{
    select(bus, dev, fn, off);
    outl(PCI_DATA_PORT, v);
}

void pci_write16(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t off, uint16_t v)
{
    select(bus, dev, fn, off);
    outw(PCI_DATA_PORT + (off & 2), v);
}

// Size BAR i of d the standard way: write all ones, read back which
// address bits stick, restore. Decoding is turned off meanwhile so the
// device never answers at the probe address. Returns the index of the
// last register used (i + 1 for a 64-bit BAR).
static int probe_bar(struct pci_dev *d, int i)
{
    uint8_t off = PCI_BAR0 + 4 * i;
    uint32_t orig = pci_read32(d->bus, d->dev, d->fn, off);
    pci_write32(d->bus, d->dev, d->fn, off, 0xFFFFFFFFu);
    uint32_t mask = pci_read32(d->bus, d->dev, d->fn, off);
    pci_write32(d->bus, d->dev, d->fn, off, orig);
    struct pci_bar *b = &d->bar[i];
    if (mask == 0 || mask == 0xFFFFFFFFu)
        return i;   // the device has no such register
    if (orig & 1) {
        b->io = true;
        b->base = orig & ~3u;
        b->size = (~(mask & ~3u) + 1) & 0xFFFF;
        return i;
    }
    b->base = orig & ~15u;
    b->size = ~(mask & ~15u) + 1;
    b->prefetch = (orig & 8) != 0;
    if (((orig >> 1) & 3) == 2 && i + 1 < PCI_NBARS) {
        // 64-bit BAR: the upper half must be 0 for a 32-bit kernel to reach it.
        b->wide = true;
        if (pci_read32(d->bus, d->dev, d->fn, off + 4) != 0) {
            b->base = 0;
            b->size = 0;
        }
        return i + 1;
    }
    return i;
}

// Record function fn of bus/dev (whose vendor id is not 0xFFFF).
static void add_function(uint8_t bus, uint8_t dev, uint8_t fn)
{
    if (ndevs == PCI_MAX_DEVS) {
        ndropped++;
        return;
    }
    struct pci_dev *d = &devs[ndevs++];
    d->bus = bus;
    d->dev = dev;
    d->fn = fn;
    d->vendor = pci_read16(bus, dev, fn, PCI_VENDOR);
    d->device = pci_read16(bus, dev, fn, PCI_DEVICE);
    d->revision = pci_read8(bus, dev, fn, PCI_REVISION);
    d->progif = pci_read8(bus, dev, fn, PCI_PROGIF);
    d->subclass = pci_read8(bus, dev, fn, PCI_SUBCLASS);
    d->class_code = pci_read8(bus, dev, fn, PCI_CLASS);
    d->header = pci_read8(bus, dev, fn, PCI_HEADER) & 0x7F;
    d->irq = PCI_NO_IRQ;
    if (d->header != 0)
        return;   // bridges: no BARs of interest to the kernel
    d->irq = pci_read8(bus, dev, fn, PCI_IRQ_LINE);
    d->pin = pci_read8(bus, dev, fn, PCI_IRQ_PIN);
    uint16_t cmd = pci_read16(bus, dev, fn, PCI_COMMAND);
    pci_write16(bus, dev, fn, PCI_COMMAND, cmd & ~(PCI_CMD_IO | PCI_CMD_MEM));
    for (int i = 0; i < PCI_NBARS; i++)
        i = probe_bar(d, i);
    pci_write16(bus, dev, fn, PCI_COMMAND, cmd);
}

void pci_init(void)
{
    // A brute-force scan of every bus: 256 x 32 reads of a vendor id is
    // quick, and it finds devices behind bridges without walking them.
    for (int bus = 0; bus < 256; bus++) {
        for (int dev = 0; dev < 32; dev++) {
            if (pci_read16(bus, dev, 0, PCI_VENDOR) == 0xFFFF)
                continue;
            bool multi = pci_read8(bus, dev, 0, PCI_HEADER) & PCI_HEADER_MULTI;
            for (int fn = 0; fn < (multi ? 8 : 1); fn++)
                if (pci_read16(bus, dev, fn, PCI_VENDOR) != 0xFFFF)
                    add_function(bus, dev, fn);
        }
    }
    static char text[2048];
    int len = pci_format(text, sizeof(text));
    kprintf("pci: %d functions%s\n", ndevs, ndropped ? " (more ignored)" : "");
    console_write(text, len < (int)sizeof(text) ? len : (int)sizeof(text) - 1);
    if (len >= (int)sizeof(text))
        kprintf("pci: (list cut)\n");
}

int pci_count(void)
{
    return ndevs;
}

struct pci_dev *pci_get(int i)
{
    return i >= 0 && i < ndevs ? &devs[i] : NULL;
}

struct pci_dev *pci_find(uint16_t vendor, uint16_t device, int n)
{
    for (int i = 0; i < ndevs; i++)
        if (devs[i].vendor == vendor && devs[i].device == device && n-- == 0)
            return &devs[i];
    return NULL;
}

void pci_enable(struct pci_dev *d)
{
    uint16_t cmd = pci_read16(d->bus, d->dev, d->fn, PCI_COMMAND);
    cmd |= PCI_CMD_IO | PCI_CMD_MEM | PCI_CMD_MASTER;
    pci_write16(d->bus, d->dev, d->fn, PCI_COMMAND, cmd);
}

int pci_format(char *buf, size_t n)
{
    return pci_format_devs(buf, n, devs, ndevs);
}
