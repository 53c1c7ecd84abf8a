// Unit tests of the state machines of migration against a simulated peer
// that refuses, loses its link before or after taking a message, or dies:
// the commit rule (ssi/mig_rules.c) and the deputy's queue with cancels
// (ssi/dep_queue.c), which the kernel's ssi/migrate.c and ssi/deputy.c use.
// The property above all: no process ever runs on two nodes, and one is
// never lost while nothing failed.
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ssi/mig_rules.h"
#include "ssi/dep_queue.h"
#include "kernel/api/errno.h"

// --- the commit rule -----------------------------------------------------------

// How the link treats the message at the failure point.
enum fault {
    FAULT_NONE,        // everything arrives and is answered
    FAULT_REFUSED,     // the target answers no (and forgets the transfer)
    FAULT_LOST_BEFORE, // the link dies before the target takes the message
    FAULT_LOST_AFTER,  // the target takes it, the link dies before the answer
};

// Where the process ends up, once every node has acted on what it knows
// (a node that loses its peer drops what it held for it).
struct world {
    bool runs_at_source;
    bool runs_at_target;
    bool killed;            // ended as killed by SIGKILL (its parent is told)
    bool target_holds;      // the target still holds memory for it
};

// One move over PAGES page batches with fault at message index at (0:
// BEGIN, 1..PAGES: PAGES, PAGES+1: DONE, PAGES+2: GO from home, or, going
// onward, COMMIT to home, after which home sends GO itself).
static struct world simulate(enum mig_route route, int pages, int at, enum fault fault)
{
    struct world w = { false, false, false, false };
    bool target_has = false, target_held = false, home_committed = false;
    bool home_route = route == MIG_ROUTE_HOME;
    int done_at = pages + 1;
    enum mig_stage stage = MIG_STAGE_IMAGE;
    enum mig_fate fate = MIG_FATE_NEXT;
    int last = home_route ? done_at : done_at + 1;
    for (int msg = 0; msg <= last && fate == MIG_FATE_NEXT; msg++) {
        stage = msg < done_at ? MIG_STAGE_IMAGE : msg == done_at ? MIG_STAGE_DONE :
                route == MIG_ROUTE_AWAY ? MIG_STAGE_GO : MIG_STAGE_COMMIT;
        if (stage == MIG_STAGE_GO)
            home_committed = true;   // home -> node: recorded before GO is sent
        enum fault f = msg == at ? fault : FAULT_NONE;
        bool taken = f == FAULT_NONE || f == FAULT_LOST_AFTER;
        if (taken) {
            if (msg == 0)
                target_has = true;
            if (stage == MIG_STAGE_DONE) {
                if (home_route)
                    home_committed = true;   // DONE at home is the commit
                else
                    target_held = true;
            }
            if (stage == MIG_STAGE_GO)
                w.runs_at_target = true;
            if (stage == MIG_STAGE_COMMIT) {
                home_committed = true;       // home re-points the deputy...
                w.runs_at_target = true;     // ...and sends GO to the target
            }
        }
        int err = f == FAULT_NONE ? 0 : f == FAULT_REFUSED ? -EINVAL : -EHOSTDOWN;
        bool link = f == FAULT_LOST_BEFORE || f == FAULT_LOST_AFTER;
        if (f == FAULT_REFUSED)
            target_has = target_held = false;   // a refused transfer is dropped there
        fate = mig_fate(route, stage, err, link);
        if (link && stage != MIG_STAGE_COMMIT && !w.runs_at_target) {
            // The peers mark each other down: the target drops what it
            // holds and has not started.
            target_has = target_held = false;
        }
    }
    switch (fate) {
    case MIG_FATE_STAYS:
        w.runs_at_source = true;
        target_has = target_held = false;   // told to forget it (MIG_ABORT), or it drops it
        break;
    case MIG_FATE_MOVED:
        if (home_route)
            w.runs_at_target = home_committed;
        break;
    case MIG_FATE_ENDS_HERE:
        // It ends where it was; home runs it (or has the target run it) if
        // it committed, else ends it as killed once that node is down.
        if (!home_committed) {
            w.killed = true;
            target_has = target_held = false;   // no GO comes: dropped after the hold
        } else if (home_route) {
            w.runs_at_target = true;
        }
        break;
    case MIG_FATE_KILLED:
        w.killed = true;
        break;
    case MIG_FATE_NEXT:
        fail_msg("a move ended without a fate");
    }
    if (w.killed && w.runs_at_target && route == MIG_ROUTE_AWAY) {
        // Home killed its record while the target runs the copy: the
        // remote finds no deputy at its first call home (or loses its home)
        // and ends it there, freeing its memory.
        w.runs_at_target = false;
        target_has = target_held = false;
    }
    w.target_holds = (target_has || target_held) && !w.runs_at_target &&
                     !(home_route && home_committed);
    return w;
}

static void check_every_fault_point(enum mig_route route)
{
    const int pages = 5;
    bool home_route = route == MIG_ROUTE_HOME;
    int last = home_route ? pages + 1 : pages + 2;
    struct world ok = simulate(route, pages, -1, FAULT_NONE);
    assert_true(ok.runs_at_target);
    assert_false(ok.runs_at_source);
    assert_false(ok.killed);
    for (int at = 0; at <= last; at++) {
        for (enum fault f = FAULT_REFUSED; f <= FAULT_LOST_AFTER; f++) {
            struct world w = simulate(route, pages, at, f);
            // Never twice, never nowhere without the parent being told.
            assert_false(w.runs_at_source && w.runs_at_target);
            assert_true(w.runs_at_source || w.runs_at_target || w.killed);
            assert_false(w.target_holds);   // nothing stays behind on the target
            // Nothing committed, and home still reachable (a refusal, or
            // only the target lost): it runs on where it was.
            bool image = at <= pages + 1;
            bool stays = image ? route != MIG_ROUTE_HOME || f == FAULT_REFUSED
                               : route == MIG_ROUTE_ONWARD && f == FAULT_REFUSED;
            if (stays)
                assert_true(w.runs_at_source);
            if (route == MIG_ROUTE_ONWARD && at == pages + 2 && f == FAULT_LOST_AFTER)
                assert_true(w.runs_at_target);   // home took it: it runs where it went
            if (home_route && at == pages + 1 && f == FAULT_LOST_AFTER)
                assert_true(w.runs_at_target);   // home took it: home runs it
        }
    }
}

static void test_home_to_node_every_fault_point(void **state)
{
    check_every_fault_point(MIG_ROUTE_AWAY);
}

static void test_node_to_home_every_fault_point(void **state)
{
    check_every_fault_point(MIG_ROUTE_HOME);
}

static void test_node_to_node_every_fault_point(void **state)
{
    check_every_fault_point(MIG_ROUTE_ONWARD);
}

static void test_fate_table(void **state)
{
    // A lost commit acknowledgement: DONE taken at home, its answer lost.
    assert_int_equal(mig_fate(MIG_ROUTE_HOME, MIG_STAGE_DONE, -EHOSTDOWN, true), MIG_FATE_ENDS_HERE);
    // A refusal at home's DONE (pages missing): nothing committed.
    assert_int_equal(mig_fate(MIG_ROUTE_HOME, MIG_STAGE_DONE, -EINVAL, false), MIG_FATE_STAYS);
    assert_int_equal(mig_fate(MIG_ROUTE_HOME, MIG_STAGE_DONE, 0, false), MIG_FATE_MOVED);
    assert_int_equal(mig_fate(MIG_ROUTE_AWAY, MIG_STAGE_DONE, 0, false), MIG_FATE_NEXT);
    assert_int_equal(mig_fate(MIG_ROUTE_AWAY, MIG_STAGE_DONE, -EHOSTDOWN, true), MIG_FATE_STAYS);
    assert_int_equal(mig_fate(MIG_ROUTE_AWAY, MIG_STAGE_IMAGE, -ENOMEM, false), MIG_FATE_STAYS);
    assert_int_equal(mig_fate(MIG_ROUTE_AWAY, MIG_STAGE_IMAGE, 0, false), MIG_FATE_NEXT);
    // A lost GO acknowledgement, or a GO refused: committed, so killed.
    assert_int_equal(mig_fate(MIG_ROUTE_AWAY, MIG_STAGE_GO, -EHOSTDOWN, true), MIG_FATE_KILLED);
    assert_int_equal(mig_fate(MIG_ROUTE_AWAY, MIG_STAGE_GO, -ENOENT, false), MIG_FATE_KILLED);
    assert_int_equal(mig_fate(MIG_ROUTE_AWAY, MIG_STAGE_GO, 0, false), MIG_FATE_MOVED);
    // Onward: the target unreachable before the commit leaves it here; a
    // lost answer to COMMIT cannot tell whether home took it.
    assert_int_equal(mig_fate(MIG_ROUTE_ONWARD, MIG_STAGE_IMAGE, -EHOSTDOWN, true), MIG_FATE_STAYS);
    assert_int_equal(mig_fate(MIG_ROUTE_ONWARD, MIG_STAGE_DONE, 0, false), MIG_FATE_NEXT);
    assert_int_equal(mig_fate(MIG_ROUTE_ONWARD, MIG_STAGE_COMMIT, -EHOSTDOWN, true),
                     MIG_FATE_ENDS_HERE);
    assert_int_equal(mig_fate(MIG_ROUTE_ONWARD, MIG_STAGE_COMMIT, -ESRCH, false), MIG_FATE_STAYS);
    assert_int_equal(mig_fate(MIG_ROUTE_ONWARD, MIG_STAGE_COMMIT, 0, false), MIG_FATE_MOVED);
}

// --- the deputy's queue and cancels ----------------------------------------------------

static int live;   // requests allocated and not freed

static struct dep_req *req(uint32_t seq)
{
    struct dep_req *r = calloc(1, sizeof(*r));
    r->seq = seq;
    r->op = 1;
    live++;
    return r;
}

static void release(struct dep_req *r)
{
    free(r);
    live--;
}

// What happened to each call, as its remote saw the answer.
enum answer { ANS_NONE, ANS_RAN, ANS_INTERRUPTED, ANS_NOT_RUN };

static void test_cancel_orders(void **state)
{
    struct dep_queue q;
    memset(&q, 0, sizeof(q));
    // Cancel while queued: answered -EINTR without running.
    dep_queue_push(&q, req(1));
    assert_int_equal(dep_queue_cancel(&q, 1), DEP_CANCEL_QUEUED);
    struct dep_req *r = dep_queue_take(&q);
    assert_true(r->cancelled);
    dep_queue_finish(&q);
    release(r);
    // Cancel while running: the deputy interrupts it.
    dep_queue_push(&q, req(2));
    r = dep_queue_take(&q);
    assert_int_equal(dep_queue_cancel(&q, 2), DEP_CANCEL_RUNNING);
    dep_queue_finish(&q);
    release(r);
    // Cancel after the answer: nothing (a later call is not touched).
    assert_int_equal(dep_queue_cancel(&q, 2), DEP_CANCEL_LATE);
    dep_queue_push(&q, req(3));
    r = dep_queue_take(&q);
    assert_false(r->cancelled);
    dep_queue_finish(&q);
    release(r);
    // The cancel overtakes its call (a one-chunk message passes a long one).
    assert_int_equal(dep_queue_cancel(&q, 4), DEP_CANCEL_EARLY);
    dep_queue_push(&q, req(4));
    r = dep_queue_take(&q);
    assert_true(r->cancelled);
    dep_queue_finish(&q);
    release(r);
    // ...and applies to that call only; a late cancel of call 4 does not
    // touch call 5 while it runs.
    dep_queue_push(&q, req(5));
    r = dep_queue_take(&q);
    assert_false(r->cancelled);
    assert_int_equal(dep_queue_cancel(&q, 4), DEP_CANCEL_LATE);
    dep_queue_finish(&q);
    release(r);
    assert_int_equal(live, 0);
}

static uint32_t rng = 99;
static uint32_t rnd(uint32_t n)
{
    rng = rng * 1103515245u + 12345u;
    return (rng >> 8) % n;
}

// A remote makes calls one at a time; for some a signal comes and it sends
// a cancel, which the link delivers before the call, while it waits, while
// it runs, after its answer, or never (the link died: the queue is
// drained). Every call that was taken is answered exactly once; one whose
// cancel came before it started never runs; none is answered after the
// link died; nothing leaks.
static void test_cancels_over_a_reordering_dying_link(void **state)
{
    for (int round = 0; round < 2000; round++) {
        struct dep_queue q;
        memset(&q, 0, sizeof(q));
        enum answer ans[64];
        memset(ans, 0, sizeof(ans));
        uint32_t ncalls = 1 + rnd(40), dies_at = rnd(ncalls + 10);
        bool dead = false;
        for (uint32_t seq = 1; seq <= ncalls && !dead; seq++) {
            int when = (int)rnd(6);   // 0 none, 1 early, 2 queued, 3 running, 4 late, 5 lost
            if (when == 1)
                assert_int_equal(dep_queue_cancel(&q, seq), DEP_CANCEL_EARLY);
            dep_queue_push(&q, req(seq));
            if (seq == dies_at) {
                // The peer dies with the call queued: drain, nobody to answer.
                for (struct dep_req *r = dep_queue_drain(&q), *next; r; r = next) {
                    next = r->next;
                    release(r);
                }
                dead = true;
                break;
            }
            if (when == 2)
                assert_int_equal(dep_queue_cancel(&q, seq), DEP_CANCEL_QUEUED);
            struct dep_req *r = dep_queue_take(&q);
            assert_non_null(r);
            assert_int_equal(r->seq, seq);
            bool interrupted = false;
            if (when == 3 && !r->cancelled)
                interrupted = dep_queue_cancel(&q, seq) == DEP_CANCEL_RUNNING;
            assert_int_equal(ans[seq], ANS_NONE);   // answered once
            ans[seq] = r->cancelled ? ANS_NOT_RUN : interrupted ? ANS_INTERRUPTED : ANS_RAN;
            if (when == 1 || when == 2)
                assert_int_equal(ans[seq], ANS_NOT_RUN);
            if (when == 3)
                assert_int_equal(ans[seq], ANS_INTERRUPTED);
            if (when == 0 || when == 4 || when == 5)
                assert_int_equal(ans[seq], ANS_RAN);
            dep_queue_finish(&q);
            release(r);
            if (when == 4)
                assert_int_equal(dep_queue_cancel(&q, seq), DEP_CANCEL_LATE);
        }
        for (struct dep_req *r = dep_queue_drain(&q), *next; r; r = next) {
            next = r->next;
            release(r);
        }
        assert_int_equal(live, 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fate_table),
        cmocka_unit_test(test_home_to_node_every_fault_point),
        cmocka_unit_test(test_node_to_home_every_fault_point),
        cmocka_unit_test(test_node_to_node_every_fault_point),
        cmocka_unit_test(test_cancel_orders),
        cmocka_unit_test(test_cancels_over_a_reordering_dying_link),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
