// The initial root file system: the multiboot module named "initrd" (or
// "initrd.cpio"), or else the first module.
#ifndef KERNEL_INITRD_H
#define KERNEL_INITRD_H

#include "kernel/types.h"

struct initrd {
    const void *data;   // kernel virtual address of the archive, or NULL
    size_t size;        // bytes
};

// Find the initrd module and check that it looks like a newc cpio archive.
// A missing or bad initrd is reported on the console; the returned struct
// then has data == NULL, and the node boots with an empty root.
struct initrd initrd_find(void);

#endif
