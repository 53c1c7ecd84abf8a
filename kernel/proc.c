// Processes: the table, fork, exit, wait and kill (see proc.h).
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/console.h"
#include "kernel/panic.h"
#include "kernel/x86.h"
#include "kernel/gdt.h"
#include "kernel/api/errno.h"
#include "kernel/exec.h"
#include "ssi/remote.h"
#include "kernel/fs/vfs.h"
#include "drivers/pit.h"
#include "mm/kmalloc.h"
#include "mm/phys.h"
#include "mm/uvm.h"
#include <string.h>

struct proc proctab[NPROC];
static int next_pid = 2;          // the next local number to try (1 is init)
static uint32_t pid_node;         // this node's id once known: the high part of new pids
static struct proc *initproc;

void trapret(void);   // boot/isr.asm

void proc_init(void)
{
    memset(proctab, 0, sizeof(proctab));
}

void proc_set_node(uint32_t node)
{
    if (node == 0)
        return;   // not known yet (DHCP)
    if (node > PID_NODE_MAX)
        kprintf("proc: node id %u is not in 1..%d: new processes keep local pids\n",
                (unsigned)node, PID_NODE_MAX);
    else
        pid_node = node;
}

uint32_t pid_home(int pid)
{
    return pid > 0 ? (uint32_t)pid / PID_NODE_SPAN : 0;
}

// A pid for a new process: a local one (below PID_NODE_SPAN) for a kernel
// thread or before the node has its id, else one of this node's cluster
// pids (see kernel/api/types.h). The number part counts up and wraps;
// a pid is never reused while a process holds it.
static int alloc_pid(bool local)
{
    int base = local ? 0 : (int)pid_node * PID_NODE_SPAN;
    for (;;) {
        int pid = base + next_pid++;
        if (next_pid >= PID_NODE_SPAN)
            next_pid = 2;
        if (!proc_find(pid))
            return pid;
    }
}

// A fresh EMBRYO slot with pid pid (0: a new one, local when local) and a
// kernel stack whose first switch lands in ret (forkret or kthread_start).
// NULL when the table or memory is full.
static struct proc *alloc_proc(void (*ret)(void), int pid, bool local)
{
    struct proc *p = NULL;
    uint32_t f = intr_save();
    for (int i = 0; i < NPROC; i++) {
        if (proctab[i].state == P_UNUSED) {
            p = &proctab[i];
            p->state = P_EMBRYO;
            break;
        }
    }
    intr_restore(f);
    if (!p)
        return NULL;
    // Kernel stacks come straight from the frame pool (not the heap), so
    // that a storm of processes leaves no memory behind in heap arenas.
    paddr_t stack_pa = frame_alloc_run(&kframes, KSTACK_SIZE / PAGE_SIZE);
    uint8_t *kstack = stack_pa ? P2V(stack_pa) : NULL;
    if (!kstack) {
        p->state = P_UNUSED;
        return NULL;
    }
    memset(p, 0, sizeof(*p));
    p->state = P_EMBRYO;
    p->move_to = MOVE_NONE;
    p->kstack = kstack;
    p->pid = pid ? pid : alloc_pid(local);
    p->home = pid_home(p->pid);
    p->start_tick = ticks();

    // The stack, from the top: the user registers (trapframe), the address
    // of trapret (where ret "returns" to), and the context swtch restores.
    uint8_t *sp = kstack + KSTACK_SIZE;
    sp -= sizeof(struct trapframe);
    p->tf = (struct trapframe *)sp;
    memset(p->tf, 0, sizeof(*p->tf));
    sp -= 4;
    *(uint32_t *)sp = (uint32_t)trapret;
    sp -= sizeof(struct context);
    p->context = (struct context *)sp;
    memset(p->context, 0, sizeof(*p->context));
    p->context->eip = (uint32_t)ret;
    return p;
}

// Give back a slot whose thread will never run again.
static void free_proc(struct proc *p)
{
    frame_free_run(&kframes, V2P(p->kstack), KSTACK_SIZE / PAGE_SIZE);
    p->kstack = NULL;
    p->state = P_UNUSED;
    p->pid = 0;
}

static void forkret(void);

struct proc *proc_alloc_guest(int pid)
{
    struct proc *p = alloc_proc(forkret, pid, false);
    if (p) {
        p->role = ROLE_ARRIVING;
        p->move_to = MOVE_NONE;
    }
    return p;
}

void proc_free_unstarted(struct proc *p)
{
    free_proc(p);
}

void proc_depart(void)
{
    struct proc *p = myproc();
    cli();
    p->state = P_DEAD;
    sched_exit();
}

void proc_reap(struct proc *p)
{
    free_proc(p);
}

// A new process's first return: straight to trapret and user mode. The
// scheduler switched here with interrupts off; iret turns them on.
static void forkret(void)
{
}

// A kernel thread's first code: its function and argument wait in the
// trapframe's registers (a kernel thread never goes to user mode).
static void kthread_start(void)
{
    struct proc *p = myproc();
    void (*fn)(void *) = (void (*)(void *))p->tf->eax;
    void *arg = (void *)p->tf->ebx;
    sti();
    fn(arg);
    proc_exit(0);
}

struct proc *kthread_create(const char *name, void (*fn)(void *), void *arg)
{
    struct proc *p = alloc_proc(kthread_start, 0, true);
    if (!p)
        return NULL;
    p->kthread = true;
    strlcpy(p->name, name, sizeof(p->name));
    p->tf->eax = (uint32_t)fn;
    p->tf->ebx = (uint32_t)arg;
    p->state = P_RUNNABLE;
    return p;
}

struct proc *proc_find(int pid)
{
    for (int i = 0; i < NPROC; i++)
        if (proctab[i].state != P_UNUSED && proctab[i].pid == pid)
            return &proctab[i];
    return NULL;
}

int proc_pids(int *pids, int max)
{
    int n = 0;
    for (int i = 0; i < NPROC && n < max; i++)
        if (proctab[i].state != P_UNUSED && proctab[i].state != P_EMBRYO)
            pids[n++] = proctab[i].pid;
    return n;
}

uint32_t proc_runnable_count(void)
{
    uint32_t n = 0;
    for (int i = 0; i < NPROC; i++)
        if (!proctab[i].kthread && !proctab[i].stopped && proctab[i].role != ROLE_DEPUTY &&
            (proctab[i].state == P_RUNNABLE || proctab[i].state == P_RUNNING))
            n++;
    return n;
}

uint32_t proc_user_count(void)
{
    uint32_t n = 0;
    for (int i = 0; i < NPROC; i++)
        if (!proctab[i].kthread && proctab[i].state != P_UNUSED)
            n++;
    return n;
}

bool proc_is_init(struct proc *p)
{
    return p == initproc;
}

const char *proc_state_name(enum procstate s)
{
    switch (s) {
    case P_RUNNABLE: return "R (runnable)";
    case P_RUNNING:  return "R (running)";
    case P_SLEEPING: return "S (sleeping)";
    case P_ZOMBIE:   return "Z (zombie)";
    case P_EMBRYO:   return "E (starting)";
    case P_DEAD:     return "X (gone)";
    default:         return "? (unused)";
    }
}

// The first user process: an empty address space into which exec loads
// path. Panics if it cannot: a node without init is useless.
void userinit(const char *path)
{
    struct proc *p = alloc_proc(forkret, 1, true);
    if (!p)
        panic("userinit: no process slot");
    initproc = p;
    p->vm = uvm_create();
    if (!p->vm)
        panic("userinit: out of memory");
    fpu_state_init(&p->fpu);
    p->cwd = inode_get(vfs_root());
    p->umask = 022;
    p->pgid = p->pid;
    strlcpy(p->name, "init", sizeof(p->name));
    const char *argv[] = { path, NULL };
    const char *envp[] = { "PATH=/bin", "HOME=/", NULL };
    int err = exec_load(p, path, argv, envp);
    if (err < 0)
        panic("userinit: cannot run %s (error %d)", path, -err);
    p->state = P_RUNNABLE;
}

// What a child gets from its parent in the process table: family place,
// group, signal mask and handlers, files, directory, umask, name.
static void fork_copy(struct proc *child, struct proc *parent)
{
    child->parent = parent;
    child->pgid = parent->pgid;
    child->sig_mask = parent->sig_mask;
    memcpy(child->sigact, parent->sigact, sizeof(child->sigact));
    for (int i = 0; i < NOFILE; i++)
        if (parent->ofile[i])
            child->ofile[i] = file_dup(parent->ofile[i]);
    child->cloexec = parent->cloexec;
    child->cwd = inode_get(parent->cwd);
    child->umask = parent->umask;
    memcpy(child->name, parent->name, sizeof(child->name));
}

int proc_fork(struct proc *parent)
{
    struct proc *child = alloc_proc(forkret, 0, pid_node == 0);
    if (!child)
        return -EAGAIN;
    child->vm = uvm_fork(parent->vm);
    if (!child->vm) {
        free_proc(child);
        return -ENOMEM;
    }
    *child->tf = *parent->tf;
    child->tf->eax = 0;                    // fork returns 0 in the child
    // The child continues from the parent's registers at this instant: the
    // FPU's live state, not what was saved at the parent's last switch.
    fpu_save(&parent->fpu);
    child->fpu = parent->fpu;
    fork_copy(child, parent);
    int pid = child->pid;
    child->state = P_RUNNABLE;
    return pid;
}

struct proc *proc_fork_away(struct proc *parent, void (*entry)(void))
{
    struct proc *child = alloc_proc(entry, 0, false);
    if (!child)
        return NULL;
    child->role = ROLE_DEPUTY;
    child->runs_on = parent->runs_on;
    fork_copy(child, parent);
    return child;
}

// Close p's files and let go of its current directory.
static void release_files(struct proc *p)
{
    for (int i = 0; i < NOFILE; i++) {
        if (p->ofile[i]) {
            file_close(p->ofile[i]);
            p->ofile[i] = NULL;
        }
    }
    inode_put(p->cwd);
    p->cwd = NULL;
}

void proc_forget(void)
{
    struct proc *p = myproc();
    release_files(p);
    p->parent = NULL;
    proc_depart();
}

void proc_exit(int status)
{
    struct proc *p = myproc();
    if (p == initproc)
        panic("init exited (status %d)", status);
    if (p->role == ROLE_GUEST)
        remote_exit(p, status);   // away from home: the rest happens there
    release_files(p);
    struct vmspace *vm = p->vm;
    p->vm = NULL;
    uvm_destroy(vm);

    cli();
    // Children go to init, which reaps them.
    bool zombies = false;
    for (int i = 0; i < NPROC; i++) {
        if (proctab[i].state != P_UNUSED && proctab[i].parent == p) {
            proctab[i].parent = initproc;
            if (proctab[i].state == P_ZOMBIE)
                zombies = true;
        }
    }
    if (zombies)
        wakeup(initproc);
    p->exit_status = status;
    p->stopped = false;          // (a deputy whose process was stopped away)
    p->stop_unreported = false;
    p->state = P_ZOMBIE;
    if (p->parent) {
        signal_send(p->parent, SIGCHLD);
        wakeup(p->parent);
    }
    // A kernel thread has no parent: its slot stays a zombie (kernel
    // threads of this kernel run for ever, so none is lost in practice).
    sched_exit();
}

int proc_wait(struct proc *p, int pid, int *status, int options)
{
    cli();
    for (;;) {
        bool have_kids = false;
        for (int i = 0; i < NPROC; i++) {
            struct proc *c = &proctab[i];
            if (c->state == P_UNUSED || c->parent != p)
                continue;
            if (pid > 0 && c->pid != pid)
                continue;
            if (pid < -1 && c->pgid != -pid)
                continue;
            have_kids = true;
            if ((options & WUNTRACED) && c->stopped && c->stop_unreported) {
                c->stop_unreported = false;
                if (status)
                    *status = (c->stop_sig << 8) | 0x7f;
                sti();
                return c->pid;
            }
            if (c->state == P_ZOMBIE) {
                int cpid = c->pid;
                if (status)
                    *status = c->exit_status;
                p->cticks += c->uticks + c->sticks + c->cticks;
                c->parent = NULL;
                free_proc(c);
                sti();
                return cpid;
            }
        }
        if (!have_kids) {
            sti();
            return -ECHILD;
        }
        if (options & WNOHANG) {
            sti();
            return 0;
        }
        if (signal_pending()) {
            sti();
            return -EINTR;
        }
        sleep(p);
    }
}

int proc_kill(int pid, int sig)
{
    if (sig < 0 || sig >= NSIG)
        return -EINVAL;
    if (pid < -1) {
        int found = 0;
        for (int i = 0; i < NPROC; i++) {
            struct proc *q = &proctab[i];
            if (q->state != P_UNUSED && q->state != P_ZOMBIE && !q->kthread &&
                q->pgid == -pid && !(q == initproc && sig && signal_kills_or_stops(q, sig))) {
                if (sig)
                    signal_send(q, sig);
                found++;
            }
        }
        return found ? 0 : -ESRCH;
    }
    struct proc *q = proc_find(pid);
    if (!q || q->state == P_ZOMBIE || q->kthread || pid <= 0)
        return -ESRCH;
    // Init stays: it reaps everyone else. Like Unix init, it receives only
    // the signals it has handlers for (or that are harmless by default).
    if (q == initproc && sig && signal_kills_or_stops(q, sig))
        return -EPERM;
    if (sig)
        signal_send(q, sig);
    return 0;
}

void proc_signal_group(int pgid, int sig)
{
    if (pgid > 0)
        proc_kill(-pgid, sig);
}
