// The deputy's request queue and the rules of cancelling (see dep_queue.h).
#include "ssi/dep_queue.h"

void dep_queue_push(struct dep_queue *dq, struct dep_req *r)
{
    r->next = NULL;
    if (r->seq > dq->last_seq)
        dq->last_seq = r->seq;
    if (dq->early_cancel && r->seq == dq->early_cancel) {
        r->cancelled = true;   // its cancel overtook it
        dq->early_cancel = 0;
    }
    if (dq->tail)
        dq->tail->next = r;
    else
        dq->head = r;
    dq->tail = r;
}

enum dep_cancel dep_queue_cancel(struct dep_queue *dq, uint32_t seq)
{
    if (dq->running && dq->running->seq == seq)
        return DEP_CANCEL_RUNNING;
    for (struct dep_req *r = dq->head; r; r = r->next) {
        if (r->seq == seq) {
            r->cancelled = true;
            return DEP_CANCEL_QUEUED;
        }
    }
    if (seq > dq->last_seq) {
        dq->early_cancel = seq;
        return DEP_CANCEL_EARLY;
    }
    return DEP_CANCEL_LATE;
}

struct dep_req *dep_queue_take(struct dep_queue *dq)
{
    struct dep_req *r = dq->head;
    if (!r)
        return NULL;
    dq->head = r->next;
    if (!dq->head)
        dq->tail = NULL;
    r->next = NULL;
    dq->running = r;
    return r;
}

void dep_queue_finish(struct dep_queue *dq)
{
    dq->running = NULL;
}

struct dep_req *dep_queue_drain(struct dep_queue *dq)
{
    struct dep_req *list = dq->head;
    dq->head = dq->tail = NULL;
    return list;
}
