// The Multiboot 1 information structure, as the specification defines it
// (only the parts the kernel reads). GRUB and QEMU fill it in.
#ifndef KERNEL_MULTIBOOT_H
#define KERNEL_MULTIBOOT_H

#include "kernel/types.h"

#define MULTIBOOT_BOOTLOADER_MAGIC 0x2BADB002

#define MB_INFO_MEMORY  (1 << 0)   // mem_lower, mem_upper valid
#define MB_INFO_BOOTDEV (1 << 1)   // boot_device valid: the BIOS disk it came from
#define MB_INFO_CMDLINE (1 << 2)
#define MB_INFO_MODS    (1 << 3)
#define MB_INFO_MMAP    (1 << 6)
#define MB_INFO_LOADER  (1 << 9)   // boot_loader_name valid

struct multiboot_info {
    uint32_t flags;
    uint32_t mem_lower;     // KiB below 1 MiB
    uint32_t mem_upper;     // KiB from 1 MiB to the first hole
    uint32_t boot_device;
    uint32_t cmdline;       // physical address of a NUL-terminated string
    uint32_t mods_count;
    uint32_t mods_addr;     // physical address of mods_count multiboot_module
    uint32_t syms[4];
    uint32_t mmap_length;   // bytes of memory map
    uint32_t mmap_addr;     // physical address of the first multiboot_mmap
    uint32_t drives_length;
    uint32_t drives_addr;
    uint32_t config_table;
    uint32_t boot_loader_name;   // physical address of a string ("GNU GRUB 2.06", "qemu")
} __attribute__((packed));

struct multiboot_module {
    uint32_t mod_start;     // physical, first byte
    uint32_t mod_end;       // physical, one past the last byte
    uint32_t string;        // physical address of the module's command line
    uint32_t reserved;
} __attribute__((packed));

// One memory map entry. "size" does not count itself: the next entry is at
// (char *)entry + size + 4.
struct multiboot_mmap {
    uint32_t size;
    uint64_t addr;
    uint64_t len;
    uint32_t type;          // 1 = available RAM
} __attribute__((packed));

#define MB_MMAP_AVAILABLE 1

#endif
