// The commit rule of a move (see mig_rules.h).
#include "ssi/mig_rules.h"

enum mig_fate mig_fate(enum mig_route route, enum mig_stage stage, int err, bool link_failed)
{
    if (err == 0) {
        if (stage == MIG_STAGE_IMAGE)
            return MIG_FATE_NEXT;
        if (stage == MIG_STAGE_DONE)
            return route == MIG_ROUTE_HOME ? MIG_FATE_MOVED : MIG_FATE_NEXT;   // home: DONE commits
        return MIG_FATE_MOVED;                                                 // GO, COMMIT taken
    }
    if (stage == MIG_STAGE_GO)
        return MIG_FATE_KILLED;   // committed: whatever went wrong, home cannot take it back
    if (link_failed && (route == MIG_ROUTE_HOME || stage == MIG_STAGE_COMMIT))
        return MIG_FATE_ENDS_HERE;   // home may have taken it: home decides
    return MIG_FATE_STAYS;        // a refusal, or a link lost before anything was committed
}
