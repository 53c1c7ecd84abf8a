// SipHash-2-4 (see siphash.h), written from the paper: initialisation with
// the constants "somepseudorandomlygeneratedbytes", c = 2 compression rounds
// per 8-byte word, a last word holding the length mod 256 in its top byte,
// then d = 4 finalisation rounds after v2 ^= 0xff. Pure: tested in tests/unit
// against the paper's 64 published vectors.
#include "ssi/siphash.h"

static uint64_t rotl64(uint64_t x, int b)
{
    return (x << b) | (x >> (64 - b));
}

// Read 8 bytes as a little-endian word, whatever the host's byte order. On
// a little-endian CPU (i386, and the hosts the unit tests run on) that is
// one unaligned load; byte by byte it was most of the time of a hash.
static uint64_t load_le64(const uint8_t *p)
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    uint64_t w;
    __builtin_memcpy(&w, p, 8);   // the kernel builds with -fno-builtin: ask for it
    return w;
#else
    uint64_t w = 0;
    for (int i = 7; i >= 0; i--)
        w = (w << 8) | p[i];
    return w;
#endif
}

// One SipRound on the state v0..v3 of the paper. Always inlined: the
// state then stays in local variables (registers where the CPU has them)
// instead of memory reached through a pointer, which under emulation
// costs a lookup per access. A 1400-byte chunk takes 352 rounds.
static inline __attribute__((always_inline)) void
sipround(uint64_t *v0, uint64_t *v1, uint64_t *v2, uint64_t *v3)
{
    *v0 += *v1; *v1 = rotl64(*v1, 13); *v1 ^= *v0; *v0 = rotl64(*v0, 32);
    *v2 += *v3; *v3 = rotl64(*v3, 16); *v3 ^= *v2;
    *v0 += *v3; *v3 = rotl64(*v3, 21); *v3 ^= *v0;
    *v2 += *v1; *v1 = rotl64(*v1, 17); *v1 ^= *v2; *v2 = rotl64(*v2, 32);
}

uint64_t siphash24(const uint8_t key[SIPHASH_KEY_SIZE], const void *msg, size_t len)
{
    const uint8_t *in = msg;
    uint64_t k0 = load_le64(key);
    uint64_t k1 = load_le64(key + 8);
    uint64_t v0 = k0 ^ 0x736f6d6570736575ull;
    uint64_t v1 = k1 ^ 0x646f72616e646f6dull;
    uint64_t v2 = k0 ^ 0x6c7967656e657261ull;
    uint64_t v3 = k1 ^ 0x7465646279746573ull;

    // Each message word m: v3 ^= m, c = 2 rounds, v0 ^= m.
    size_t whole = len - len % 8;
    for (size_t i = 0; i < whole; i += 8) {
        uint64_t m = load_le64(in + i);
        v3 ^= m;
        sipround(&v0, &v1, &v2, &v3);
        sipround(&v0, &v1, &v2, &v3);
        v0 ^= m;
    }

    // Last word: the remaining 0..7 bytes, then len mod 256 in the top byte.
    uint64_t last = (uint64_t)(len & 0xff) << 56;
    for (size_t i = 0; i < len % 8; i++)
        last |= (uint64_t)in[whole + i] << (8 * i);
    v3 ^= last;
    sipround(&v0, &v1, &v2, &v3);
    sipround(&v0, &v1, &v2, &v3);
    v0 ^= last;

    v2 ^= 0xff;
    for (int i = 0; i < 4; i++)
        sipround(&v0, &v1, &v2, &v3);
    return v0 ^ v1 ^ v2 ^ v3;
}
