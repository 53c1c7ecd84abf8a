// User address spaces (see uvm.h).
#include "mm/uvm.h"
#include "mm/kmalloc.h"
#include "mm/phys.h"
#include "mm/vm.h"
#include "kernel/api/errno.h"
#include "kernel/x86.h"
#include <string.h>

#define USER_PDES (KERNBASE >> 22)   // directory entries 0..767 are user space

// The page table entry of va, allocating the page table when create is
// set. NULL when there is none (or no memory for one).
static uint32_t *walk(uint32_t *pgdir, vaddr_t va, bool create)
{
    uint32_t *pde = &pgdir[PDX(va)];
    if (!(*pde & PTE_P)) {
        if (!create)
            return NULL;
        paddr_t pt = frame_get();
        if (!pt)
            return NULL;
        // The directory entry allows everything; the page entries decide.
        *pde = pt | PTE_P | PTE_W | PTE_U;
    }
    uint32_t *pt = P2V(*pde & ~0xFFFu);
    return &pt[PTX(va)];
}

static uint32_t pte_flags(uint32_t prot)
{
    return PTE_P | PTE_U | ((prot & REGION_PROT_W) ? PTE_W : 0);
}

static bool is_current(struct vmspace *vm)
{
    return vm && V2P(vm->pgdir) == read_cr3();
}

struct vmspace *uvm_create(void)
{
    struct vmspace *vm = kzalloc(sizeof(*vm));
    if (!vm)
        return NULL;
    vm->pgdir = page_alloc();
    if (!vm->pgdir) {
        kfree(vm);
        return NULL;
    }
    // The kernel half is the same in every address space.
    memcpy(&vm->pgdir[USER_PDES], &boot_pgdir[USER_PDES], (1024 - USER_PDES) * 4);
    region_map_init(&vm->map);
    return vm;
}

// Unmap and release the pages of [start, end).
static void unmap_range(struct vmspace *vm, vaddr_t start, vaddr_t end)
{
    for (vaddr_t va = start; va < end; va += PAGE_SIZE) {
        uint32_t *pte = walk(vm->pgdir, va, false);
        if (pte && (*pte & PTE_P)) {
            frame_put(*pte & ~0xFFFu);
            *pte = 0;
            vm->pages--;
            if (is_current(vm))
                invlpg(va);
        }
    }
}

void uvm_destroy(struct vmspace *vm)
{
    if (!vm)
        return;
    if (is_current(vm))
        uvm_switch(NULL);
    for (const struct region *r = region_next(&vm->map, NULL); r; r = region_next(&vm->map, r))
        unmap_range(vm, r->start, r->end);
    for (uint32_t i = 0; i < USER_PDES; i++)
        if (vm->pgdir[i] & PTE_P)
            frame_put(vm->pgdir[i] & ~0xFFFu);
    page_free(vm->pgdir);
    kfree(vm);
}

// Map zeroed pages over [start, end). On failure unmaps what it mapped.
static int populate(struct vmspace *vm, vaddr_t start, vaddr_t end, uint32_t prot)
{
    for (vaddr_t va = start; va < end; va += PAGE_SIZE) {
        uint32_t *pte = walk(vm->pgdir, va, true);
        paddr_t pa = pte ? frame_get() : 0;
        if (!pa) {
            unmap_range(vm, start, va);
            return -ENOMEM;
        }
        *pte = pa | pte_flags(prot);
        vm->pages++;
    }
    return 0;
}

int uvm_map_region(struct vmspace *vm, vaddr_t start, vaddr_t end, uint32_t prot,
                   uint32_t kind, uint32_t flags)
{
    if (region_add(&vm->map, start, end, prot | REGION_PROT_U, kind, flags) != REGION_OK)
        return -EINVAL;
    int err = populate(vm, start, end, prot);
    if (err)
        region_remove(&vm->map, start, end);
    return err;
}

struct vmspace *uvm_fork(struct vmspace *vm)
{
    struct vmspace *child = uvm_create();
    if (!child)
        return NULL;
    region_map_copy(&child->map, &vm->map);
    child->heap_start = vm->heap_start;
    child->brk = vm->brk;
    for (const struct region *r = region_next(&vm->map, NULL); r; r = region_next(&vm->map, r)) {
        for (vaddr_t va = r->start; va < r->end; va += PAGE_SIZE) {
            uint32_t *pte = walk(vm->pgdir, va, false);
            if (!pte || !(*pte & PTE_P))
                continue;
            uint32_t *cpte = walk(child->pgdir, va, true);
            if (!cpte) {
                uvm_destroy(child);
                return NULL;
            }
            // Writable pages become read-only and shared in both; the
            // first write to either side copies (uvm_fault).
            if (*pte & PTE_W)
                *pte = (*pte & ~PTE_W) | PTE_COW;
            *cpte = *pte;
            frame_ref(&kframes, *pte & ~0xFFFu);
            child->pages++;
        }
    }
    if (is_current(vm))
        write_cr3(read_cr3());
    return child;
}

void uvm_switch(struct vmspace *vm)
{
    write_cr3(vm ? V2P(vm->pgdir) : V2P(boot_pgdir));
}

void uvm_activate(struct vmspace *vm)
{
    uint32_t pd = vm ? V2P(vm->pgdir) : V2P(boot_pgdir);
    if (read_cr3() != pd)
        write_cr3(pd);
}

// Give the page at pte its own frame (copy-on-write break). 0 or -ENOMEM.
static int break_cow(struct vmspace *vm, vaddr_t va, uint32_t *pte)
{
    paddr_t old = *pte & ~0xFFFu;
    if (frame_refcount(&kframes, old) == 1) {
        // The other sharers are gone: the page is ours alone.
        *pte = (*pte | PTE_W) & ~PTE_COW;
    } else {
        paddr_t copy = frame_alloc(&kframes);
        if (!copy)
            return -ENOMEM;
        memcpy(P2V(copy), P2V(old), PAGE_SIZE);
        frame_put(old);
        *pte = copy | ((*pte & 0xFFFu) | PTE_W);
        *pte &= ~PTE_COW;
    }
    if (is_current(vm))
        invlpg(va);
    return 0;
}

// Extend the stack region down to cover va, when va is within the stack's
// reach. 0, -EFAULT or -ENOMEM.
static int grow_stack(struct vmspace *vm, vaddr_t va)
{
    const struct region *r = region_next(&vm->map, NULL);
    const struct region *stack = NULL;
    for (; r; r = region_next(&vm->map, r))
        if ((r->flags & REGION_GROWSDOWN) && r->start > va &&
            (!stack || r->start < stack->start))
            stack = r;
    if (!stack || va < USER_STACK_TOP - USER_STACK_MAX)
        return -EFAULT;
    vaddr_t old_start = stack->start;
    vaddr_t new_start = va & ~(PAGE_SIZE - 1);
    uint32_t prot = stack->prot;
    if (region_set_start(&vm->map, stack->start, new_start) != REGION_OK)
        return -EFAULT;
    int err = populate(vm, new_start, old_start, prot);
    if (err)
        region_set_start(&vm->map, old_start, old_start);
    return err;
}

int uvm_fault(struct vmspace *vm, vaddr_t va, bool write, bool present)
{
    if (!vm || va >= KERNBASE)
        return -EFAULT;
    const struct region *r = region_find(&vm->map, va);
    if (!r)
        return grow_stack(vm, va);
    uint32_t *pte = walk(vm->pgdir, va, false);
    if (!pte || !(*pte & PTE_P))
        return -EFAULT;   // every page of a region is mapped
    if (write && (*pte & PTE_COW))
        return break_cow(vm, va & ~(PAGE_SIZE - 1), pte);
    return -EFAULT;
}

vaddr_t uvm_brk(struct vmspace *vm, vaddr_t newbrk)
{
    if (newbrk == 0 || newbrk < vm->heap_start || newbrk >= USER_STACK_TOP - USER_STACK_MAX)
        return vm->brk;
    vaddr_t old_end = (vm->brk + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
    vaddr_t new_end = (newbrk + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
    const struct region *heap = region_find_kind(&vm->map, REGION_HEAP);
    if (new_end > old_end) {
        int res;
        if (heap)
            res = region_set_end(&vm->map, heap->start, new_end);
        else
            res = region_add(&vm->map, vm->heap_start, new_end,
                             REGION_PROT_R | REGION_PROT_W | REGION_PROT_U, REGION_HEAP, 0);
        if (res != REGION_OK)
            return vm->brk;
        if (populate(vm, old_end, new_end, REGION_PROT_R | REGION_PROT_W) != 0) {
            if (old_end > vm->heap_start)
                region_set_end(&vm->map, vm->heap_start, old_end);
            else
                region_remove(&vm->map, vm->heap_start, new_end);
            return vm->brk;
        }
    } else if (new_end < old_end) {
        unmap_range(vm, new_end, old_end);
        if (new_end > vm->heap_start)
            region_set_end(&vm->map, vm->heap_start, new_end);
        else
            region_remove(&vm->map, vm->heap_start, old_end);
    }
    vm->brk = newbrk;
    return newbrk;
}

paddr_t uvm_lookup(struct vmspace *vm, vaddr_t va)
{
    if (!vm || va >= KERNBASE)
        return 0;
    uint32_t *pte = walk(vm->pgdir, va, false);
    return pte && (*pte & PTE_P) ? (*pte & ~0xFFFu) : 0;
}

paddr_t uvm_translate(struct vmspace *vm, vaddr_t va, bool write)
{
    if (!vm || va >= KERNBASE)
        return 0;
    uint32_t *pte = walk(vm->pgdir, va, false);
    if (!pte || !(*pte & PTE_P)) {
        // Maybe the stack must grow to reach va: as a fault would.
        if (uvm_fault(vm, va, write, false) != 0)
            return 0;
        pte = walk(vm->pgdir, va, false);
        if (!pte || !(*pte & PTE_P))
            return 0;
    }
    if (!(*pte & PTE_U))
        return 0;
    if (write && !(*pte & PTE_W)) {
        if (!(*pte & PTE_COW) || break_cow(vm, va & ~(PAGE_SIZE - 1), pte) != 0)
            return 0;
    }
    return (*pte & ~0xFFFu) | (va & 0xFFF);
}

int copyin(struct vmspace *vm, void *dst, vaddr_t src, size_t n)
{
    char *d = dst;
    if (src + n < src)
        return -EFAULT;
    while (n > 0) {
        paddr_t pa = uvm_translate(vm, src, false);
        if (!pa)
            return -EFAULT;
        size_t chunk = PAGE_SIZE - (src & (PAGE_SIZE - 1));
        if (chunk > n)
            chunk = n;
        memcpy(d, P2V(pa), chunk);
        d += chunk;
        src += chunk;
        n -= chunk;
    }
    return 0;
}

int copyout(struct vmspace *vm, vaddr_t dst, const void *src, size_t n)
{
    const char *s = src;
    if (dst + n < dst)
        return -EFAULT;
    while (n > 0) {
        paddr_t pa = uvm_translate(vm, dst, true);
        if (!pa)
            return -EFAULT;
        size_t chunk = PAGE_SIZE - (dst & (PAGE_SIZE - 1));
        if (chunk > n)
            chunk = n;
        memcpy(P2V(pa), s, chunk);
        s += chunk;
        dst += chunk;
        n -= chunk;
    }
    return 0;
}

int copyinstr(struct vmspace *vm, char *dst, vaddr_t src, size_t max)
{
    size_t i = 0;
    while (i < max) {
        paddr_t pa = uvm_translate(vm, src + i, false);
        if (!pa)
            return -EFAULT;
        const char *p = P2V(pa);
        size_t chunk = PAGE_SIZE - ((src + i) & (PAGE_SIZE - 1));
        for (size_t k = 0; k < chunk && i < max; k++, i++) {
            dst[i] = p[k];
            if (p[k] == '\0')
                return (int)i;
        }
    }
    return -ENAMETOOLONG;
}
