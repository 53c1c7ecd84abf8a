// Fixed-width integer types: the compiler's own definitions. (GCC's
// <stdint.h> in a hosted build looks for the C library's copy; this is it.)
#ifndef _STDINT_H
#define _STDINT_H
#include <stdint-gcc.h>
#endif
