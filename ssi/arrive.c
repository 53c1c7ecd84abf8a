// Process migration, the target's side (see migrate.h): taking a process
// in. Runs in the cluster thread, as the service of CLUSTER_SVC_MIGRATE.
//
// An arrival goes BEGIN (the header is checked completely, memory and a
// slot are reserved, every region is mapped), PAGES (each batch checked
// against the map, then copied in place), DONE (every page is here), then:
//   - on the process's home: DONE is the commit. The image goes into the
//     deputy's slot and the process runs on at home.
//   - elsewhere: the process is held, ready, until home says GO (then it
//     runs) or ABORT (then it is dropped). A held image whose GO does not
//     come within MIG_HOLD_MS, or whose source goes down, is dropped.
// Nothing of a refused or dropped arrival stays behind.
#include "ssi/migrate.h"
#include "ssi/balancer.h"
#include "ssi/failpoint.h"
#include "ssi/mig_proto.h"
#include "ssi/image.h"
#include "ssi/deputy.h"
#include "ssi/remote.h"
#include "ssi/cluster_int.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/clock.h"
#include "kernel/console.h"
#include "kernel/format.h"
#include "kernel/fpu_format.h"
#include "kernel/gdt.h"
#include "kernel/x86.h"
#include "kernel/api/errno.h"
#include "drivers/pit.h"
#include "mm/kmalloc.h"
#include "mm/phys.h"
#include "mm/uvm.h"
#include <string.h>

// One process coming in.
struct arrival {
    bool used;
    uint32_t from;              // the node sending it
    uint32_t xfer;              // its number for the transfer
    struct proc_image img;      // the checked header
    struct vmspace *vm;         // its address space, being filled
    struct proc *p;             // its slot: a new guest's, or (at home) the deputy's
    uint8_t *seen;              // bit i: page i of the map came (image_page_index)
    uint32_t got;               // pages taken
    bool held;                  // every page is here (a guest waiting for GO)
    uint64_t deadline;          // dropped after this (local ms): MIG_HOLD_MS after
                                // the last message of the transfer
};

static struct arrival arrivals[MIG_ARRIVALS_MAX];

static struct arrival *find(uint32_t from, uint32_t xfer)
{
    for (int i = 0; i < MIG_ARRIVALS_MAX; i++)
        if (arrivals[i].used && arrivals[i].from == from && arrivals[i].xfer == xfer)
            return &arrivals[i];
    return NULL;
}

// A held arrival whose home is node (it came from another node, which
// asked home to commit a move onward): GO comes from home then.
static struct arrival *find_held_for_home(uint32_t node, uint32_t xfer, int pid)
{
    for (int i = 0; i < MIG_ARRIVALS_MAX; i++) {
        struct arrival *a = &arrivals[i];
        if (a->used && a->held && a->img.home == node && a->xfer == xfer && a->img.pid == pid)
            return a;
    }
    return NULL;
}

// Forget a, freeing what it holds (a guest slot that never ran, its memory).
static void drop(struct arrival *a)
{
    if (a->p && a->p->role == ROLE_ARRIVING) {
        struct proc *p = a->p;
        if (p->vm == a->vm)
            a->vm = NULL;
        uvm_destroy(p->vm);
        p->vm = NULL;
        kfree(p->rem);
        p->rem = NULL;
        proc_free_unstarted(p);
    }
    uvm_destroy(a->vm);
    kfree(a->seen);
    a->seen = NULL;
    a->used = false;
    a->vm = NULL;
    a->p = NULL;
}

// The answer to a DONE that the home_done_late fail point holds back.
struct late_answer {
    bool used;      // one is held
    uint32_t node;  // the node the process came from
    uint32_t id;    // its DONE message
};
static struct late_answer late;

static void reply(uint32_t node, uint32_t id, int status, const char *why)
{
    struct mig_reply r;
    memset(&r, 0, sizeof(r));
    r.status = status;
    strlcpy(r.reason, why, sizeof(r.reason));
    cluster_reply(node, id, CLUSTER_SVC_MIGRATE, &r, sizeof(r));
}

// BEGIN: check the header and make room. 0, or -errno with why.
static int begin(uint32_t from, const struct mig_msg *m, const uint8_t *hdr, uint32_t len,
                 const char **why, bool *quiet)
{
    static struct proc_image img;
    int res = image_decode_header(hdr, len, &img);
    *quiet = res == IMAGE_OK && img.balance_score != 0;   // the balancer asked it
    if (res != IMAGE_OK) {
        *why = image_strerror(res);
        return -EINVAL;
    }
    if (img.pid != m->pid) {
        *why = "pid differs from the header";
        return -EINVAL;
    }
    // An fxsave state (from a Pentium II or later) can come to a CPU that
    // has only fnsave (a Pentium) when it holds no SSE state; install()
    // converts it.
    uint8_t fn[FNSAVE_SIZE];
    if (img.fpu_format == IMAGE_FPU_FXSAVE && !fpu_uses_fxsave() &&
        fpu_fx_to_fn(img.fpu, fn) < 0) {
        *why = "it uses SSE, which this CPU does not have";
        return -EOPNOTSUPP;
    }
    if (find(from, m->xfer)) {
        *why = "transfer already begun";
        return -EEXIST;
    }
    struct proc *p = proc_find(img.pid);
    bool home = img.home == cluster_self();
    if (home && (!p || p->role != ROLE_DEPUTY || p->runs_on != from || !p->dep)) {
        *why = "not away at that node";
        return -ESRCH;
    }
    if (!home && p && p->role == ROLE_GUEST && p->moving) {
        // Its previous stay here is still leaving: home took it back
        // (or the next node did) before this node heard the last answer,
        // on a lossy link. That copy never runs again and goes within
        // the transport's bounds; the sender asks again meanwhile.
        *why = "its previous copy is still leaving";
        migrate_stats.begin_waits++;
        return -EINPROGRESS;
    }
    if (!home && p) {
        *why = "pid already here";
        return -EEXIST;
    }
    const char *no = balancer_refuses(img.balance_score, home);
    if (*no) {
        *why = no;
        return -EBUSY;
    }
    struct arrival *a = NULL;
    for (int i = 0; i < MIG_ARRIVALS_MAX && !a; i++)
        if (!arrivals[i].used)
            a = &arrivals[i];
    if (!a) {
        *why = "too many processes arriving";
        return -EBUSY;
    }
    uint64_t need = (uint64_t)(region_map_pages(&img.map) + 2 * REGION_MAX) * PAGE_SIZE +
                    MIG_MEM_RESERVE;
    if (phys_free_bytes() < need) {
        *why = "no memory";
        return -ENOMEM;
    }
    memset(a, 0, sizeof(*a));
    a->img = img;
    a->from = from;
    a->xfer = m->xfer;
    a->vm = uvm_create();
    if (!a->vm) {
        *why = "no memory";
        return -ENOMEM;
    }
    a->used = true;
    a->seen = kzalloc(region_map_pages(&img.map) / 8 + 1);
    if (!a->seen) {
        drop(a);
        *why = "no memory";
        return -ENOMEM;
    }
    for (const struct region *r = region_next(&img.map, NULL); r; r = region_next(&img.map, r)) {
        if (uvm_map_region(a->vm, r->start, r->end, r->prot, r->kind, r->flags) != 0) {
            drop(a);
            *why = "no memory";
            return -ENOMEM;
        }
    }
    a->vm->heap_start = img.heap_start;
    a->vm->brk = img.brk;
    if (home) {
        a->p = p;
    } else {
        a->p = proc_alloc_guest(img.pid);
        if (!a->p || !remote_attach(a->p)) {
            drop(a);
            *why = "no process slot";
            return -EAGAIN;
        }
        a->p->home = img.home;
    }
    a->deadline = uptime_ms() + MIG_HOLD_MS;
    return 0;
}

// PAGES: put a checked batch in place. 0, or -errno with why.
static int pages(struct arrival *a, const uint8_t *b, uint32_t len, const char **why)
{
    uint32_t n;
    int res = image_batch_check(&a->img.map, b, len, &n);
    if (res != IMAGE_OK) {
        *why = image_strerror(res);
        return -EINVAL;
    }
    if (a->got + n > a->img.npages) {
        *why = "more pages than the header said";
        return -EINVAL;
    }
    for (uint32_t i = 0; i < n; i++) {
        vaddr_t va;
        const uint8_t *bytes = image_batch_entry(b, i, &va);
        long k = image_page_index(&a->img.map, va);
        if (k < 0 || (a->seen[k / 8] & (1u << (k % 8)))) {
            *why = "page sent twice";
            return -EINVAL;
        }
        a->seen[k / 8] |= (uint8_t)(1u << (k % 8));
        // Straight into the frame: text pages are read-only to the
        // process, and the frames are fresh (nothing shares them).
        paddr_t pa = uvm_lookup(a->vm, va);
        if (!pa) {
            *why = "page not mapped";
            return -EFAULT;
        }
        memcpy(P2V(pa), bytes, PAGE_SIZE);
    }
    a->got += n;
    return 0;
}

// Make slot p the process of image img with address space vm.
static void install(struct proc *p, const struct proc_image *img, struct vmspace *vm)
{
    struct trapframe *tf = p->tf;
    memset(tf, 0, sizeof(*tf));
    tf->cs = UCODE_SEL;
    tf->ds = tf->es = tf->fs = tf->gs = tf->ss = UDATA_SEL;
    const struct image_regs *r = &img->regs;
    tf->eax = r->eax;
    tf->ebx = r->ebx;
    tf->ecx = r->ecx;
    tf->edx = r->edx;
    tf->esi = r->esi;
    tf->edi = r->edi;
    tf->ebp = r->ebp;
    tf->esp = r->esp;
    tf->eip = r->eip;
    tf->eflags = r->eflags;
    // The FPU state, in this CPU's layout (begin() checked it converts).
    memset(p->fpu.bytes, 0, sizeof(p->fpu.bytes));
    if (img->fpu_format == IMAGE_FPU_FNSAVE && fpu_uses_fxsave())
        fpu_fn_to_fx(img->fpu, p->fpu.bytes);
    else if (img->fpu_format == IMAGE_FPU_FXSAVE && !fpu_uses_fxsave())
        fpu_fx_to_fn(img->fpu, p->fpu.bytes);
    else
        memcpy(p->fpu.bytes, img->fpu, IMAGE_FPU_MAX);
    fpu_sanitize(&p->fpu);
    p->vm = vm;
    strlcpy(p->name, img->name, sizeof(p->name));
    p->sig_pending |= img->sig_pending;
    p->sig_mask = img->sig_mask;
    p->stopped = img->stopped != 0;
    memcpy(p->sigact, img->sigact, sizeof(p->sigact));
    uint64_t us_per_tick = 1000000 / HZ;
    p->uticks = img->utime_us / us_per_tick;
    p->sticks = img->stime_us / us_per_tick;
    uint64_t cticks = img->ctime_us / us_per_tick;
    if (cticks > p->cticks)
        p->cticks = cticks;
    uint64_t age = img->age_us / us_per_tick, now = ticks();
    p->start_tick = age < now ? now - age : 0;
    // Its clocks go on from where they were: never back, whatever this
    // node's clocks say.
    p->mono_offset_us = (int64_t)(img->mono_us - uptime_us());
    p->real_offset_us = (int64_t)(img->real_us - clock_realtime_us());
    p->restart_nr = img->restart_nr;
    p->restart_until_us = uptime_us() + img->restart_left_us;
    p->nmigs = img->nmigs + 1;
    p->move_to = MOVE_NONE;
    p->moving = false;
    // A new stay: its residency starts, its use of this node is counted anew.
    p->arrived_tick = now ? now : 1;
    p->rq_samples = 0;
    p->home_calls = 0;
    p->move_score = 0;
    p->bal_asked = false;
}

// DONE: every page is here. At home: the process comes back (commit).
// Elsewhere: hold it for GO.
static int done(struct arrival *a, const char **why)
{
    if (a->got != a->img.npages) {
        *why = "pages missing";
        return -EINVAL;
    }
    struct proc *p = a->p;
    if (a->img.home == cluster_self()) {
        install(p, &a->img, a->vm);
        a->vm = NULL;
        p->role = ROLE_LOCAL;
        p->runs_on = 0;
        migrate_record(p, true, cluster_self(), "");
        migrate_stats.in++;
        if (!a->img.balance_score)
            kprintf("migrate: pid %d (%s) is home again from node %u\n", p->pid, p->name,
                    a->from);
        deputy_return(p);
        a->p = NULL;
        drop(a);
        return 0;
    }
    install(p, &a->img, a->vm);
    a->held = true;
    failpoint(FP_ARRIVE_DONE);   // a test's dead node: before the commit
    return 0;
}

// GO: run the held guest.
static int go(struct arrival *a, const char **why)
{
    if (!a->held) {
        *why = "not ready";
        return -EINVAL;
    }
    failpoint(FP_ARRIVE_GO);   // a test's dead node: after the commit
    struct proc *p = a->p;
    a->vm = NULL;   // the guest's now
    a->p = NULL;
    drop(a);
    p->role = ROLE_GUEST;
    migrate_record(p, true, cluster_self(), "");
    migrate_stats.in++;
    uint32_t f = intr_save();
    p->state = P_RUNNABLE;
    intr_restore(f);
    return 0;
}

void arrive_service(uint32_t node, uint32_t id, const uint8_t *buf, uint32_t len)
{
    struct mig_msg m = { 0 };
    const uint8_t *rest;
    uint32_t rlen;
    if (!mig_msg_parse(buf, len, &m, &rest, &rlen)) {
        migrate_stats.bad++;
        if (m.op != MIG_ABORT)
            reply(node, id, -EINVAL, "malformed request");   // its sender waits for one
        return;
    }
    const char *why = "";
    int err;
    if (m.op == MIG_BEGIN) {
        bool quiet;
        err = begin(node, &m, rest, rlen, &why, &quiet);
        if (err < 0 && err != -EINPROGRESS && !quiet)   // that one is asked again and again
            kprintf("migrate: pid %d from node %u refused: %s\n", m.pid, node, why);
        reply(node, id, err, why);
        return;
    }
    struct arrival *a = find(node, m.xfer);
    if (!a && m.op == MIG_GO)
        a = find_held_for_home(node, m.xfer, m.pid);   // a move onward: home says GO
    if (a)
        a->deadline = uptime_ms() + MIG_HOLD_MS;   // the source is still at it
    if (!a || a->img.pid != m.pid) {
        migrate_stats.bad++;
        if (m.op != MIG_ABORT)
            reply(node, id, -ENOENT, "unknown transfer");
        return;
    }
    switch (m.op) {
    case MIG_PAGES:
        err = pages(a, rest, rlen, &why);
        break;
    case MIG_DONE: {
        bool at_home = a->img.home == cluster_self();
        err = done(a, &why);
        if (err == 0 && at_home && failpoint_holds(FP_HOME_DONE_LATE) && !late.used) {
            // A test's slow link: home has the process back and runs it,
            // but the node it came from hears so only when the point is
            // disarmed (arrive_tick).
            late = (struct late_answer){ true, node, id };
            return;
        }
        break;
    }
    case MIG_GO:
        err = go(a, &why);
        break;
    default:   // MIG_ABORT (mig_msg_parse knows no other)
        drop(a);
        return;
    }
    if (err < 0 && a->used)
        drop(a);   // a broken transfer is over: the source resumes the process
    reply(node, id, err, why);
}

void arrive_tick(uint64_t now)
{
    if (late.used && !failpoint_holds(FP_HOME_DONE_LATE)) {
        late.used = false;
        reply(late.node, late.id, 0, "");
    }
    for (int i = 0; i < MIG_ARRIVALS_MAX; i++) {
        struct arrival *a = &arrivals[i];
        if (!a->used)
            continue;
        struct lv_entry *e = loadvec_find(&cl.lv, a->from);
        if (now >= a->deadline || !e || e->state != LV_UP) {
            kprintf("migrate: pid %d from node %u dropped (%s)\n", a->img.pid, a->from,
                    now >= a->deadline ? "no progress in time" : "source down");
            migrate_stats.arrivals_dropped++;
            drop(a);
        }
    }
}
