// The node's frame pool (see phys.h).
#include "mm/phys.h"
#include "kernel/boot.h"
#include "kernel/console.h"
#include "kernel/panic.h"
#include <string.h>

struct frame_pool kframes;

extern char kernel_start[], kernel_end[];

// Find room for the pool's table: the first page-aligned place in available
// RAM, above everything the loader put in memory, that fits bytes.
static paddr_t place_table(paddr_t above, uint32_t bytes)
{
    for (int i = 0; i < bootinfo.nram; i++) {
        uint64_t s = bootinfo.ram[i].start, e = bootinfo.ram[i].end;
        if (s < above)
            s = above;
        s = (s + FRAME_SIZE - 1) & ~(uint64_t)(FRAME_SIZE - 1);
        if (e > DIRECTMAP_SIZE)
            e = DIRECTMAP_SIZE;
        if (s + bytes <= e)
            return (paddr_t)s;
    }
    return 0;
}

void phys_init(void)
{
    uint64_t top = 0;
    for (int i = 0; i < bootinfo.nram; i++)
        if (bootinfo.ram[i].end > top)
            top = bootinfo.ram[i].end;
    if (top > DIRECTMAP_SIZE)
        top = DIRECTMAP_SIZE;
    uint32_t nframes = (uint32_t)(top >> FRAME_SHIFT);

    paddr_t above = V2P(kernel_end);
    for (int i = 0; i < bootinfo.nmodules; i++)
        if (bootinfo.modules[i].end > above)
            above = bootinfo.modules[i].end;
    uint32_t table_bytes = nframes * sizeof(uint16_t);
    paddr_t table = place_table(above, table_bytes);
    if (!table)
        panic("no room for the frame table (%u bytes) above %08x", table_bytes, above);

    frame_pool_init(&kframes, P2V(table), nframes);
    for (int i = 0; i < bootinfo.nram; i++)
        frame_pool_add(&kframes, bootinfo.ram[i].start, bootinfo.ram[i].end);
    // The first MiB holds the BIOS data, the VGA memory and ROMs.
    frame_pool_reserve(&kframes, 0, 0x100000);
    frame_pool_reserve(&kframes, V2P(kernel_start), V2P(kernel_end));
    for (int i = 0; i < bootinfo.nmodules; i++)
        frame_pool_reserve(&kframes, bootinfo.modules[i].start, bootinfo.modules[i].end);
    frame_pool_reserve(&kframes, table, table + table_bytes);
}

uint32_t phys_release(paddr_t start, paddr_t end)
{
    return frame_pool_release(&kframes, start, end);
}

paddr_t frame_get(void)
{
    paddr_t pa = frame_alloc(&kframes);
    if (pa)
        memset(P2V(pa), 0, FRAME_SIZE);
    return pa;
}

void frame_put(paddr_t pa)
{
    if (frame_unref(&kframes, pa) < 0)
        panic("frame_put: frame %08x is not allocated (double free?)", pa);
}

void *page_alloc(void)
{
    paddr_t pa = frame_get();
    return pa ? P2V(pa) : NULL;
}

void page_free(void *va)
{
    frame_put(V2P(va));
}

uint64_t phys_managed_bytes(void)
{
    return (uint64_t)kframes.nusable * FRAME_SIZE;
}

uint64_t phys_free_bytes(void)
{
    return (uint64_t)kframes.nfree * FRAME_SIZE;
}
