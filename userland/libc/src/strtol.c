// strtol and friends, atoi, strtod: errno on top of the pure engines.
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include "strconv.h"

// Set errno from the engine's flags.
static void set_errno(bool range, bool badbase)
{
    if (badbase)
        errno = EINVAL;
    else if (range)
        errno = ERANGE;
}

// strtol: ERANGE and LONG_MIN/LONG_MAX when out of range.
long strtol(const char *s, char **end, int base)
{
    bool range = false, bad = false;
    long v = (long)conv_signed(s, end, base, LONG_MIN, LONG_MAX, &range, &bad);
    set_errno(range, bad);
    return v;
}

// strtoul: a '-' negates in unsigned long, as C says.
unsigned long strtoul(const char *s, char **end, int base)
{
    bool range = false, bad = false;
    unsigned long v = (unsigned long)conv_unsigned(s, end, base, ULONG_MAX, &range, &bad);
    set_errno(range, bad);
    return v;
}

// strtoll
long long strtoll(const char *s, char **end, int base)
{
    bool range = false, bad = false;
    long long v = conv_signed(s, end, base, LLONG_MIN, LLONG_MAX, &range, &bad);
    set_errno(range, bad);
    return v;
}

// strtoull
unsigned long long strtoull(const char *s, char **end, int base)
{
    bool range = false, bad = false;
    unsigned long long v = conv_unsigned(s, end, base, ULLONG_MAX, &range, &bad);
    set_errno(range, bad);
    return v;
}

// atoi: strtol in base 10, truncated to int, errors ignored.
int atoi(const char *s)
{
    return (int)strtol(s, NULL, 10);
}

// atol
long atol(const char *s)
{
    return strtol(s, NULL, 10);
}

// atoll
long long atoll(const char *s)
{
    return strtoll(s, NULL, 10);
}

// strtod: ERANGE on overflow or underflow.
double strtod(const char *s, char **end)
{
    bool range = false;
    double v = conv_double(s, end, &range);
    if (range)
        errno = ERANGE;
    return v;
}

// strtof
float strtof(const char *s, char **end)
{
    return (float)strtod(s, end);
}

// atof
double atof(const char *s)
{
    return strtod(s, NULL);
}
