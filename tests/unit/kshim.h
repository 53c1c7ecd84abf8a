// Host stand-ins for the kernel's memory allocators (mm/kmalloc.h,
// mm/phys.h), for unit tests of kernel modules that allocate: kmalloc and
// page_alloc over the C library, with counts of live blocks and pages and
// a way to make allocations fail.
#ifndef TESTS_KSHIM_H
#define TESTS_KSHIM_H

// Blocks from kmalloc/kzalloc not yet freed.
long kshim_live_blocks(void);
// Pages from page_alloc not yet freed.
long kshim_live_pages(void);
// Make every allocation (blocks and pages) fail after n more succeed;
// n < 0 turns failures off.
void kshim_fail_after(long n);
// Allocations that were made to fail so far.
long kshim_failures(void);

#endif
