// errno and the conversion of raw system call results.
#include <errno.h>
#include "syscall.h"

int errno;

// A raw result in [-4095, -1] is a negated errno: store it in errno and
// return -1. Anything else (addresses above 2 GiB included) is returned
// as it is.
long __syscall_ret(long r)
{
    if ((unsigned long)r > (unsigned long)-4096L) {
        errno = (int)-r;
        return -1;
    }
    return r;
}
