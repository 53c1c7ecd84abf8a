// SipHash-2-4 (see siphash.h), written from the paper: initialisation with
// the constants "somepseudorandomlygeneratedbytes", c = 2 compression rounds
// per 8-byte word, a last word holding the length mod 256 in its top byte,
// then d = 4 finalisation rounds after v2 ^= 0xff. Pure: tested in tests/unit
// against the paper's 64 published vectors.
#include "ssi/siphash.h"

// The state v0..v3 of the paper.
struct sipstate {
    uint64_t v[4];
};

static uint64_t rotl64(uint64_t x, int b)
{
    return (x << b) | (x >> (64 - b));
}

// Read 8 bytes as a little-endian word, whatever the host's byte order.
static uint64_t load_le64(const uint8_t *p)
{
    uint64_t w = 0;
    for (int i = 7; i >= 0; i--)
        w = (w << 8) | p[i];
    return w;
}

// One SipRound.
static void sipround(struct sipstate *s)
{
    uint64_t *v = s->v;
    v[0] += v[1]; v[1] = rotl64(v[1], 13); v[1] ^= v[0]; v[0] = rotl64(v[0], 32);
    v[2] += v[3]; v[3] = rotl64(v[3], 16); v[3] ^= v[2];
    v[0] += v[3]; v[3] = rotl64(v[3], 21); v[3] ^= v[0];
    v[2] += v[1]; v[1] = rotl64(v[1], 17); v[1] ^= v[2]; v[2] = rotl64(v[2], 32);
}

// Absorb one message word m with c = 2 rounds.
static void compress(struct sipstate *s, uint64_t m)
{
    s->v[3] ^= m;
    sipround(s);
    sipround(s);
    s->v[0] ^= m;
}

uint64_t siphash24(const uint8_t key[SIPHASH_KEY_SIZE], const void *msg, size_t len)
{
    const uint8_t *in = msg;
    uint64_t k0 = load_le64(key);
    uint64_t k1 = load_le64(key + 8);
    struct sipstate s = { {
        k0 ^ 0x736f6d6570736575ull,
        k1 ^ 0x646f72616e646f6dull,
        k0 ^ 0x6c7967656e657261ull,
        k1 ^ 0x7465646279746573ull,
    } };

    size_t whole = len - len % 8;
    for (size_t i = 0; i < whole; i += 8)
        compress(&s, load_le64(in + i));

    // Last word: the remaining 0..7 bytes, then len mod 256 in the top byte.
    uint64_t last = (uint64_t)(len & 0xff) << 56;
    for (size_t i = 0; i < len % 8; i++)
        last |= (uint64_t)in[whole + i] << (8 * i);
    compress(&s, last);

    s.v[2] ^= 0xff;
    for (int i = 0; i < 4; i++)
        sipround(&s);
    return s.v[0] ^ s.v[1] ^ s.v[2] ^ s.v[3];
}
