// The commit rule of a move, as pure code (ssi/mig_rules.c;
// tests/unit/test_mig_sm.c): what the outcome of each stage means for
// where the process runs. Home is the authority, and no process ever runs
// twice:
//   home -> node: the target builds a copy (IMAGE), holds it when every
//     page is there (DONE); home then records the new place (the commit)
//     and tells it to run (GO). Before the commit the process stays home;
//     after it, a GO that fails leaves home unable to know whether the
//     target runs it, so home kills its record (the target drops a held
//     copy whose GO never comes).
//   node -> home: DONE at home is the commit. If the link fails there, or
//     earlier (home unreachable), the remote cannot know whether home took
//     it: the process ends where it was, and home, which decides, either
//     runs it or, once the node is marked down, ends it as killed.
//   node -> another node (onward): the target builds and holds a copy as
//     above; then the remote asks home to re-point the deputy (COMMIT).
//     Home records the new place, answers, and sends GO itself (a GO that
//     fails: killed, as for home -> node). A refused COMMIT leaves the
//     process where it was; a failed link there cannot tell whether home
//     took it: the process ends where it was, home decides.
#ifndef SSI_MIG_RULES_H
#define SSI_MIG_RULES_H

#include "kernel/types.h"

// Which way a process goes.
enum mig_route {
    MIG_ROUTE_AWAY,     // from home to another node
    MIG_ROUTE_HOME,     // from where it runs back home
    MIG_ROUTE_ONWARD,   // from where it runs to a third node
};

enum mig_stage {
    MIG_STAGE_IMAGE,    // BEGIN and PAGES: the target builds its copy
    MIG_STAGE_DONE,     // DONE: every page sent (at home: the commit)
    MIG_STAGE_GO,       // GO, home -> node: home has committed
    MIG_STAGE_COMMIT,   // onward: home asked to re-point the deputy (it sends GO)
};

enum mig_fate {
    MIG_FATE_NEXT,        // go on to the next stage
    MIG_FATE_STAYS,       // nothing committed: the process runs on where it was
    MIG_FATE_MOVED,       // committed, and the target runs it: let it go
    MIG_FATE_ENDS_HERE,   // going home, it cannot be known whether home took it
    MIG_FATE_KILLED,      // home committed, it cannot be known whether the target runs it
};

// What the end of stage means on route: err is 0 (the target, or home,
// said yes) or -errno, link_failed tells a failed link (the message may or
// may not have been taken) from a refusal (it was not).
enum mig_fate mig_fate(enum mig_route route, enum mig_stage stage, int err, bool link_failed);

#endif
