// alloca: room on the caller's stack frame, gone when it returns (the
// compiler's own).
#ifndef _ALLOCA_H
#define _ALLOCA_H
#include <stddef.h>

#define alloca(size) __builtin_alloca(size)

#endif
