// The deputy (see deputy.h): the service that takes forwarded calls from
// the cluster thread, and the loop in the home slot's thread that runs
// them.
//
// States of a deputy, as /proc/cluster/deputies shows them:
//   idle      waiting for a call or a signal
//   call      running a forwarded call (it may sleep in it)
//   signal    sending signals posted at home to the remote
#include "ssi/deputy.h"
#include "ssi/migrate.h"
#include "ssi/mig_proto.h"
#include "ssi/dep_queue.h"
#include "ssi/split.h"
#include "ssi/cluster_int.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/syscall.h"
#include "kernel/envelope.h"
#include "kernel/exec.h"
#include "kernel/param.h"
#include "kernel/console.h"
#include "kernel/format.h"
#include "kernel/x86.h"
#include "kernel/api/errno.h"
#include "mm/kmalloc.h"
#include <string.h>

enum dep_state { DEP_IDLE, DEP_RUNNING, DEP_SIGNALLING };

struct deputy {
    struct dep_queue q;            // requests waiting and running (interrupts off)
    bool back;                     // the process came home: the loop ends
    bool lost;                     // the node where it ran is down: it ends, killed
    uint32_t node_inc;             // that node's incarnation while it runs there (0: not seen)
    enum dep_state state;
    uint32_t calls;                // calls served
    uint32_t last_nr;              // the last call's number
};

// --- the service, in the cluster thread ---------------------------------------------

static void answer(uint32_t node, uint32_t id, int32_t ret)
{
    struct dep_reply r = { ret, 0 };
    cluster_reply(node, id, CLUSTER_SVC_DEPUTY, &r, sizeof(r));
}

static void dep_service(uint32_t node, uint32_t id, const uint8_t *buf, uint32_t len)
{
    struct dep_msg m = { 0 };
    const uint8_t *rest;
    uint32_t rlen;
    if (!dep_msg_parse(buf, len, &m, &rest, &rlen)) {
        migrate_stats.bad++;
        if (m.op != DEP_CANCEL && m.op != DEP_RESULT && m.op != DEP_STOP)
            answer(node, id, -EINVAL);   // its sender waits for an answer
        return;
    }
    struct proc *p = proc_find(m.pid);
    if (!p || p->role != ROLE_DEPUTY || p->runs_on != node || !p->dep) {
        // Not ours, or not (or no more) at that node.
        migrate_stats.bad++;
        if (m.op != DEP_CANCEL && m.op != DEP_RESULT && m.op != DEP_STOP)
            answer(node, id, -ESRCH);
        return;
    }
    struct deputy *dep = p->dep;
    uint32_t f = intr_save();
    switch (m.op) {
    case DEP_CANCEL:
        migrate_stats.cancels++;
        if (dep_queue_cancel(&dep->q, m.seq) == DEP_CANCEL_RUNNING) {
            p->call_cancel = true;   // the call gives up where it sleeps (-EINTR)
            sched_interrupt(p);
        }
        break;
    case DEP_STOP: {
        // The process stopped where it runs (or runs again): the deputy's
        // slot, which its parent's wait reads, says so, as a stop at home
        // would (kernel/signal.c).
        struct dep_stop st;
        memcpy(&st, rest, sizeof(st));   // dep_msg_parse checked it
        p->stopped = st.sig != 0;
        p->stop_sig = (int)st.sig;
        p->stop_unreported = st.sig != 0;
        if (st.sig && p->parent) {
            signal_send(p->parent, SIGCHLD);
            wakeup(p->parent);
        }
        break;
    }
    case DEP_RESULT: {
        struct mig_reply r;
        if (mig_reply_parse(rest, rlen, &r))   // (dep_msg_parse checked it)
            migrate_record(p, r.status == 0, m.seq, r.reason);
        break;
    }
    default: {   // DEP_CALL, DEP_EXIT, DEP_FORK, DEP_FORGET, DEP_EXEC_*: the deputy's
        struct dep_req *q = kmalloc(sizeof(*q) + rlen);
        if (!q) {
            intr_restore(f);
            answer(node, id, -ENOMEM);
            return;
        }
        *q = (struct dep_req){ .op = m.op, .seq = m.seq, .msg_id = id, .len = rlen };
        memcpy(q->data, rest, rlen);
        dep_queue_push(&dep->q, q);
        wakeup(dep);
        break;
    }
    }
    intr_restore(f);
}

void deputy_check_nodes(void)
{
    uint32_t f = intr_save();
    for (int i = 0; i < NPROC; i++) {
        struct proc *p = &proctab[i];
        if (p->state == P_UNUSED || p->role != ROLE_DEPUTY || !p->dep || p->dep->lost)
            continue;
        struct lv_entry *e = loadvec_find(&cl.lv, p->runs_on);
        if (e && e->state == LV_UP && !p->dep->node_inc)
            p->dep->node_inc = e->incarnation;
        // Up, and not rebooted since: a node that boots again has lost
        // what it ran, whether or not membership saw it silent.
        if (e && e->state == LV_UP && e->incarnation == p->dep->node_inc)
            continue;
        p->dep->lost = true;
        p->call_cancel = true;   // a call it runs for the process gives up
        sched_interrupt(p);
        wakeup(p->dep);
    }
    intr_restore(f);
}

void deputy_init(void)
{
    cluster_register_service(CLUSTER_SVC_DEPUTY, dep_service);
}

void deputy_return(struct proc *p)
{
    uint32_t f = intr_save();
    p->dep->back = true;
    wakeup(p->dep);
    intr_restore(f);
}

// --- the deputy's thread ---------------------------------------------------------

// Signals posted at home, taken for the remote (interrupts off).
static uint32_t take_signals(struct proc *p)
{
    uint32_t s = p->sig_pending & ~1u;
    p->sig_pending = 0;
    return s;
}

// Send signals to where the process runs.
static void send_signals(struct proc *p, uint32_t sigs)
{
    struct rem_msg m = { .op = REM_SIGNAL, .pid = p->pid, .arg = sigs };
    struct cluster_call c = { .node = p->runs_on, .service = CLUSTER_SVC_REMOTE, .data = &m,
                              .len = sizeof(m) };
    if (cluster_call_start(&c) < 0)
        return;
    uint32_t f = intr_save();
    while (!cluster_call_done(&c))
        cluster_call_sleep(&c);
    intr_restore(f);
}

static void *alloc_buf(size_t n)
{
    return kmalloc(n);
}

// Run forwarded call q as p and answer it.
static void serve_call(struct proc *p, struct dep_req *q)
{
    struct deputy *dep = p->dep;
    struct sysreq r;
    memset(&r, 0, sizeof(r));
    // The incoming buffers stay in q's bytes, which live until q is done.
    int err = envelope_unpack_request_borrowed(syscall_table, syscall_count, q->data, q->len,
                                               SYSCALL_BUF_MAX + 4 + ARG_MAX, &r, alloc_buf,
                                               kfree);
    const struct syscall_desc *d = err == ENV_OK ? &syscall_table[r.nr] : NULL;
    int32_t ret;
    if (!d)
        ret = -EINVAL;
    else if (d->where != RUN_HOME)
        ret = -ENOSYS;   // only calls that run at home come here
    else {
        r.p = p;
        r.tf = NULL;
        dep->state = DEP_RUNNING;
        dep->last_nr = r.nr;
        ret = q->cancelled || p->call_cancel ? -EINTR : d->fn(&r);
        p->call_cancel = false;
        dep->state = DEP_IDLE;
    }
    r.ret = ret;
    dep->calls++;
    migrate_stats.calls_in++;
    size_t need = sizeof(struct dep_reply) + (d ? envelope_reply_size(d, &r) : 0), used = 0;
    uint8_t *out = kmalloc(need);
    if (!out) {
        if (d)
            envelope_free_borrowed(d, &r, kfree);
        answer(p->runs_on, q->msg_id, -ENOMEM);
        return;
    }
    uint32_t f = intr_save();
    struct dep_reply h = { ret, take_signals(p) };
    intr_restore(f);
    memcpy(out, &h, sizeof(h));
    if (d)
        envelope_pack_reply(d, &r, out + sizeof(h), need - sizeof(h), &used);
    cluster_reply(p->runs_on, q->msg_id, CLUSTER_SVC_DEPUTY, out, (uint32_t)(sizeof(h) + used));
    kfree(out);
    if (d)
        envelope_free_borrowed(d, &r, kfree);
}

bool deputy_prepare(struct proc *p)
{
    if (!p->dep)
        p->dep = kzalloc(sizeof(struct deputy));
    return p->dep != NULL;
}

void deputy_discard(struct proc *p, bool answer_them)
{
    if (!p->dep)
        return;
    uint32_t f = intr_save();
    struct dep_req *list = dep_queue_drain(&p->dep->q);
    intr_restore(f);
    for (struct dep_req *r = list; r && answer_them; r = r->next)
        answer(p->runs_on, r->msg_id, -ESRCH);   // "home does not know it": it ends there
    for (struct dep_req *r = list, *next; r; r = next) {
        next = r->next;
        kfree(r);
    }
    kfree(p->dep);
    p->dep = NULL;
}

// Free p's deputy and the requests still queued for it.
static void deputy_free(struct proc *p)
{
    struct deputy *dep = p->dep;
    for (struct dep_req *r = dep_queue_drain(&dep->q), *next; r; r = next) {
        next = r->next;
        kfree(r);
    }
    p->dep = NULL;
    kfree(dep);
}

// The process ended where it ran: answer, then end it here as it ended.
static void serve_exit(struct proc *p, struct dep_req *q)
{
    struct dep_exit e;
    memcpy(&e, q->data, sizeof(e));   // dep_msg_parse checked its length
    split_exit_times(&e, HZ, &p->uticks, &p->sticks);
    answer(p->runs_on, q->msg_id, 0);
    kfree(q);
    deputy_free(p);
    p->role = ROLE_LOCAL;
    p->runs_on = 0;
    p->sig_pending = 0;
    proc_exit(e.status);
}

// The first code of a child forked away from home: its deputy loop (and,
// if the child comes home one day, trapret with its registers).
static void child_entry(void)
{
    deputy_serve(myproc());
}

// Fork for a process away from home: the child's pid and deputy, here.
static void serve_fork(struct proc *p, struct dep_req *q)
{
    struct proc *c = proc_fork_away(p, child_entry);
    struct deputy *dep = c ? kzalloc(sizeof(*dep)) : NULL;
    if (!dep) {
        if (c)
            proc_free_unstarted(c);   // nothing of it ran: its files come back
        answer(p->runs_on, q->msg_id, -EAGAIN);
        return;
    }
    c->dep = dep;
    uint32_t f = intr_save();
    c->state = P_RUNNABLE;
    intr_restore(f);
    answer(p->runs_on, q->msg_id, c->pid);
}

// execve away from home, the home part before: the program's bytes.
static void serve_exec_read(struct proc *p, struct dep_req *q)
{
    struct dep_exec e;
    memcpy(&e, q->data, sizeof(e));   // dep_msg_parse checked it and the path
    const char *path = (const char *)q->data + sizeof(e);
    char *file = NULL;
    size_t len = 0;
    int err = exec_read(p, path, &file, &len);
    uint32_t n = split_exec_reply_size(err, (uint32_t)len, e.max);
    uint8_t small[sizeof(struct dep_reply) + 4];   // an answer without the file
    uint8_t *out = kmalloc(n);
    if (!out) {
        err = -ENOMEM;
        n = split_exec_reply_size(err, 0, e.max);
        out = small;
    }
    uint32_t f = intr_save();
    uint32_t sigs = take_signals(p);
    intr_restore(f);
    split_exec_reply(err, file, (uint32_t)len, e.max, sigs, out);
    kfree(file);
    cluster_reply(p->runs_on, q->msg_id, CLUSTER_SVC_DEPUTY, out, n);
    if (out != small)
        kfree(out);
}

// execve away from home, the home part after: the new program runs.
static void serve_exec_done(struct proc *p, struct dep_req *q)
{
    exec_home_part(p, (const char *)q->data + sizeof(struct dep_exec));   // checked on arrival
    answer(p->runs_on, q->msg_id, 0);
}

// A move onward, home's part: the process is held on another node. Home
// records that node as where it runs (the commit), answers, and sends it
// GO; if GO fails, home cannot know whether that node runs it: killed.
static void serve_moved(struct proc *p, struct dep_req *q)
{
    struct dep_moved m;
    memcpy(&m, q->data, sizeof(m));   // dep_msg_parse checked its length
    uint32_t from = p->runs_on;
    struct lv_entry *e = loadvec_find(&cl.lv, m.node);
    if (m.node == from || m.node == cluster_self() || !e || e->state != LV_UP) {
        answer(from, q->msg_id, -EHOSTUNREACH);
        return;
    }
    uint32_t f = intr_save();
    p->runs_on = m.node;          // the commit
    p->dep->node_inc = 0;         // its incarnation is learnt again
    intr_restore(f);
    answer(from, q->msg_id, 0);
    char why[MIG_REASON_MAX];
    if (migrate_go(p, m.node, m.xfer, why, sizeof(why)) < 0) {
        kprintf("deputy: pid %d (%s): node %u lost it after the commit: %s; killed\n", p->pid,
                p->name, (unsigned)m.node, why);
        migrate_record(p, false, m.node, why);
        p->dep->lost = true;      // the loop ends it as killed
        return;
    }
    migrate_record(p, true, m.node, "");
    if (!m.quiet)
        kprintf("migrate: pid %d (%s) went on from node %u to node %u\n", p->pid, p->name,
                (unsigned)from, (unsigned)m.node);
}

// The child could not be made where the parent runs: it goes, unseen.
static void serve_forget(struct proc *p, struct dep_req *q)
{
    answer(p->runs_on, q->msg_id, 0);
    kfree(q);
    deputy_free(p);
    p->role = ROLE_LOCAL;
    proc_forget();
}

void deputy_serve(struct proc *p)
{
    struct deputy *dep = p->dep;   // deputy_prepare made it before the commit
    uint32_t f = intr_save();
    for (;;) {
        while (!dep->q.head && !dep->back && !dep->lost && !(p->sig_pending & ~1u))
            sleep(dep);
        if (dep->back)
            break;
        if (dep->lost) {
            // The node where it ran is down, and the process with it: it
            // ends here as killed by SIGKILL (its parent's wait says so),
            // and what it held at home (files, slot) is freed.
            intr_restore(f);
            kprintf("deputy: pid %d (%s): node %u is down or rebooted; killed\n", p->pid, p->name,
                    (unsigned)p->runs_on);
            deputy_discard(p, false);   // nobody there to answer
            p->role = ROLE_LOCAL;
            p->runs_on = 0;
            p->sig_pending = 0;
            migrate_stats.lost++;
            proc_exit(WSTATUS_SIGNALED(SIGKILL));
        }
        p->call_cancel = false;   // a cancel from now on is for the request taken here
        struct dep_req *q = dep_queue_take(&dep->q);
        if (!q) {
            uint32_t sigs = take_signals(p);
            dep->state = DEP_SIGNALLING;
            intr_restore(f);
            send_signals(p, sigs);
            f = intr_save();
            dep->state = DEP_IDLE;
            continue;
        }
        intr_restore(f);
        if (q->op == DEP_EXIT)
            serve_exit(p, q);   // never returns
        if (q->op == DEP_FORGET)
            serve_forget(p, q);   // never returns
        if (q->op == DEP_FORK)
            serve_fork(p, q);
        else if (q->op == DEP_EXEC_READ)
            serve_exec_read(p, q);
        else if (q->op == DEP_EXEC_DONE)
            serve_exec_done(p, q);
        else if (q->op == DEP_MOVED)
            serve_moved(p, q);
        else
            serve_call(p, q);
        f = intr_save();
        dep_queue_finish(&dep->q);
        kfree(q);
    }
    intr_restore(f);
    deputy_free(p);
}

int deputy_list(char *buf, size_t size)
{
    static const char *const states[] = { "idle", "call", "signal" };
    size_t len = 0;
    for (int i = 0; i < NPROC; i++) {
        struct proc *p = &proctab[i];
        if (p->role != ROLE_DEPUTY || p->state == P_UNUSED)
            continue;
        struct deputy *d = p->dep;
        len += (size_t)snformat(buf + (len < size ? len : size), len < size ? size - len : 0,
                                "%d %s node %u %s calls %u last %s\n", p->pid, p->name,
                                (unsigned)p->runs_on, d ? states[d->state] : "moving",
                                d ? (unsigned)d->calls : 0u,
                                d && d->last_nr < (uint32_t)syscall_count &&
                                syscall_table[d->last_nr].name ?
                                    syscall_table[d->last_nr].name : "-");
    }
    return (int)len;
}
