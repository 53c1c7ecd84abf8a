// System call numbers, for syscall() (see <unistd.h>).
#ifndef _SYS_SYSCALL_H
#define _SYS_SYSCALL_H
#include "kernel/api/syscall_nr.h"
#endif
