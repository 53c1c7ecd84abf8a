// Kernel virtual memory (see vm.h).
#include "mm/vm.h"
#include "mm/phys.h"
#include "kernel/param.h"
#include "kernel/panic.h"
#include "kernel/x86.h"

static vaddr_t mmio_next = MMIO_BASE;   // the MMIO window is used bottom up

void vm_init(void)
{
    boot_pgdir[0] = 0;
    // Give the MMIO window its page tables now: every address space copies
    // the kernel's directory entries when it is made, so entries added
    // later would be missing from address spaces that already exist.
    for (vaddr_t v = MMIO_BASE; v < MMIO_END; v += 0x400000) {
        paddr_t pt = frame_get();
        if (!pt)
            panic("vm_init: no memory for the MMIO page tables");
        boot_pgdir[PDX(v)] = pt | PTE_P | PTE_W;
    }
    write_cr3(read_cr3());   // flush the TLB
}

void *mmio_map(paddr_t pa, uint32_t size)
{
    paddr_t start = pa & ~(PAGE_SIZE - 1);
    uint32_t len = (pa - start) + size;
    uint32_t pages = (len + PAGE_SIZE - 1) / PAGE_SIZE;
    if (size == 0 || pages > (MMIO_END - mmio_next) / PAGE_SIZE)
        return NULL;
    vaddr_t va = mmio_next;
    for (uint32_t i = 0; i < pages; i++) {
        vaddr_t v = va + i * PAGE_SIZE;
        uint32_t *pt = P2V(boot_pgdir[PDX(v)] & ~0xFFFu);
        pt[PTX(v)] = (start + i * PAGE_SIZE) | PTE_P | PTE_W | PTE_PCD | PTE_PWT;
        invlpg(v);
    }
    mmio_next += pages * PAGE_SIZE;
    return (void *)(va + (pa - start));
}
