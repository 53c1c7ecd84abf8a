// SipHash-2-4 with a 64-bit output (Aumasson and Bernstein, "SipHash: a fast
// short-input PRF", 2012): the MAC of every cluster datagram (see wire.h).
#ifndef SSI_SIPHASH_H
#define SSI_SIPHASH_H

#include "kernel/types.h"

#define SIPHASH_KEY_SIZE 16   // bytes of key
#define SIPHASH_OUT_SIZE 8    // bytes of output

// SipHash-2-4 of the len bytes at msg under the 16-byte key. The key and the
// message are read as the specification does (little-endian 64-bit words);
// the result is the 64-bit value whose little-endian bytes are the
// reference implementation's output.
uint64_t siphash24(const uint8_t key[SIPHASH_KEY_SIZE], const void *msg, size_t len);

#endif
