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
#ifndef SSI_MIG_RULES_H
#define SSI_MIG_RULES_H

#include "kernel/types.h"

enum mig_stage {
    MIG_STAGE_IMAGE,   // BEGIN and PAGES: the target builds its copy
    MIG_STAGE_DONE,    // DONE: every page sent (at home: the commit)
    MIG_STAGE_GO,      // GO, home -> node: home has committed
};

enum mig_fate {
    MIG_FATE_NEXT,        // go on to the next stage
    MIG_FATE_STAYS,       // nothing committed: the process runs on where it was
    MIG_FATE_MOVED,       // committed, and the target runs it: let it go
    MIG_FATE_ENDS_HERE,   // going home, it cannot be known whether home took it
    MIG_FATE_KILLED,      // home committed, it cannot be known whether the target runs it
};

// What the end of stage means: err is 0 (the target said yes) or -errno,
// link_failed tells a failed link (the message may or may not have been
// taken) from a refusal (it was not). going_home: a guest moving to its
// home (else: home moving its process to another node).
enum mig_fate mig_fate(bool going_home, enum mig_stage stage, int err, bool link_failed);

#endif
