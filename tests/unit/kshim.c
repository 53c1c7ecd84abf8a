// Host implementations of kmalloc/kzalloc/kfree and page_alloc/page_free
// (see kshim.h).
#include "tests/unit/kshim.h"
#include "mm/kmalloc.h"
#include "mm/phys.h"
#include <stdlib.h>
#include <string.h>

static long live_blocks;      // kmalloc'ed blocks not freed
static long live_pages;       // pages not freed
static long fail_after = -1;  // allocations left before failing, or -1
static long failures;         // allocations refused

// True when this allocation must fail.
static bool must_fail(void)
{
    if (fail_after < 0)
        return false;
    if (fail_after == 0) {
        failures++;
        return true;
    }
    fail_after--;
    return false;
}

void *kmalloc(size_t n)
{
    if (n == 0 || must_fail())
        return NULL;
    void *p = malloc(n);
    if (p)
        live_blocks++;
    return p;
}

void *kzalloc(size_t n)
{
    void *p = kmalloc(n);
    if (p)
        memset(p, 0, n);
    return p;
}

void kfree(void *p)
{
    if (!p)
        return;
    live_blocks--;
    free(p);
}

void *page_alloc(void)
{
    if (must_fail())
        return NULL;
    void *p = aligned_alloc(PAGE_SIZE, PAGE_SIZE);
    if (!p)
        return NULL;
    memset(p, 0, PAGE_SIZE);
    live_pages++;
    return p;
}

void page_free(void *va)
{
    if (!va)
        return;
    live_pages--;
    free(va);
}

long kshim_live_blocks(void)
{
    return live_blocks;
}

long kshim_live_pages(void)
{
    return live_pages;
}

void kshim_fail_after(long n)
{
    fail_after = n;
}

long kshim_failures(void)
{
    return failures;
}
