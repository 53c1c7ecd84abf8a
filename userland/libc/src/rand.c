// rand and srand: a 32-bit linear congruential generator (glibc's TYPE_0
// constants), the top 31 bits of the state.
#include <stdlib.h>

static unsigned next = 1;

// rand_r: the next number of the sequence in *seed, 0..RAND_MAX.
int rand_r(unsigned *seed)
{
    *seed = *seed * 1103515245u + 12345u;
    unsigned a = *seed >> 16;
    *seed = *seed * 1103515245u + 12345u;
    return (int)(((a << 15) ^ (*seed >> 16)) & RAND_MAX);
}

// rand: 0..RAND_MAX.
int rand(void)
{
    return rand_r(&next);
}

// srand: restart the sequence from seed.
void srand(unsigned seed)
{
    next = seed;
}
