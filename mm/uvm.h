// User address spaces: a page directory plus the region map that says
// which ranges exist (mm/region.h). Pages are shared copy-on-write after
// fork. Every access of the kernel to user memory goes through copyin,
// copyout and copyinstr here, which check the address against the page
// tables and never fault.
#ifndef MM_UVM_H
#define MM_UVM_H

#include "kernel/types.h"
#include "kernel/param.h"
#include "mm/region.h"

#define PTE_COW         0x200                 // an "available" PTE bit: shared copy-on-write
#define USER_STACK_TOP  (KERNBASE - PAGE_SIZE) // a guard page below the kernel
#define USER_STACK_INIT (16 * PAGE_SIZE)      // stack mapped at exec
#define USER_STACK_MAX  (8u << 20)            // a stack grows down to 8 MiB, no further

struct vmspace {
    uint32_t *pgdir;          // the page directory (kernel virtual address)
    struct region_map map;    // the regions: text, data, heap, stack
    vaddr_t heap_start;       // where the heap region starts (end of data)
    vaddr_t brk;              // the program break (the heap's end as the program sees it)
    uint32_t pages;           // user pages mapped (resident), for /proc
};

// An empty address space that maps only the kernel. NULL when out of memory.
struct vmspace *uvm_create(void);

// Free every user page, the page tables, the directory and vm itself.
void uvm_destroy(struct vmspace *vm);

// Add the region [start, end) and map zeroed pages for all of it.
// 0, -EINVAL (bad range or overlap) or -ENOMEM (then nothing was added).
int uvm_map_region(struct vmspace *vm, vaddr_t start, vaddr_t end, uint32_t prot,
                   uint32_t kind, uint32_t flags);

// A copy of vm whose pages are shared copy-on-write with it (fork).
// NULL when out of memory. Write-protects vm's pages too, so the caller
// must reload cr3 if vm is the current address space (uvm_switch).
struct vmspace *uvm_fork(struct vmspace *vm);

// Load vm's page directory (NULL: the kernel's alone).
void uvm_switch(struct vmspace *vm);

// Make vm (NULL: the kernel's page table) the CPU's address space, for a
// context switch: cr3 is written, which flushes the TLB, only when it
// changes (from one kernel thread to another it does not; a flush costs
// every later access a page walk, and far more under emulation). Whoever
// changes the current page table flushes it then (uvm_switch, invlpg).
void uvm_activate(struct vmspace *vm);

// Handle a user page fault at va (write: the access was a write, present:
// the page was present). Breaks copy-on-write sharing and grows the stack.
// 0 when the access can be retried; -EFAULT when it is a real fault;
// -ENOMEM when memory ran out.
int uvm_fault(struct vmspace *vm, vaddr_t va, bool write, bool present);

// Set the program break (brk). Returns the new break, or the old one when
// the request is out of range or memory ran out (as Linux's brk does).
vaddr_t uvm_brk(struct vmspace *vm, vaddr_t newbrk);

// Copy between kernel and user memory of vm. 0 or -EFAULT (no byte is
// promised copied on failure). copyout breaks copy-on-write sharing.
int copyin(struct vmspace *vm, void *dst, vaddr_t src, size_t n);
int copyout(struct vmspace *vm, vaddr_t dst, const void *src, size_t n);

// Copy a NUL-terminated string of at most max bytes (NUL included) from
// user memory. Its length, -EFAULT, or -ENAMETOOLONG when no NUL is found
// within max bytes.
int copyinstr(struct vmspace *vm, char *dst, vaddr_t src, size_t max);

// The physical frame behind user page va when it is present, else 0:
// nothing changes (no copy-on-write broken, no stack grown). Migration
// reads the pages it sends this way.
paddr_t uvm_lookup(struct vmspace *vm, vaddr_t va);

// The physical address behind user address va when it is mapped with the
// access asked for (write breaks copy-on-write), else 0.
paddr_t uvm_translate(struct vmspace *vm, vaddr_t va, bool write);

#endif
