// File control: open flags and fcntl().
#ifndef _FCNTL_H
#define _FCNTL_H
#include <sys/types.h>
#include "kernel/api/types.h"

int open(const char *path, int flags, ...);
int creat(const char *path, mode_t mode);
int fcntl(int fd, int cmd, ...);

#endif
