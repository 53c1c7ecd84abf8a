// xoshiro128** generator (see prng.h). Pure: tested in tests/unit.
#include "ssi/prng.h"

static uint32_t rotl32(uint32_t x, int k)
{
    return (x << k) | (x >> (32 - k));
}

// One step of splitmix64: a good mixer to expand a seed.
static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

void prng_seed(struct prng *r, uint64_t seed)
{
    uint64_t x = seed;
    uint64_t a = splitmix64(&x);
    uint64_t b = splitmix64(&x);
    r->s[0] = (uint32_t)a;
    r->s[1] = (uint32_t)(a >> 32);
    r->s[2] = (uint32_t)b;
    r->s[3] = (uint32_t)(b >> 32);
    if ((r->s[0] | r->s[1] | r->s[2] | r->s[3]) == 0)
        r->s[0] = 1;
}

uint32_t prng_next(struct prng *r)
{
    uint32_t result = rotl32(r->s[1] * 5, 7) * 9;
    uint32_t t = r->s[1] << 9;
    r->s[2] ^= r->s[0];
    r->s[3] ^= r->s[1];
    r->s[1] ^= r->s[2];
    r->s[0] ^= r->s[3];
    r->s[2] ^= t;
    r->s[3] = rotl32(r->s[3], 11);
    return result;
}

uint32_t prng_below(struct prng *r, uint32_t n)
{
    return (uint32_t)(((uint64_t)prng_next(r) * n) >> 32);
}
