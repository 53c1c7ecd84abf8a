// The speed estimate (see speed.h).
#include "ssi/speed.h"

void speed_init(struct speed_est *e)
{
    *e = (struct speed_est){ { 0 }, 0 };
}

void speed_add(struct speed_est *e, uint32_t speed)
{
    if (speed == 0)
        return;
    e->run[e->count % SPEED_RUNS] = speed;
    e->count++;
}

uint32_t speed_runs(const struct speed_est *e)
{
    return e->count < SPEED_RUNS ? e->count : SPEED_RUNS;
}

uint32_t speed_value(const struct speed_est *e)
{
    uint32_t best = 0;
    for (uint32_t i = 0; i < speed_runs(e); i++)
        if (e->run[i] > best)
            best = e->run[i];
    return best;
}

uint32_t speed_spread_pm(const struct speed_est *e)
{
    uint32_t n = speed_runs(e);
    if (n == 0)
        return 0;
    // The median: the value with as many runs above it as below (insertion
    // sort of a copy; n is at most SPEED_RUNS).
    uint32_t v[SPEED_RUNS];
    for (uint32_t i = 0; i < n; i++) {
        uint32_t x = e->run[i], j = i;
        for (; j > 0 && v[j - 1] > x; j--)
            v[j] = v[j - 1];
        v[j] = x;
    }
    uint32_t median = v[n / 2], best = v[n - 1];
    return (uint32_t)((uint64_t)(best - median) * 1000 / best);
}
