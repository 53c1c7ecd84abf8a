// Setting up the file systems at boot: the one call kmain makes.
#ifndef FS_FS_H
#define FS_FS_H

#include "kernel/types.h"

// Make a ramfs the root "/", unpack the initrd (initrd_len bytes of a newc
// cpio archive at initrd; NULL for none) into it, mount devfs at /dev and
// procfs at /proc (with /proc/meminfo), and take console input. Problems
// are reported on the console; the node then runs with what could be set up.
void fs_init(const void *initrd, size_t initrd_len);

#endif
