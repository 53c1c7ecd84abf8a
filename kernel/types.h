// Basic types used everywhere in the kernel. The fixed-width types come from
// the compiler's freestanding headers, which also exist on the host, so the
// pure modules build unchanged for tests/unit.
#ifndef KERNEL_TYPES_H
#define KERNEL_TYPES_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

typedef uint32_t paddr_t;   // a physical address
typedef uint32_t vaddr_t;   // a virtual address

#endif
