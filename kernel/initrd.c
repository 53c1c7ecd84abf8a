// Finding the initrd among the boot modules (see initrd.h).
#include "kernel/initrd.h"
#include "kernel/boot.h"
#include "kernel/console.h"
#include "mm/phys.h"
#include <string.h>

struct initrd initrd_find(void)
{
    struct initrd rd = { NULL, 0 };
    const struct boot_module *m = boot_find_module("initrd");
    if (!m)
        m = boot_find_module("initrd.cpio");
    if (!m && bootinfo.nmodules > 0)
        m = &bootinfo.modules[0];
    if (!m) {
        kprintf("initrd: no initrd module was given; the root file system is empty\n");
        return rd;
    }
    size_t size = m->end - m->start;
    const char *p = P2V(m->start);
    // "070701" starts every newc entry; "070702" is newc with checksums.
    if (size < 110 || (memcmp(p, "070701", 6) != 0 && memcmp(p, "070702", 6) != 0)) {
        kprintf("initrd: module '%s' (%u bytes) is not a cpio (newc) archive; ignored\n",
                m->name, (unsigned)size);
        return rd;
    }
    rd.data = p;
    rd.size = size;
    return rd;
}
