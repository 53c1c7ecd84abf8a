// Process migration, the source's side: asking for a move, the freeze
// point, sending the image, the commit rule, and the /proc/PID files of
// migration (see migrate.h). The target's side is ssi/arrive.c.
#include "ssi/migrate.h"
#include "ssi/balancer.h"
#include "ssi/failpoint.h"
#include "ssi/mig_proto.h"
#include "ssi/mig_rules.h"
#include "ssi/killhome.h"
#include "ssi/image.h"
#include "ssi/deputy.h"
#include "ssi/remote.h"
#include "ssi/cluster_int.h"
#include "kernel/proc.h"
#include "kernel/signal.h"
#include "kernel/sched.h"
#include "kernel/clock.h"
#include "kernel/console.h"
#include "kernel/format.h"
#include "kernel/x86.h"
#include "kernel/api/errno.h"
#include "drivers/pit.h"
#include "mm/kmalloc.h"
#include "mm/uvm.h"
#include "mm/phys.h"
#include <string.h>

struct migrate_stats migrate_stats;
static uint32_t next_xfer = 1;   // transfers this node started

void migrate_init(void)
{
    cluster_register_service(CLUSTER_SVC_MIGRATE, arrive_service);
    deputy_init();
    remote_init();
    killhome_init();
}

void migrate_tick(uint64_t now)
{
    arrive_tick(now);
    deputy_check_nodes();
    remote_check_homes();
}

const char *migrate_cantmove(struct proc *p)
{
    if (p->kthread)
        return "kernel thread";
    if (proc_is_init(p))
        return "init";
    if (p->pid < PID_NODE_SPAN)
        return "local pid (started before the node had its cluster id)";
    if (p->state == P_ZOMBIE || p->state == P_DEAD)
        return "zombie";
    if (p->role == ROLE_ARRIVING)
        return "arriving";
    if (p->locked)
        return "locked";
    if (p->moving || p->move_to != MOVE_NONE)
        return "being migrated";
    if (p->stopped)
        return "stopped";
    if (!cluster_running())
        return "no cluster";
    return "";
}

void migrate_record(struct proc *p, bool ok, uint32_t node, const char *why)
{
    if (ok)
        snformat(p->mig_result, sizeof(p->mig_result), "ok %u", (unsigned)node);
    else
        snformat(p->mig_result, sizeof(p->mig_result), "failed %u: %s", (unsigned)node, why);
    p->mig_seq++;
    balancer_outcome(p, ok, node, why);
}

// Is node up in the load vector (and not this node)?
static bool node_is_up(uint32_t node)
{
    static struct lv_entry snap[CLUSTER_MAX_NODES];
    uint64_t now;
    uint32_t n = cluster_snapshot(snap, CLUSTER_MAX_NODES, &now);
    for (uint32_t i = 0; i < n; i++)
        if (snap[i].node == node)
            return snap[i].state == LV_UP;
    return false;
}

int migrate_request(struct proc *p, int node, const char **why)
{
    *why = migrate_cantmove(p);
    if (**why)
        return -EBUSY;
    uint32_t target = node == MOVE_HOME ? p->home : (uint32_t)node;
    uint32_t here = p->role == ROLE_DEPUTY ? p->runs_on : cluster_self();
    if (target == here) {
        *why = "already there";
        migrate_record(p, true, target, "");
        return 0;
    }
    if (target != cluster_self() && !node_is_up(target)) {
        *why = "node not up";
        return -EHOSTUNREACH;
    }
    if (p->role == ROLE_DEPUTY)
        return remote_ask_goto(p, node, why);   // it runs elsewhere: ask there
    p->move_to = node;
    uint32_t f = intr_save();
    sched_interrupt(p);   // a sleeping call gives way and runs again after the move
    intr_restore(f);
    return 0;
}

// --- the image --------------------------------------------------------------

// Fill img with everything of p (stopped at tf) but its pages.
static void image_from(struct proc *p, struct trapframe *tf, struct proc_image *img)
{
    memset(img, 0, sizeof(*img));
    img->pid = p->pid;
    img->home = p->home;
    strlcpy(img->name, p->name, sizeof(img->name));
    img->regs = (struct image_regs){ tf->eax, tf->ebx, tf->ecx, tf->edx, tf->esi, tf->edi,
                                     tf->ebp, tf->esp, tf->eip, tf->eflags };
    fpu_save(&p->fpu);   // the live registers
    img->fpu_format = fpu_uses_fxsave() ? IMAGE_FPU_FXSAVE : IMAGE_FPU_FNSAVE;
    memcpy(img->fpu, p->fpu.bytes, IMAGE_FPU_MAX);
    img->sig_pending = p->sig_pending & ~1u;
    img->sig_mask = p->sig_mask & ~(SIGSET_BIT(SIGKILL) | SIGSET_BIT(SIGSTOP) | 1u);
    img->stopped = p->stopped ? 1 : 0;
    memcpy(img->sigact, p->sigact, sizeof(img->sigact));
    memset(&img->sigact[0], 0, sizeof(img->sigact[0]));
    img->sigact[SIGKILL].sa_handler = SIG_DFL_VALUE;
    img->sigact[SIGSTOP].sa_handler = SIG_DFL_VALUE;
    uint64_t us_per_tick = 1000000 / HZ;
    img->utime_us = p->uticks * us_per_tick;
    img->stime_us = p->sticks * us_per_tick;
    img->ctime_us = p->cticks * us_per_tick;
    img->age_us = (ticks() - p->start_tick) * us_per_tick;
    img->mono_us = uptime_us() + (uint64_t)p->mono_offset_us;
    img->real_us = clock_realtime_us() + (uint64_t)p->real_offset_us;
    if (p->restart_nr) {
        uint64_t now = uptime_us();
        img->restart_nr = p->restart_nr;
        img->restart_left_us = p->restart_until_us > now ? p->restart_until_us - now : 0;
    }
    region_map_copy(&img->map, &p->vm->map);
    img->heap_start = p->vm->heap_start;
    img->brk = p->vm->brk;
    uint32_t n = 0;
    for (const struct region *r = region_next(&img->map, NULL); r; r = region_next(&img->map, r))
        for (vaddr_t va = r->start; va < r->end; va += PAGE_SIZE)
            if (uvm_lookup(p->vm, va))
                n++;
    img->npages = n;
    img->nmigs = p->nmigs;
    img->balance_score = p->move_score;
}

// One MIG_* request in flight: its record, message and answer.
struct mig_flight {
    bool used;
    struct cluster_call call;
    uint8_t *msg;
    struct mig_reply reply;
};

// Start a MIG_* request of len bytes at msg (taken: freed when it ends).
static int flight_start(struct mig_flight *f, uint32_t node, uint8_t *msg, uint32_t len)
{
    memset(f, 0, sizeof(*f));
    f->used = true;
    f->msg = msg;
    f->call = (struct cluster_call){
        .node = node, .service = CLUSTER_SVC_MIGRATE, .data = msg, .len = len,
        .reply = &f->reply, .reply_max = sizeof(f->reply),
    };
    int err = cluster_call_start(&f->call);
    if (err < 0) {
        kfree(msg);
        f->used = false;
    }
    return err;
}

// Wait for f's end: 0 when the target said yes; else -errno, and why.
static int flight_wait(struct mig_flight *f, char *why, size_t why_size)
{
    uint32_t fl = intr_save();
    while (!cluster_call_done(&f->call))
        cluster_call_sleep(&f->call);
    intr_restore(fl);
    f->used = false;
    kfree(f->msg);
    int r = f->call.result;
    if (r < 0) {
        snformat(why, why_size, "%s", r == -EHOSTDOWN ? "target went down" :
                 r == -EHOSTUNREACH ? "target unreachable" : "link failed");
        migrate_stats.aborted++;
        return r;
    }
    struct mig_reply rep;
    if (!mig_reply_parse((const uint8_t *)&f->reply, (uint32_t)r, &rep)) {
        snformat(why, why_size, "bad answer from the target");
        migrate_stats.aborted++;
        return -EPROTO;
    }
    if (rep.status < 0) {
        snformat(why, why_size, "%s", rep.reason);
        if (rep.status != -EINPROGRESS)   // "come again": not a refusal
            migrate_stats.refused++;
        return rep.status;
    }
    return 0;
}

// Give up the requests still in flight (the process stays here).
static void flight_abandon(struct mig_flight *win, int n)
{
    for (int i = 0; i < n; i++) {
        if (win[i].used) {
            cluster_call_abandon(&win[i].call);
            kfree(win[i].msg);
            win[i].used = false;
        }
    }
}

// A MIG_* message: the fixed part and room for extra bytes after it.
static uint8_t *mig_message(uint8_t op, uint32_t xfer, int pid, size_t extra)
{
    uint8_t *m = kmalloc(sizeof(struct mig_msg) + extra);
    if (m) {
        struct mig_msg h = { .op = op, .xfer = xfer, .pid = pid };
        memcpy(m, &h, sizeof(h));
    }
    return m;
}

// One request and its answer. 0 or -errno with why.
static int mig_call(uint32_t node, uint8_t op, uint32_t xfer, int pid, const void *extra,
                    size_t extra_len, char *why, size_t why_size)
{
    uint8_t *m = mig_message(op, xfer, pid, extra_len);
    if (!m) {
        snformat(why, why_size, "no memory here");
        return -ENOMEM;
    }
    if (extra_len)
        memcpy(m + sizeof(struct mig_msg), extra, extra_len);
    struct mig_flight f;
    int err = flight_start(&f, node, m, (uint32_t)(sizeof(struct mig_msg) + extra_len));
    if (err < 0) {
        snformat(why, why_size, "cannot reach the target");
        return err;
    }
    return flight_wait(&f, why, why_size);
}

// Tell the target to forget transfer xfer (best effort: it also drops
// held images on its own).
static void mig_abort(uint32_t node, uint32_t xfer, int pid)
{
    uint8_t *m = mig_message(MIG_ABORT, xfer, pid, 0);
    if (!m)
        return;
    struct cluster_call c = { .node = node, .service = CLUSTER_SVC_MIGRATE, .data = m,
                              .len = sizeof(struct mig_msg), .timeout_ms = 5000 };
    if (cluster_call_start(&c) == 0) {
        uint32_t f = intr_save();
        while (!cluster_call_done(&c))
            cluster_call_sleep(&c);
        intr_restore(f);
    }
    kfree(m);
}

// Send every present page of p to node, MIG_WINDOW batches in flight.
static int send_pages(struct proc *p, const struct region_map *map, uint32_t node, uint32_t xfer,
                      char *why, size_t why_size)
{
    struct mig_flight win[MIG_WINDOW];
    memset(win, 0, sizeof(win));
    int slot = 0, err = 0;
    const struct region *r = region_next(map, NULL);
    vaddr_t va = r ? r->start : 0;
    while (r && err == 0) {
        // Gather the next batch: up to MIG_BATCH_PAGES present pages.
        vaddr_t batch_va[MIG_BATCH_PAGES];
        uint32_t n = 0;
        for (; r && n < MIG_BATCH_PAGES;) {
            if (uvm_lookup(p->vm, va))
                batch_va[n++] = va;
            va += PAGE_SIZE;
            if (va >= r->end) {
                r = region_next(map, r);
                va = r ? r->start : 0;
            }
        }
        if (n == 0)
            break;
        size_t len = sizeof(struct mig_msg) + image_batch_size(n);
        uint8_t *m = mig_message(MIG_PAGES, xfer, p->pid, image_batch_size(n));
        if (!m) {
            snformat(why, why_size, "no memory here");
            err = -ENOMEM;
            break;
        }
        uint8_t *b = m + sizeof(struct mig_msg);
        image_batch_begin(b, image_batch_size(n), n);
        for (uint32_t i = 0; i < n; i++)
            memcpy(image_batch_page(b, i, batch_va[i]), P2V(uvm_lookup(p->vm, batch_va[i])),
                   PAGE_SIZE);
        if (win[slot].used && (err = flight_wait(&win[slot], why, why_size)) < 0) {
            kfree(m);
            break;
        }
        if ((err = flight_start(&win[slot], node, m, (uint32_t)len)) < 0) {
            snformat(why, why_size, "cannot reach the target");
            break;
        }
        slot = (slot + 1) % MIG_WINDOW;
    }
    for (int i = 0; i < MIG_WINDOW && err == 0; i++) {
        int k = (slot + i) % MIG_WINDOW;
        if (win[k].used)
            err = flight_wait(&win[k], why, why_size);
    }
    flight_abandon(win, MIG_WINDOW);
    return err;
}

// Send p's image to node and bring it to the point where node holds it
// (or, node being home, has taken it back). 0, or -errno with why (the
// target has forgotten the transfer, or will).
static int send_image(struct proc *p, struct trapframe *tf, uint32_t node, uint32_t xfer,
                      enum mig_stage *stage, char *why, size_t why_size)
{
    *stage = MIG_STAGE_IMAGE;
    static struct proc_image img;   // one freeze at a time: the kernel is not preemptive,
                                    // but the sends below sleep, so keep it off the stack
    image_from(p, tf, &img);
    size_t hlen = image_header_size(&img), used;
    uint8_t *h = kmalloc(hlen);
    if (!h) {
        snformat(why, why_size, "no memory here");
        return -ENOMEM;
    }
    image_encode_header(&img, h, hlen, &used);
    struct region_map map;
    region_map_copy(&map, &img.map);
    // -EINPROGRESS: the target still holds the copy of an earlier stay
    // there, leaving (its last answer crosses a lossy link). Ask again
    // until it is gone, within a bound.
    uint64_t until = uptime_ms() + MIG_LEAVING_WAIT_MS;
    int err;
    while ((err = mig_call(node, MIG_BEGIN, xfer, p->pid, h, used, why, why_size)) ==
               -EINPROGRESS && uptime_ms() < until) {
        uint32_t f = intr_save();
        sleep_timeout(&migrate_stats, MIG_LEAVING_RETRY_MS);
        intr_restore(f);
    }
    kfree(h);
    if (err == 0)
        err = send_pages(p, &map, node, xfer, why, why_size);
    if (err == 0) {
        *stage = MIG_STAGE_DONE;
        err = mig_call(node, MIG_DONE, xfer, p->pid, NULL, 0, why, why_size);
    }
    return err;
}

int migrate_go(struct proc *p, uint32_t node, uint32_t xfer, char *why, size_t why_size)
{
    return mig_call(node, MIG_GO, xfer, p->pid, NULL, 0, why, why_size);
}

// --- the freeze point ---------------------------------------------------------

// A failed link: the message may or may not have been taken (a refusal
// says it was not).
static bool link_failed(int err)
{
    return err == -EHOSTDOWN || err == -EHOSTUNREACH;
}

void migrate_freeze_point(struct proc *p, struct trapframe *tf)
{
    int to = p->move_to;
    uint32_t node = to == MOVE_HOME ? p->home : (uint32_t)to;
    if (node == cluster_self() && p->role != ROLE_GUEST) {
        p->move_to = MOVE_NONE;
        return;
    }
    p->moving = true;
    sti();   // the sends take long: let the cards and the clock in
    uint64_t t0 = uptime_us();
    uint32_t xfer = next_xfer++;
    char why[MIG_REASON_MAX];
    why[0] = '\0';
    enum mig_stage stage;
    enum mig_route route = p->role != ROLE_GUEST ? MIG_ROUTE_AWAY :
                           node == p->home ? MIG_ROUTE_HOME : MIG_ROUTE_ONWARD;
    bool guest = route != MIG_ROUTE_AWAY;
    int err = send_image(p, tf, node, xfer, &stage, why, sizeof(why));
    enum mig_fate fate = mig_fate(route, stage, err, link_failed(err));
    if (fate == MIG_FATE_NEXT && route == MIG_ROUTE_ONWARD) {
        // The target holds it: home re-points the deputy there (the
        // commit) and sends it GO.
        err = remote_commit_onward(p, node, xfer, why, sizeof(why));
        fate = mig_fate(route, MIG_STAGE_COMMIT, err, link_failed(err));
    }
    uint64_t ms = (uptime_us() - t0) / 1000;
    if (fate == MIG_FATE_ENDS_HERE) {
        kprintf("migrate: pid %d: home node %u lost while it took the process %s\n", p->pid,
                p->home, route == MIG_ROUTE_HOME ? "back" : "on");
        remote_lost(p);   // never returns
    }
    if (fate == MIG_FATE_STAYS) {
        cli();
        p->moving = false;
        p->move_to = MOVE_NONE;
        mig_abort(node, xfer, p->pid);
        if (!p->bal_asked)   // the balancer's moves are told in /proc/cluster/balancer
            kprintf("migrate: pid %d (%s) to node %u failed: %s\n", p->pid, p->name, node, why);
        migrate_record(p, false, node, why);
        if (guest)
            remote_report(p, false, node, why);
        return;   // it runs on here
    }
    if (fate == MIG_FATE_MOVED) {
        // Home has the process back (MIG_DONE to home is the commit), or
        // has re-pointed its deputy to the node it went on to.
        if (!p->bal_asked)
            kprintf("migrate: pid %d (%s) %s node %u in %u ms\n", p->pid, p->name,
                    route == MIG_ROUTE_HOME ? "went home to" : "went on to", node, (unsigned)ms);
        migrate_stats.out++;
        remote_depart(p);   // never returns
    }
    // Home -> node: node holds the image. Record the new place (the
    // commit), then let node run it. Its deputy exists from the commit on:
    // the process's first calls home may come before deputy_serve runs.
    if (!deputy_prepare(p)) {
        cli();
        p->moving = false;
        p->move_to = MOVE_NONE;
        mig_abort(node, xfer, p->pid);
        migrate_record(p, false, node, "no memory here");
        return;
    }
    p->role = ROLE_DEPUTY;
    p->runs_on = node;
    p->nmigs++;
    failpoint(FP_HOME_GO);   // a test's dead home: committed, no GO sent
    err = migrate_go(p, node, xfer, why, sizeof(why));
    fate = mig_fate(route, MIG_STAGE_GO, err, link_failed(err));
    cli();
    p->moving = false;
    p->move_to = MOVE_NONE;
    if (fate == MIG_FATE_KILLED) {
        // Committed, and the target may or may not have it: the process is
        // lost with the node (as if that node died with it).
        kprintf("migrate: pid %d (%s): node %u lost it after the commit: %s; killed\n", p->pid,
                p->name, node, why);
        deputy_discard(p, true);
        p->role = ROLE_LOCAL;
        p->runs_on = 0;
        migrate_record(p, false, node, why);
        proc_exit(WSTATUS_SIGNALED(SIGKILL));
    }
    migrate_stats.out++;
    bool quiet = p->bal_asked;
    migrate_record(p, true, node, "");
    ms = (uptime_us() - t0) / 1000;
    if (!quiet)
        kprintf("migrate: pid %d (%s) moved to node %u in %u ms\n", p->pid, p->name, node,
                (unsigned)ms);
    struct vmspace *vm = p->vm;
    p->vm = NULL;
    uvm_destroy(vm);
    deputy_serve(p);   // until the process comes home, or ends
}

// --- /proc/PID files -----------------------------------------------------------

int migrate_proc_gen(struct proc *p, const char *file, char *buf, size_t size)
{
    if (strcmp(file, "where") == 0)
        return snformat(buf, size, "%u\n",
                        (unsigned)(p->role == ROLE_DEPUTY ? p->runs_on : cluster_self()));
    if (strcmp(file, "lock") == 0)
        return snformat(buf, size, "%d\n", p->locked ? 1 : 0);
    if (strcmp(file, "cantmove") == 0) {
        const char *why = migrate_cantmove(p);
        return snformat(buf, size, "%s%s", why, *why ? "\n" : "");
    }
    if (strcmp(file, "nmigs") == 0)
        return snformat(buf, size, "%u\n", (unsigned)p->nmigs);
    if (strcmp(file, "migstat") == 0)
        return snformat(buf, size, "%u %s\n", (unsigned)p->mig_seq,
                        p->mig_seq ? p->mig_result : "none");
    if (strcmp(file, "goto") == 0)
        return 0;
    return -1;
}

// A decimal number (with an optional newline) in buf, or -1.
static long parse_number(const char *buf, size_t n)
{
    long v = 0;
    size_t i = 0;
    for (; i < n && buf[i] >= '0' && buf[i] <= '9'; i++) {
        v = v * 10 + (buf[i] - '0');
        if (v > 1000000)
            return -1;
    }
    if (i == 0)
        return -1;
    for (; i < n; i++)
        if (buf[i] != '\n' && buf[i] != ' ')
            return -1;
    return v;
}

int migrate_proc_write(struct proc *p, const char *file, const char *buf, size_t n)
{
    if (strcmp(file, "lock") == 0) {
        long v = parse_number(buf, n);
        if (v != 0 && v != 1)
            return -EINVAL;
        p->locked = v == 1;
        return (int)n;
    }
    if (strcmp(file, "goto") == 0) {
        long v;
        if ((n >= 4 && strncmp(buf, "home", 4) == 0))
            v = MOVE_HOME;
        else if (n >= 4 && strncmp(buf, "best", 4) == 0)
            v = (long)balancer_best_node(p->vm ? p->vm->pages * (PAGE_SIZE / 1024) : 0);
        else if ((v = parse_number(buf, n)) < 0 || v > PID_NODE_MAX)
            return -EINVAL;
        const char *why;
        int err = migrate_request(p, (int)v, &why);
        if (err < 0) {
            // The reason goes where migrate looks for it.
            migrate_record(p, false, v == MOVE_HOME ? p->home : (uint32_t)v, why);
            return err;
        }
        return (int)n;
    }
    return -EINVAL;
}
