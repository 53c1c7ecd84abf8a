// The name of the system.
#ifndef _SYS_UTSNAME_H
#define _SYS_UTSNAME_H
#include "kernel/api/types.h"

struct utsname {
    char sysname[UTSNAME_LEN];    // "cluster-os"
    char nodename[UTSNAME_LEN];   // this node's name
    char release[UTSNAME_LEN];    // kernel release
    char version[UTSNAME_LEN];    // build
    char machine[UTSNAME_LEN];    // "i686"
};

int uname(struct utsname *u);

#endif
