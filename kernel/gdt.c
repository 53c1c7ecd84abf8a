// The global descriptor table and the task state segment (see gdt.h).
#include "kernel/gdt.h"
#include <string.h>

struct gdt_entry {
    uint16_t limit_lo;
    uint16_t base_lo;
    uint8_t base_mid;
    uint8_t access;     // present, ring, type
    uint8_t flags;      // granularity, size, limit bits 16-19
    uint8_t base_hi;
} __attribute__((packed));

struct gdt_ptr {
    uint16_t limit;
    uint32_t base;
} __attribute__((packed));

// Only ss0/esp0 matter: the CPU loads them on a trap from ring 3.
struct tss {
    uint32_t link, esp0, ss0, esp1, ss1, esp2, ss2;
    uint32_t cr3, eip, eflags, eax, ecx, edx, ebx, esp, ebp, esi, edi;
    uint32_t es, cs, ss, ds, fs, gs, ldt;
    uint16_t trap, iomap;
} __attribute__((packed));

static struct gdt_entry gdt[6];
static struct tss tss;

static void set(int i, uint32_t base, uint32_t limit, uint8_t access, uint8_t flags)
{
    gdt[i].limit_lo = limit & 0xFFFF;
    gdt[i].base_lo = base & 0xFFFF;
    gdt[i].base_mid = (base >> 16) & 0xFF;
    gdt[i].access = access;
    gdt[i].flags = (uint8_t)((flags & 0xF0) | ((limit >> 16) & 0x0F));
    gdt[i].base_hi = (base >> 24) & 0xFF;
}

void gdt_init(void)
{
    set(0, 0, 0, 0, 0);
    set(SEG_KCODE, 0, 0xFFFFF, 0x9A, 0xC0);   // ring 0 code, 4 GiB
    set(SEG_KDATA, 0, 0xFFFFF, 0x92, 0xC0);   // ring 0 data
    set(SEG_UCODE, 0, 0xFFFFF, 0xFA, 0xC0);   // ring 3 code
    set(SEG_UDATA, 0, 0xFFFFF, 0xF2, 0xC0);   // ring 3 data
    memset(&tss, 0, sizeof(tss));
    tss.ss0 = KDATA_SEL;
    tss.iomap = sizeof(tss);                  // no I/O bitmap: ring 3 has no port access
    set(SEG_TSS, (uint32_t)&tss, sizeof(tss) - 1, 0x89, 0x00);

    struct gdt_ptr p = { sizeof(gdt) - 1, (uint32_t)gdt };
    __asm__ volatile(
        "lgdt (%0)\n"
        "mov %1, %%ax\n"
        "mov %%ax, %%ds\n mov %%ax, %%es\n mov %%ax, %%ss\n"
        "xor %%ax, %%ax\n mov %%ax, %%fs\n mov %%ax, %%gs\n"
        "ljmp %2, $1f\n"
        "1:\n"
        "mov %3, %%ax\n ltr %%ax\n"
        : : "r"(&p), "i"(KDATA_SEL), "i"(KCODE_SEL), "i"(TSS_SEL) : "eax", "memory");
}

void tss_set_kstack(uint32_t esp0)
{
    tss.esp0 = esp0;
}
