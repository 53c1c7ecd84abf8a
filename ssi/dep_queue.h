// The deputy's queue of requests from its remote (forwarded calls, and the
// fork, exit and execve parts), with the rules of cancelling a call. Pure
// (ssi/dep_queue.c; tests/unit/test_mig_sm.c); the deputy (ssi/deputy.c)
// keeps one per process away from home, touched with interrupts off.
//
// A remote sends one call at a time and numbers them (seq); when a signal
// comes while home runs the call, it sends DEP_CANCEL with that number and
// still waits for the answer, which says whether the call ran. The
// transport delivers whole messages in the order they complete, so a
// one-chunk CANCEL can overtake the long CALL it names (a 64 KiB write):
// such an early cancel is remembered and applies when the call comes.
#ifndef SSI_DEP_QUEUE_H
#define SSI_DEP_QUEUE_H

#include "kernel/types.h"

// A request, queued for the deputy's thread.
struct dep_req {
    struct dep_req *next;
    uint8_t op;              // DEP_CALL, DEP_EXIT, DEP_FORK, DEP_FORGET, DEP_EXEC_*
    uint32_t seq;            // the remote's number for it
    uint32_t msg_id;         // the transport id to answer
    bool cancelled;          // cancelled before it started: answer -EINTR, do not run it
    uint32_t len;            // bytes in data
    uint8_t data[];          // what follows the dep_msg
};

struct dep_queue {
    struct dep_req *head, *tail;   // waiting, oldest first
    struct dep_req *running;       // taken and not finished (NULL: none)
    uint32_t last_seq;             // the highest seq that came
    uint32_t early_cancel;         // a seq cancelled before it came (0: none)
};

// What a DEP_CANCEL found.
enum dep_cancel {
    DEP_CANCEL_RUNNING,   // the call is running: the caller interrupts it
    DEP_CANCEL_QUEUED,    // it waits: it will be answered -EINTR without running
    DEP_CANCEL_EARLY,     // it has not come yet: it will be, when it comes
    DEP_CANCEL_LATE,      // it was answered already: nothing to do
};

// Queue r (its seq, op and data filled in) at the tail.
void dep_queue_push(struct dep_queue *dq, struct dep_req *r);

// The cancel of call seq.
enum dep_cancel dep_queue_cancel(struct dep_queue *dq, uint32_t seq);

// Take the oldest request to run it (it becomes the running one), or NULL.
struct dep_req *dep_queue_take(struct dep_queue *dq);

// The running request is finished (the caller frees it).
void dep_queue_finish(struct dep_queue *dq);

// Take every waiting request out (to free them): the list, oldest first.
struct dep_req *dep_queue_drain(struct dep_queue *dq);

#endif
