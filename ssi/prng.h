// A small deterministic pseudo-random generator (xoshiro128**, Blackman and
// Vigna) for gossip target choice, backoff jitter and the test harnesses.
// Not for secrets: the cluster key never depends on it. The state lives in a
// struct the caller owns, so every thread or simulated node has its own
// stream, and the same seed always gives the same sequence.
#ifndef SSI_PRNG_H
#define SSI_PRNG_H

#include "kernel/types.h"

struct prng {
    uint32_t s[4];   // generator state; never all zero after prng_seed
};

// Initialise r from a 64-bit seed (any value, zero included), spreading the
// seed over the state with splitmix64.
void prng_seed(struct prng *r, uint64_t seed);

// The next 32 pseudo-random bits.
uint32_t prng_next(struct prng *r);

// A pseudo-random number in [0, n), n > 0, without division (multiply and
// keep the high half: Lemire's method without the rejection step, whose
// bias is below n / 2^32). Returns 0 when n is 0.
uint32_t prng_below(struct prng *r, uint32_t n);

#endif
