// Reading the multiboot information (see boot.h).
#include "kernel/boot.h"
#include "kernel/multiboot.h"
#include "kernel/console.h"
#include "kernel/format.h"
#include "kernel/panic.h"
#include "mm/phys.h"
#include <string.h>

struct boot_info bootinfo;

extern char kernel_start[], kernel_end[];

// A pointer to physical memory the loader gave us, or NULL if [pa, pa+len)
// is not inside the kernel's direct map.
static void *loader_ptr(uint32_t pa, uint32_t len)
{
    if (pa == 0 || pa >= DIRECTMAP_SIZE || len > DIRECTMAP_SIZE - pa)
        return NULL;
    return P2V(pa);
}

// Copy a loader string into dst (at most n-1 bytes).
static void copy_string(char *dst, size_t n, uint32_t pa)
{
    dst[0] = '\0';
    const char *s = loader_ptr(pa, 1);
    if (!s)
        return;
    size_t i = 0;
    for (; i + 1 < n && pa + i < DIRECTMAP_SIZE && s[i]; i++)
        dst[i] = s[i];
    dst[i] = '\0';
}

static void read_mmap(const struct multiboot_info *mi)
{
    const char *p = loader_ptr(mi->mmap_addr, mi->mmap_length);
    if (!p)
        return;
    const char *end = p + mi->mmap_length;
    while (p + sizeof(struct multiboot_mmap) <= end) {
        const struct multiboot_mmap *m = (const void *)p;
        if (m->type == MB_MMAP_AVAILABLE && m->len > 0 && bootinfo.nram < MAX_RAM_RANGES) {
            bootinfo.ram[bootinfo.nram].start = m->addr;
            bootinfo.ram[bootinfo.nram].end = m->addr + m->len;
            bootinfo.ram_bytes += m->len;
            bootinfo.nram++;
        }
        if (m->size < 20)   // a broken entry would loop forever
            break;
        p += m->size + 4;
    }
}

// Is [start, end) inside available RAM?
static bool in_ram(uint64_t start, uint64_t end)
{
    for (int i = 0; i < bootinfo.nram; i++)
        if (start >= bootinfo.ram[i].start && end <= bootinfo.ram[i].end)
            return true;
    return false;
}

static void read_modules(const struct multiboot_info *mi)
{
    uint32_t count = mi->mods_count;
    const struct multiboot_module *mods =
        loader_ptr(mi->mods_addr, count * sizeof(struct multiboot_module));
    if (count && !mods) {
        kprintf("boot: module list at %08x is not readable; ignoring %u modules\n",
                mi->mods_addr, count);
        bootinfo.bad_modules += count;
        return;
    }
    paddr_t kstart = V2P(kernel_start), kend = V2P(kernel_end);
    for (uint32_t i = 0; i < count; i++) {
        struct boot_module m;
        m.start = mods[i].mod_start;
        m.end = mods[i].mod_end;
        copy_string(m.name, sizeof(m.name), mods[i].string);
        const char *why = NULL;
        if (m.end < m.start)
            why = "ends before it starts";
        else if (m.end > DIRECTMAP_SIZE)
            why = "lies above the kernel's direct map";
        else if (!in_ram(m.start, m.end))
            why = "is not in available RAM";
        else if (m.start < kend && m.end > kstart)
            why = "overlaps the kernel image";
        else if (bootinfo.nmodules == MAX_MODULES)
            why = "is one too many";
        if (why) {
            kprintf("boot: module %u '%s' (%08x-%08x) %s: ignored\n",
                    i, m.name, m.start, m.end, why);
            bootinfo.bad_modules++;
            continue;
        }
        bootinfo.modules[bootinfo.nmodules++] = m;
    }
}

void boot_parse(uint32_t magic, paddr_t mbi)
{
    memset(&bootinfo, 0, sizeof(bootinfo));
    if (magic != MULTIBOOT_BOOTLOADER_MAGIC)
        panic("not started by a multiboot loader (magic %08x)", magic);
    const struct multiboot_info *mi = loader_ptr(mbi, sizeof(*mi));
    if (!mi)
        panic("multiboot information at %08x is out of reach", mbi);

    char line[CMDLINE_MAX];
    line[0] = '\0';
    if (mi->flags & MB_INFO_CMDLINE)
        copy_string(line, sizeof(line), mi->cmdline);
    const char *settings = cmdline_skip_image(line);
    size_t imagelen = (size_t)(settings - line);
    while (imagelen > 0 && line[imagelen - 1] == ' ')
        imagelen--;
    if (imagelen >= sizeof(bootinfo.image))
        imagelen = sizeof(bootinfo.image) - 1;
    memcpy(bootinfo.image, line, imagelen);
    bootinfo.image[imagelen] = '\0';
    cmdline_parse(&bootinfo.cmdline, settings);
    if (mi->flags & MB_INFO_LOADER)
        copy_string(bootinfo.loader, sizeof(bootinfo.loader), mi->boot_loader_name);
    if (mi->flags & MB_INFO_BOOTDEV) {
        bootinfo.has_boot_device = true;
        bootinfo.boot_device = mi->boot_device;
    }
    bootinfo.exit_on_panic = strcmp(cmdline_get(&bootinfo.cmdline, "panic") ?
                                    cmdline_get(&bootinfo.cmdline, "panic") : "", "exit") == 0;

    if (mi->flags & MB_INFO_MMAP)
        read_mmap(mi);
    if (bootinfo.nram == 0 && (mi->flags & MB_INFO_MEMORY)) {
        // No map: use the two figures every loader gives.
        bootinfo.ram[0].start = 0;
        bootinfo.ram[0].end = (uint64_t)mi->mem_lower * 1024;
        bootinfo.ram[1].start = 0x100000;
        bootinfo.ram[1].end = 0x100000 + (uint64_t)mi->mem_upper * 1024;
        bootinfo.nram = 2;
        bootinfo.ram_bytes = bootinfo.ram[0].end + (uint64_t)mi->mem_upper * 1024;
    }
    if (bootinfo.nram == 0)
        panic("the boot loader gave no memory map");
    if (mi->flags & MB_INFO_MODS)
        read_modules(mi);
}

// The file name part of a module's command line: its first word, after the
// last '/'. Written to out.
static void module_file(const char *cmd, char *out, size_t n)
{
    const char *end = strchr(cmd, ' ');
    size_t len = end ? (size_t)(end - cmd) : strlen(cmd);
    const char *base = cmd;
    for (size_t i = 0; i < len; i++)
        if (cmd[i] == '/')
            base = cmd + i + 1;
    len -= (size_t)(base - cmd);
    if (len >= n)
        len = n - 1;
    memcpy(out, base, len);
    out[len] = '\0';
}

const struct boot_module *boot_find_module(const char *name)
{
    for (int i = 0; i < bootinfo.nmodules; i++) {
        const struct boot_module *m = &bootinfo.modules[i];
        char file[64];
        module_file(m->name, file, sizeof(file));
        if (strcmp(file, name) == 0)
            return m;
        // A later word equal to name: "/boot/x.cpio initrd".
        const char *w = strchr(m->name, ' ');
        while (w) {
            while (*w == ' ')
                w++;
            size_t n = strlen(name);
            if (strncmp(w, name, n) == 0 && (w[n] == ' ' || w[n] == '\0'))
                return m;
            w = strchr(w, ' ');
        }
    }
    return NULL;
}

void boot_how(char *buf, size_t n)
{
    const char *l = bootinfo.loader;
    // GRUB 2 gives a multiboot kernel only the words after its file name,
    // so the network grub.cfg (tools/mknetboot.sh) says so itself with
    // netboot=SERVER; from a disk or CD GRUB also names the BIOS drive.
    const char *server = cmdline_get(&bootinfo.cmdline, "netboot");
    if (strncmp(l, "GRUB", 4) == 0 || strncmp(l, "GNU GRUB", 8) == 0) {
        if (server)
            snformat(buf, n, "%s over the network (TFTP server %s)", l, server);
        else if (bootinfo.has_boot_device)
            snformat(buf, n, "%s from disk or CD (BIOS drive %02x)", l,
                     bootinfo.boot_device >> 24);
        else
            snformat(buf, n, "%s", l);
    } else if (strcmp(l, "qemu") == 0) {
        snformat(buf, n, "QEMU -kernel (direct, no boot loader)");
    } else {
        snformat(buf, n, "%s%s%s", l[0] ? l : "an unnamed multiboot loader",
                 bootinfo.image[0] ? ", " : "", bootinfo.image);
    }
}

bool boot_exit_on_panic(void)
{
    return bootinfo.exit_on_panic;
}
