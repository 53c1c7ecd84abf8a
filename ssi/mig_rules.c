// The commit rule of a move (see mig_rules.h).
#include "ssi/mig_rules.h"

enum mig_fate mig_fate(bool going_home, enum mig_stage stage, int err, bool link_failed)
{
    if (err == 0) {
        if (stage == MIG_STAGE_IMAGE)
            return MIG_FATE_NEXT;
        if (stage == MIG_STAGE_DONE)
            return going_home ? MIG_FATE_MOVED : MIG_FATE_NEXT;   // home: DONE commits
        return MIG_FATE_MOVED;                                     // GO taken
    }
    if (stage == MIG_STAGE_GO)
        return MIG_FATE_KILLED;   // committed: whatever went wrong, home cannot take it back
    if (going_home && link_failed)
        return MIG_FATE_ENDS_HERE;
    return MIG_FATE_STAYS;        // a refusal, or a link lost before anything was committed
}
