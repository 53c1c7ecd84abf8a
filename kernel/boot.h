// What the boot loader told us: the command line, the modules (initrd,
// cluster key) and the RAM map, copied out of the multiboot information
// and checked, so the rest of the kernel never reads the loader's memory.
#ifndef KERNEL_BOOT_H
#define KERNEL_BOOT_H

#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/cmdline.h"

struct boot_module {
    paddr_t start;        // first byte, physical
    paddr_t end;          // one past the last byte, physical
    char name[64];        // the module's command line ("/boot/initrd.cpio")
};

struct ram_range {
    uint64_t start;       // physical, first byte
    uint64_t end;         // physical, one past the last byte
};

#define MAX_RAM_RANGES 32

struct boot_info {
    struct cmdline cmdline;                     // the parsed command line
    struct boot_module modules[MAX_MODULES];    // modules that passed the checks
    int nmodules;
    int bad_modules;                            // modules rejected (reported at boot)
    struct ram_range ram[MAX_RAM_RANGES];       // available RAM, from the map
    int nram;
    uint64_t ram_bytes;                         // total available RAM
    bool exit_on_panic;                         // "panic=exit": end QEMU on panic
    char loader[40];                            // the loader's name, "" if it gave none
    char image[64];                             // the kernel's file as the loader named it
    bool has_boot_device;                       // the loader read us from a BIOS disk
    uint32_t boot_device;                       // that disk: BIOS drive number in the top byte
};

extern struct boot_info bootinfo;

// Copy and check the multiboot information at physical address mbi.
// Problems are printed, never fatal, except a wrong magic (not booted by a
// multiboot loader), which panics.
void boot_parse(uint32_t magic, paddr_t mbi);

// The module whose command line's file name ends in name (e.g.
// "initrd.cpio"), or whose command line has name as a separate word
// ("/boot/x.cpio initrd"); NULL if none.
const struct boot_module *boot_find_module(const char *name);

bool boot_exit_on_panic(void);

// How this node was booted, for the boot message: "GRUB 2.06 over the
// network (TFTP server 10.77.0.1)", "GRUB 2.06 from disk or CD (BIOS drive
// e0)", "QEMU -kernel (direct, no boot loader)", or the loader's own name.
void boot_how(char *buf, size_t n);

#endif
