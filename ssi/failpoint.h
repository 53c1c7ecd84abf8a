// Fail points: named steps of a migration at which this node can be told
// to stop dead, as if its power went at exactly that step. They show (and
// the tests check) what the rest of the cluster does when a node dies at
// the worst moment: docs/migration.md's failure table says what happens
// for each. Armed with "fail NAME" on /proc/cluster/ctl (mosctl fail
// NAME); a node boots with none armed.
//
//   arrive_done   where a process goes: every page is here, before the
//                 answer to DONE (before the commit: it runs on at home)
//   arrive_go     where a process goes: home said GO (after the commit),
//                 before the process runs (it ends at home, killed)
//   home_go       home: the commit is made (the deputy points at the
//                 target), before GO is sent (the target drops what it
//                 holds when it sees home down)
//
// A node that reaches its armed point prints one line and halts with
// interrupts off: it sends nothing and answers nothing, like a dead
// machine, until it is switched off or reset.
//
// One point holds instead of stopping, as a slow or lossy link would:
//
//   home_done_late  home: a process came back (DONE, the commit), and
//                   runs; the answer to the node it came from is held
//                   until the point is disarmed ("fail none"), so that
//                   node's copy is still leaving meanwhile
#ifndef SSI_FAILPOINT_H
#define SSI_FAILPOINT_H

#include "kernel/types.h"

enum failpoint {
    FP_NONE,
    FP_ARRIVE_DONE,
    FP_ARRIVE_GO,
    FP_HOME_GO,
    FP_HOME_DONE_LATE,
    FP_COUNT
};

// Arm the point named name ("none" disarms). False if no point has that
// name (len bytes, not NUL-terminated).
bool failpoint_arm(const char *name, size_t len);

// The armed point's name ("none").
const char *failpoint_armed(void);

// This node is at point fp: if it is the armed one, stop here for good.
void failpoint(enum failpoint fp);

// Is the holding point fp armed?
bool failpoint_holds(enum failpoint fp);

#endif
