// Fail points (see failpoint.h).
#include "ssi/failpoint.h"
#include "ssi/cluster.h"
#include "kernel/console.h"
#include "kernel/x86.h"
#include <string.h>

static const char *const names[FP_COUNT] = {
    [FP_NONE] = "none",
    [FP_ARRIVE_DONE] = "arrive_done",
    [FP_ARRIVE_GO] = "arrive_go",
    [FP_HOME_GO] = "home_go",
    [FP_HOME_DONE_LATE] = "home_done_late",
};

static enum failpoint armed;   // FP_NONE: none

bool failpoint_arm(const char *name, size_t len)
{
    for (int i = 0; i < FP_COUNT; i++) {
        if (strlen(names[i]) == len && memcmp(names[i], name, len) == 0) {
            armed = (enum failpoint)i;
            return true;
        }
    }
    return false;
}

const char *failpoint_armed(void)
{
    return names[armed];
}

bool failpoint_holds(enum failpoint fp)
{
    return fp != FP_NONE && fp == armed;
}

void failpoint(enum failpoint fp)
{
    if (fp == FP_NONE || fp != armed)
        return;
    kprintf("failpoint %s: node %u stops here\n", names[fp], cluster_self());
    // Nothing runs again: no interrupt (the card, the clock), no thread.
    for (;;) {
        cli();
        hlt();
    }
}
