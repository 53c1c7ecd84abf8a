// errno and the error numbers (the kernel's, kernel/api/errno.h).
#ifndef _ERRNO_H
#define _ERRNO_H
#include "kernel/api/errno.h"

#define EWOULDBLOCK EAGAIN
#define ENOTSUP     EOPNOTSUPP

extern int errno;   // error of the last failed call (one thread per process)

#endif
