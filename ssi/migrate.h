// Process migration (ARCHITECTURE decision 9): a running process moves to
// another node and back, and nothing in the program changes.
//
// A move is asked by writing /proc/PID/goto (migrate, mosrun) and happens
// at the freeze point: on the process's way back to user mode, at the end
// of trap(), where its kernel stack holds only its trapframe. There the
// process's own thread sends its image (ssi/image.h) to the target in
// messages of bounded size and waits for the outcome. The home node is the
// authority on where a process runs: a move is final when home records the
// new place. Until then the source keeps the frozen process and resumes it
// on any refusal, error or silence; the target holds the image without
// running it. So a process never runs twice, and a failed move leaves it
// running where it was, with the reason in /proc/PID/migstat.
//
//   home -> N    home's slot becomes the deputy (ssi/deputy.c) after N
//                holds the image; N runs it when home says GO.
//   N -> home    home takes the image back into the deputy's slot; that
//                is the commit; N frees its slot (ssi/remote.c).
//
// The steps, the messages and the failure cases are in docs/migration.md
// and docs/protocol.md.
#ifndef SSI_MIGRATE_H
#define SSI_MIGRATE_H

#include "kernel/types.h"
#include "kernel/trap.h"

struct proc;

#define MIG_BATCH_PAGES   64        // pages per MIG_PAGES message (256 KiB)
#define MIG_WINDOW        4         // MIG_PAGES messages in flight at once
#define MIG_ARRIVALS_MAX  4         // transfers a node takes in at once
#define MIG_HOLD_MS       120000    // an arrival this long without a message is dropped
#define MIG_MEM_RESERVE   (1u << 20)   // free memory a node keeps when it takes a process
#define MIG_LEAVING_WAIT_MS 90000   // how long BEGIN is asked again while the target's
                                    // previous copy of the process is still leaving
                                    // (its last answer waits at most the transport's
                                    // stall time, 60 s)
#define MIG_LEAVING_RETRY_MS 200    // pause between those asks

// Register the migration services; from cluster_start.
void migrate_init(void);

// Why p cannot move now ("" when it can): init, a kernel thread, a zombie,
// locked, being migrated...
const char *migrate_cantmove(struct proc *p);

// Ask p to move to node (MOVE_HOME: its home). Returns at once: 0 when
// the move was asked (it happens at p's freeze point, or, for a process
// away from home, where it runs), or -errno with the reason in *why.
int migrate_request(struct proc *p, int node, const char **why);

// The freeze point: p (the current process, about to return to user mode
// with tf) was asked to move. Returns when p goes on running here: the
// move failed, or p came back home. A process that left for good never
// returns from here.
void migrate_freeze_point(struct proc *p, struct trapframe *tf);

// Record the outcome of a move asked on this node (for migrate and
// /proc/PID/migstat): ok, or failed with why.
void migrate_record(struct proc *p, bool ok, uint32_t node, const char *why);

// The cluster thread's tick: drop arrivals held too long, or whose
// source went down.
void migrate_tick(uint64_t now);

// Counters, for /proc/cluster/stats.
struct migrate_stats {
    uint32_t out;          // moves away from this node that were committed
    uint32_t in;           // processes that arrived and ran here
    uint32_t refused;      // moves the target refused
    uint32_t aborted;      // moves that failed on the way (link, target down)
    uint32_t arrivals_dropped;   // held images dropped (no GO, source down)
    uint32_t calls_out;    // forwarded calls sent home (remote)
    uint32_t calls_in;     // forwarded calls served (deputy)
    uint32_t cancels;      // forwarded calls cancelled
    uint32_t bad;          // malformed or misaddressed migration messages
    uint32_t lost;         // processes ended because the other node went down
    uint32_t begin_waits;  // BEGINs told to come again: the process's previous
                           // copy here was still leaving
};
extern struct migrate_stats migrate_stats;

// GO for transfer xfer of p to node: it runs there. 0, or -errno with
// why. (Home sends it after it committed: its own moves, and a remote's
// move onward, ssi/deputy.c.)
int migrate_go(struct proc *p, uint32_t node, uint32_t xfer, char *why, size_t why_size);

// /proc/PID/<file> for the migration files (where, goto, lock, cantmove,
// nmigs, migstat): the text, -1 when file is not one of them.
int migrate_proc_gen(struct proc *p, const char *file, char *buf, size_t size);

// A write to /proc/PID/<file> (goto, lock): bytes taken or -errno.
int migrate_proc_write(struct proc *p, const char *file, const char *buf, size_t n);

// The target side (ssi/arrive.c): the service of CLUSTER_SVC_MIGRATE.
void arrive_service(uint32_t node, uint32_t id, const uint8_t *buf, uint32_t len);
void arrive_tick(uint64_t now);

#endif
