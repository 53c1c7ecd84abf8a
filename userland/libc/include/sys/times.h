// CPU times of the process and of its waited-for children.
#ifndef _SYS_TIMES_H
#define _SYS_TIMES_H
#include <sys/types.h>

struct tms {
    clock_t tms_utime;     // user CPU ticks
    clock_t tms_stime;     // kernel CPU ticks
    clock_t tms_cutime;    // user ticks of waited-for children
    clock_t tms_cstime;    // kernel ticks of waited-for children
};

clock_t times(struct tms *t);

#endif
