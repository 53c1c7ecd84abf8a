// lwIP's compiler and platform definitions for cluster-os (i386, GCC,
// freestanding). lwIP includes this through lwip/arch.h.
#ifndef NET_ARCH_CC_H
#define NET_ARCH_CC_H

#include "kernel/types.h"
#include "kernel/console.h"

// The freestanding compiler gives stddef.h and stdint.h, not inttypes.h,
// limits.h or ctype.h: lwIP uses its own replacements.
#define LWIP_NO_INTTYPES_H 1
#define LWIP_NO_LIMITS_H   1
#define LWIP_NO_CTYPE_H    1
#define INT_MAX            __INT_MAX__

// printf formats of lwIP's types (u32_t is unsigned int on i386).
#define X8_F  "02x"
#define U16_F "u"
#define S16_F "d"
#define X16_F "x"
#define U32_F "u"
#define S32_F "d"
#define X32_F "x"
#define SZT_F "u"

#define BYTE_ORDER LITTLE_ENDIAN

// Structures that mirror wire formats must not be padded.
#define PACK_STRUCT_STRUCT __attribute__((packed))

// Diagnostics go to the console; a failed assertion is a kernel bug and
// stops the kernel like any other (never silenced).
void panic(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
#define LWIP_PLATFORM_DIAG(x)   do { kprintf x; } while (0)
#define LWIP_PLATFORM_ASSERT(x) panic("lwIP assertion \"%s\" failed at %s:%d", x, __FILE__, __LINE__)

// Random numbers for DHCP transaction ids and ephemeral ports (net/sys_arch.c).
uint32_t net_random(void);
#define LWIP_RAND() net_random()

#endif
