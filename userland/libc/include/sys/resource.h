// Resource limits and usage. The kernel has no per-process limits to set:
// getrlimit reports the fixed ones, setrlimit refuses every change
// (EPERM). getrusage gives the CPU times (from times()); the other fields
// are zero.
#ifndef _SYS_RESOURCE_H
#define _SYS_RESOURCE_H
#include <sys/time.h>

typedef unsigned long rlim_t;
#define RLIM_INFINITY (~0UL)

#define RLIMIT_CPU     0
#define RLIMIT_FSIZE   1
#define RLIMIT_DATA    2
#define RLIMIT_STACK   3
#define RLIMIT_CORE    4
#define RLIMIT_RSS     5
#define RLIMIT_NPROC   6
#define RLIMIT_NOFILE  7
#define RLIMIT_MEMLOCK 8
#define RLIMIT_AS      9
#define RLIM_NLIMITS   10

struct rlimit {
    rlim_t rlim_cur;   // the limit in force
    rlim_t rlim_max;   // how far it could be raised
};

#define RUSAGE_SELF     0
#define RUSAGE_CHILDREN (-1)

struct rusage {
    struct timeval ru_utime;   // user CPU time
    struct timeval ru_stime;   // system CPU time
    long ru_maxrss, ru_ixrss, ru_idrss, ru_isrss, ru_minflt, ru_majflt, ru_nswap,
         ru_inblock, ru_oublock, ru_msgsnd, ru_msgrcv, ru_nsignals, ru_nvcsw, ru_nivcsw;
};

int getrlimit(int resource, struct rlimit *rl);
int setrlimit(int resource, const struct rlimit *rl);
int getrusage(int who, struct rusage *ru);

#endif
