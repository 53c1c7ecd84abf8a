// Resource limits and usage (see sys/resource.h).
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/times.h>

int getrlimit(int resource, struct rlimit *rl)
{
    if (resource < 0 || resource >= RLIM_NLIMITS) {
        errno = EINVAL;
        return -1;
    }
    rlim_t v = RLIM_INFINITY;
    if (resource == RLIMIT_NOFILE)
        v = OPEN_MAX;
    else if (resource == RLIMIT_CORE)
        v = 0;   // no core dumps
    rl->rlim_cur = rl->rlim_max = v;
    return 0;
}

int setrlimit(int resource, const struct rlimit *rl)
{
    struct rlimit now;
    if (getrlimit(resource, &now) < 0)
        return -1;
    if (rl->rlim_cur == now.rlim_cur && rl->rlim_max == now.rlim_max)
        return 0;   // no change asked
    errno = EPERM;
    return -1;
}

// Clock ticks as a struct timeval.
static struct timeval ticks_tv(clock_t t)
{
    long hz = sysconf(_SC_CLK_TCK);
    struct timeval tv = { (time_t)(t / hz), (long)((t % hz) * (1000000 / hz)) };
    return tv;
}

int getrusage(int who, struct rusage *ru)
{
    if (who != RUSAGE_SELF && who != RUSAGE_CHILDREN) {
        errno = EINVAL;
        return -1;
    }
    struct tms t;
    if (times(&t) == (clock_t)-1)
        return -1;
    memset(ru, 0, sizeof(*ru));
    ru->ru_utime = ticks_tv(who == RUSAGE_SELF ? t.tms_utime : t.tms_cutime);
    ru->ru_stime = ticks_tv(who == RUSAGE_SELF ? t.tms_stime : t.tms_cstime);
    return 0;
}
