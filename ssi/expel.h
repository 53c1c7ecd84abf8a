// Emptying a node of what spans it (ssi/expel.c): its guests sent home,
// its own processes brought home. For /proc/cluster/ctl (mosctl expel,
// bring, halt); they sleep, so the writer's process runs them.
#ifndef SSI_EXPEL_H
#define SSI_EXPEL_H

#include "kernel/types.h"

// Send every guest here home and wait for them. The line for the result
// goes to out; returns how many guests are left.
int expel_guests(char *out, size_t size);

// Bring every process of this node home and wait for them. As above.
int bring_home(char *out, size_t size);

#endif
