// The remote (see remote.h): forwarded calls, exit and departure of a
// guest, and the service that takes signals and move requests from home.
#include "ssi/remote.h"
#include "ssi/migrate.h"
#include "ssi/mig_proto.h"
#include "ssi/split.h"
#include "ssi/cluster_int.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/syscall.h"
#include "kernel/envelope.h"
#include "kernel/exec.h"
#include "kernel/clock.h"
#include "drivers/pit.h"
#include "kernel/console.h"
#include "kernel/format.h"
#include "kernel/x86.h"
#include "kernel/api/errno.h"
#include "mm/kmalloc.h"
#include "mm/uvm.h"
#include <string.h>

struct remote {
    uint32_t seq;        // number of the last call sent home
    uint32_t calls;      // calls sent home
    bool in_call;        // waiting for home's answer
    bool home_lost;      // its home is down: it was sent SIGKILL
    uint32_t home_inc;   // its home's incarnation while it runs here (0: not seen)
};

static void depart(struct proc *p) __attribute__((noreturn));

// --- the service, in the cluster thread ---------------------------------------

static void rem_service(uint32_t node, uint32_t id, const uint8_t *buf, uint32_t len)
{
    struct rem_msg m = { 0 };
    if (!rem_msg_parse(buf, len, &m)) {
        migrate_stats.bad++;
        if (m.op != REM_SIGNAL) {   // its sender waits for an answer
            struct mig_reply r = { -EINVAL, "malformed request" };
            cluster_reply(node, id, CLUSTER_SVC_REMOTE, &r, sizeof(r));
        }
        return;
    }
    struct proc *p = proc_find(m.pid);
    bool ours = p && p->role == ROLE_GUEST && p->home == node;
    if (m.op == REM_SIGNAL) {
        if (!ours) {
            migrate_stats.bad++;
            return;
        }
        for (int sig = 1; sig < NSIG; sig++)
            if (m.arg & SIGSET_BIT(sig))
                signal_send(p, sig);
        return;
    }
    if (m.op == REM_GOTO) {   // (rem_msg_parse knows no other)
        struct mig_reply r = { 0, "" };
        if (!ours) {
            migrate_stats.bad++;
            r.status = -ESRCH;
            strlcpy(r.reason, "not running here", sizeof(r.reason));
        } else {
            const char *why;
            r.status = migrate_request(p, (int)m.arg, &why);
            if (r.status < 0)
                strlcpy(r.reason, why, sizeof(r.reason));
        }
        cluster_reply(node, id, CLUSTER_SVC_REMOTE, &r, sizeof(r));
    }
}

void remote_check_homes(void)
{
    uint32_t f = intr_save();
    for (int i = 0; i < NPROC; i++) {
        struct proc *p = &proctab[i];
        if (p->state == P_UNUSED || p->role != ROLE_GUEST || !p->rem || p->rem->home_lost)
            continue;
        struct lv_entry *e = loadvec_find(&cl.lv, p->home);
        if (e && e->state == LV_UP && !p->rem->home_inc)
            p->rem->home_inc = e->incarnation;
        if (e && e->state == LV_UP && e->incarnation == p->rem->home_inc)
            continue;   // up, and not rebooted since
        // Its home is down: its files, its parent and its pid are gone
        // with it, so it cannot go on. SIGKILL ends it here; its exit
        // finds home down and frees what it had on this node.
        p->rem->home_lost = true;
        kprintf("remote: pid %d (%s): its home node %u is down or rebooted; killed\n", p->pid, p->name,
                (unsigned)p->home);
        migrate_stats.lost++;
        signal_send(p, SIGKILL);
    }
    intr_restore(f);
}

void remote_init(void)
{
    cluster_register_service(CLUSTER_SVC_REMOTE, rem_service);
}

bool remote_attach(struct proc *p)
{
    p->rem = kzalloc(sizeof(struct remote));
    return p->rem != NULL;
}

// --- calls home ----------------------------------------------------------------

// Send a one-way DEP_* message of len bytes and wait until home has it (or
// cannot). 0 or -errno.
static int send_home(struct proc *p, const void *msg, uint32_t len)
{
    struct cluster_call c = { .node = p->home, .service = CLUSTER_SVC_DEPUTY, .data = msg,
                              .len = len };
    int err = cluster_call_start(&c);
    if (err < 0)
        return err;
    uint32_t f = intr_save();
    while (!cluster_call_done(&c))
        cluster_call_sleep(&c);
    intr_restore(f);
    return c.result;
}

int32_t remote_syscall(struct proc *p, const struct syscall_desc *d, struct sysreq *r)
{
    struct remote *rem = p->rem;
    size_t env = envelope_request_size(d, r), used;
    uint8_t *msg = kmalloc(sizeof(struct dep_msg) + env);
    size_t rmax = sizeof(struct dep_reply) + envelope_reply_max(d, r);
    uint8_t *reply = kmalloc(rmax);
    if (!msg || !reply) {
        kfree(msg);
        kfree(reply);
        return -ENOMEM;
    }
    struct dep_msg h = { .op = DEP_CALL, .pid = p->pid, .seq = ++rem->seq };
    memcpy(msg, &h, sizeof(h));
    if (envelope_pack_request(d, r, msg + sizeof(h), env, &used) != ENV_OK) {
        kfree(msg);
        kfree(reply);
        return -EINVAL;
    }
    struct cluster_call c = { .node = p->home, .service = CLUSTER_SVC_DEPUTY, .data = msg,
                              .len = (uint32_t)(sizeof(h) + used), .reply = reply,
                              .reply_max = (uint32_t)rmax };
    struct dep_msg cm = { .op = DEP_CANCEL, .pid = p->pid, .seq = h.seq };
    struct cluster_call cancel = { .node = p->home, .service = CLUSTER_SVC_DEPUTY, .data = &cm,
                                   .len = sizeof(cm) };
    bool cancelling = false;
    int32_t ret = cluster_call_start(&c);
    migrate_stats.calls_out++;
    rem->calls++;
    rem->in_call = true;
    uint32_t f = intr_save();
    while (ret == 0 && !cluster_call_done(&c)) {
        // A signal (or a move) while home runs the call: ask home to stop
        // it, and wait for the answer, which says whether it ran.
        if (!cancelling && signal_pending()) {
            cancelling = true;
            migrate_stats.cancels++;
            intr_restore(f);
            cluster_call_start(&cancel);
            f = intr_save();
            continue;
        }
        cluster_call_sleep(&c);
    }
    intr_restore(f);
    rem->in_call = false;
    if (cancelling)
        cluster_call_abandon(&cancel);
    kfree(msg);
    if (ret == 0)
        ret = c.result;
    if (ret > (int32_t)rmax) {
        ret = -EIO;   // longer than any answer to this call can be
    } else if (ret >= 0) {
        struct dep_reply dr;
        const uint8_t *env;
        uint32_t env_len;
        if (!dep_reply_parse(reply, (uint32_t)ret, &dr, &env, &env_len)) {
            kfree(reply);
            return -EIO;   // an answer too short to be one
        }
        if (env_len == 0 && dr.ret == -ESRCH) {
            // Not a result of the call (that comes with an envelope): home
            // has no deputy for this process (it ended it, or it took the
            // process back). It must not run on here.
            kfree(reply);
            kprintf("remote: pid %d (%s): home node %u does not know it; it ends here\n",
                    p->pid, p->name, p->home);
            cli();
            depart(p);
        }
        if (envelope_unpack_reply(d, r, env, env_len) == ENV_OK)
            ret = dr.ret;
        else
            ret = -EIO;
        for (int sig = 1; sig < NSIG; sig++)
            if (dr.signals & SIGSET_BIT(sig))
                signal_send(p, sig);
    }
    // A failed link (home down) is -EHOSTDOWN or -EHOSTUNREACH: the call
    // fails; part of the process's fate is decided when membership says so.
    kfree(reply);
    return ret;
}

// A DEP_* request (dep_msg + extra bytes) and its answer into reply
// (reply_max bytes). The answer's length, or -errno. Signals it brings
// are posted to p.
static int call_home(struct proc *p, uint8_t op, int pid, const void *extra, uint32_t extra_len,
                     void *reply, uint32_t reply_max)
{
    uint8_t *msg = kmalloc(sizeof(struct dep_msg) + extra_len);
    if (!msg)
        return -ENOMEM;
    struct dep_msg h = { .op = op, .pid = pid, .seq = ++p->rem->seq };
    memcpy(msg, &h, sizeof(h));
    if (extra_len)
        memcpy(msg + sizeof(h), extra, extra_len);
    struct cluster_call c = { .node = p->home, .service = CLUSTER_SVC_DEPUTY, .data = msg,
                              .len = (uint32_t)sizeof(h) + extra_len, .reply = reply,
                              .reply_max = reply_max };
    int n = cluster_call_start(&c);
    if (n == 0) {
        uint32_t f = intr_save();
        while (!cluster_call_done(&c))
            cluster_call_sleep(&c);
        intr_restore(f);
        n = c.result;
    }
    kfree(msg);
    struct dep_reply dr;
    if (n >= 0 && (uint32_t)n <= reply_max && dep_reply_parse(reply, (uint32_t)n, &dr, NULL, NULL)) {
        for (int sig = 1; sig < NSIG; sig++)
            if (dr.signals & SIGSET_BIT(sig))
                signal_send(p, sig);
    } else if (n >= 0) {
        n = -EIO;   // too short to be an answer, or longer than any
    }
    return n;
}

int remote_commit_onward(struct proc *p, uint32_t node, uint32_t xfer, char *why,
                         size_t why_size)
{
    struct dep_moved m = { node, xfer, p->bal_asked ? 1 : 0 };
    struct dep_reply r;
    int n = call_home(p, DEP_MOVED, p->pid, &m, sizeof(m), &r, sizeof(r));
    if (n < 0) {
        snformat(why, why_size, "home does not answer");
        return n;
    }
    if (r.ret < 0) {
        snformat(why, why_size, "home refused (%d)", -r.ret);
        return r.ret;
    }
    return 0;
}

int32_t remote_fork(struct proc *p)
{
    struct dep_reply r;
    int n = call_home(p, DEP_FORK, p->pid, NULL, 0, &r, sizeof(r));
    if (n < 0)
        return n;
    int cpid = split_fork_child(&r, p->home);
    if (cpid < 0)
        return cpid;
    // The child runs here, beside its parent: a copy of its memory.
    struct proc *c = proc_alloc_guest(cpid);
    struct vmspace *vm = c ? uvm_fork(p->vm) : NULL;
    if (!c || !vm || !remote_attach(c)) {
        if (vm)
            uvm_destroy(vm);
        if (c) {
            kfree(c->rem);
            proc_free_unstarted(c);
        }
        struct dep_reply fr;
        call_home(p, DEP_FORGET, cpid, NULL, 0, &fr, sizeof(fr));
        return -EAGAIN;
    }
    uvm_switch(p->vm);   // uvm_fork write-protected the parent's pages
    c->vm = vm;
    *c->tf = *p->tf;
    c->tf->eax = 0;   // fork returns 0 in the child
    fpu_save(&p->fpu);
    c->fpu = p->fpu;
    c->home = p->home;
    c->sig_mask = p->sig_mask;
    memcpy(c->sigact, p->sigact, sizeof(c->sigact));
    memcpy(c->name, p->name, sizeof(c->name));
    c->mono_offset_us = p->mono_offset_us;
    c->real_offset_us = p->real_offset_us;
    c->role = ROLE_GUEST;
    uint32_t f = intr_save();
    c->state = P_RUNNABLE;
    intr_restore(f);
    return cpid;
}

// Read path from home (execve's first half, split_exec's steps): 0 with
// *file and *size inside *reply (kmalloc'd, the caller frees it), or -errno.
static int read_at_home(struct proc *p, const char *path, uint8_t **reply,
                        const uint8_t **file, uint32_t *size)
{
    uint32_t rlen = (uint32_t)(sizeof(struct dep_exec) + strlen(path) + 1);
    uint8_t *req = kmalloc(rlen);
    if (!req)
        return -ENOMEM;
    struct split_exec x;
    split_exec_init(&x);
    *reply = NULL;
    enum split_step step = SPLIT_ASK;
    while (step == SPLIT_ASK) {
        kfree(*reply);
        *reply = kmalloc(split_exec_reply_max(&x));
        if (!*reply) {
            x.err = -ENOMEM;
            step = SPLIT_FAILED;
            break;
        }
        split_exec_request(&x, path, req, rlen);
        int n = call_home(p, DEP_EXEC_READ, p->pid, req, rlen, *reply, split_exec_reply_max(&x));
        step = split_exec_take(&x, *reply, n, file, size);
    }
    kfree(req);
    return step == SPLIT_GOT_FILE ? 0 : x.err;
}

int remote_exec(struct proc *p, const char *path, const char *const argv[],
                const char *const envp[])
{
    uint8_t *reply;
    const uint8_t *file;
    uint32_t size;
    int err = read_at_home(p, path, &reply, &file, &size);
    // A "#!" script: read its interpreter too (kernel/exec.c).
    const char *interp;
    const char **args = NULL;
    int script = err ? 0 : exec_script(path, (const char *)file, size, argv, &interp, &args);
    if (script < 0)
        err = script;
    if (script == 1) {
        kfree(reply);
        err = read_at_home(p, interp, &reply, &file, &size);
        argv = args;
    }
    // The message that tells home (which then closes the close-on-exec
    // files and takes the name), made before the old program is gone.
    uint32_t rlen = (uint32_t)(sizeof(struct dep_exec) + strlen(path) + 1);
    uint8_t *req = err ? NULL : kmalloc(rlen);
    if (err == 0 && !req)
        err = -ENOMEM;
    if (err == 0)
        err = exec_image(p, path, (const char *)file, size, argv, envp);
    if (err == 0) {
        struct dep_reply r;
        struct split_exec done = { 0 };
        split_exec_request(&done, path, req, rlen);
        call_home(p, DEP_EXEC_DONE, p->pid, req, rlen, &r, sizeof(r));
    }
    kfree(req);
    kfree(reply);
    kfree(args);
    return err;
}

// --- leaving ---------------------------------------------------------------------

// Free what the guest has here (memory, remote state), then the slot.
static void depart(struct proc *p)
{
    struct vmspace *vm = p->vm;
    p->vm = NULL;
    uvm_destroy(vm);
    kfree(p->rem);
    p->rem = NULL;
    proc_depart();
}

void remote_exit(struct proc *p, int status)
{
    struct {
        struct dep_msg h;
        struct dep_exit e;
    } __attribute__((packed)) m;
    m.h = (struct dep_msg){ .op = DEP_EXIT, .pid = p->pid, .seq = ++p->rem->seq };
    split_exit_pack(&m.e, status, p->uticks, p->sticks, HZ);
    // Memory first: it is this node's, and home has no use for it.
    struct vmspace *vm = p->vm;
    p->vm = NULL;
    uvm_destroy(vm);
    sti();
    struct dep_reply r;
    struct cluster_call c = { .node = p->home, .service = CLUSTER_SVC_DEPUTY, .data = &m,
                              .len = sizeof(m), .reply = &r, .reply_max = sizeof(r) };
    if (cluster_call_start(&c) == 0) {
        uint32_t f = intr_save();
        while (!cluster_call_done(&c))
            cluster_call_sleep(&c);
        intr_restore(f);
    }
    cli();
    depart(p);
}

void remote_depart(struct proc *p)
{
    cli();
    depart(p);
}

void remote_lost(struct proc *p)
{
    kprintf("remote: pid %d (%s): its home node %u is gone; it ends here\n", p->pid, p->name,
            p->home);
    cli();
    depart(p);
}

void remote_report(struct proc *p, bool ok, uint32_t node, const char *why)
{
    struct {
        struct dep_msg h;
        struct mig_reply r;
    } __attribute__((packed)) m;
    memset(&m, 0, sizeof(m));
    m.h = (struct dep_msg){ .op = DEP_RESULT, .pid = p->pid, .seq = node };
    m.r.status = ok ? 0 : -EAGAIN;
    strlcpy(m.r.reason, why, sizeof(m.r.reason));
    send_home(p, &m, sizeof(m));
}

void remote_stopped(struct proc *p, int sig)
{
    struct {
        struct dep_msg h;
        struct dep_stop s;
    } __attribute__((packed)) m;
    m.h = (struct dep_msg){ .op = DEP_STOP, .pid = p->pid };
    m.s.sig = (uint32_t)sig;
    send_home(p, &m, sizeof(m));   // home down: its parent is gone too
}

int remote_ask_goto(struct proc *p, int node, const char **why)
{
    static char reason[MIG_REASON_MAX];
    struct rem_msg m = { .op = REM_GOTO, .pid = p->pid, .arg = (uint32_t)node };
    struct mig_reply raw, r;
    int n = cluster_call(p->runs_on, CLUSTER_SVC_REMOTE, &m, sizeof(m), &raw, sizeof(raw), 30000);
    if (n < 0) {
        *why = "the node where it runs does not answer";
        return n;
    }
    if (!mig_reply_parse((const uint8_t *)&raw, (uint32_t)n, &r)) {
        *why = "bad answer";
        return -EPROTO;
    }
    if (r.status < 0) {
        strlcpy(reason, r.reason, sizeof(reason));
        *why = reason;
        return r.status;
    }
    return 0;
}

int remote_list(char *buf, size_t size)
{
    size_t len = 0;
    for (int i = 0; i < NPROC; i++) {
        struct proc *p = &proctab[i];
        if ((p->role != ROLE_GUEST && p->role != ROLE_ARRIVING) || p->state == P_UNUSED)
            continue;
        struct remote *r = p->rem;
        len += (size_t)snformat(buf + (len < size ? len : size), len < size ? size - len : 0,
                                "%d %s home %u %s calls %u\n", p->pid, p->name,
                                (unsigned)p->home,
                                p->role == ROLE_ARRIVING ? "arriving" :
                                p->moving ? "moving" : r && r->in_call ? "call" : "running",
                                r ? (unsigned)r->calls : 0u);
    }
    return (int)len;
}
