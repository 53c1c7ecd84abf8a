// Device control.
#ifndef _SYS_IOCTL_H
#define _SYS_IOCTL_H
#include "kernel/api/types.h"

struct winsize {
    unsigned short ws_row, ws_col, ws_xpixel, ws_ypixel;
};

int ioctl(int fd, int request, ...);

#endif
