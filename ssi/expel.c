// Emptying a node of what spans it, the openMosix way (mosctl expel,
// mosctl bring; mosctl halt does both before the node leaves):
//   expel: every guest here is asked to go home;
//   bring: every process of this node running elsewhere is asked to come
//          home (the node where it runs moves it).
// Each waits, up to EXPEL_WAIT_MS, until the moves are done, and says how
// many went and how many are left (a stopped or locked process does not
// move: it says why).
#include "ssi/expel.h"
#include "ssi/migrate.h"
#include "ssi/remote.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/format.h"
#include "kernel/x86.h"
#include "drivers/pit.h"

#define EXPEL_WAIT_MS 120000   // the longest the moves may take together
#define EXPEL_POLL_MS 100

// Processes of role here (ROLE_GUEST or ROLE_DEPUTY), being moved or not.
static int count(enum proc_role role)
{
    int n = 0;
    uint32_t f = intr_save();
    for (int i = 0; i < NPROC; i++) {
        struct proc *p = &proctab[i];
        if (p->state != P_UNUSED && p->state != P_ZOMBIE && p->state != P_DEAD && p->role == role)
            n++;
    }
    intr_restore(f);
    return n;
}

// Ask every process of role to go home; wait for them; say how it went.
static int empty(enum proc_role role, const char *what, char *out, size_t size)
{
    int asked = 0, refused = 0;
    const char *why = "";
    for (int i = 0; i < NPROC; i++) {
        struct proc *p = &proctab[i];
        if (p->state == P_UNUSED || p->state == P_ZOMBIE || p->state == P_DEAD || p->role != role)
            continue;
        const char *w = "";
        // A guest moves itself home; a deputy asks the node where its
        // process runs (migrate_request does either).
        if (migrate_request(p, MOVE_HOME, &w) < 0) {
            refused++;
            why = w;
        } else {
            asked++;
        }
    }
    uint32_t waited = 0;
    while (count(role) > refused && waited < EXPEL_WAIT_MS) {
        uint32_t f = intr_save();
        sleep_timeout(&waited, EXPEL_POLL_MS);
        intr_restore(f);
        waited += EXPEL_POLL_MS;
    }
    int left = count(role);
    snformat(out, size, "%s: %d asked to go home, %d left%s%s\n", what, asked, left,
             refused ? ": " : "", refused ? why : "");
    return left;
}

int expel_guests(char *out, size_t size)
{
    return empty(ROLE_GUEST, "expel", out, size);
}

int bring_home(char *out, size_t size)
{
    return empty(ROLE_DEPUTY, "bring", out, size);
}
