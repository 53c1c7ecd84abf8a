// Processes and kernel threads.
//
// struct proc says, field by field, what travels with a process when it
// migrates to another node and what stays on its home node (ARCHITECTURE
// decision 9). "home" fields form the deputy; "travels" fields are sent
// with the process; "node" fields belong to whichever node runs it now.
#ifndef KERNEL_PROC_H
#define KERNEL_PROC_H

#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/fpu.h"
#include "kernel/trap.h"
#include "kernel/api/types.h"

struct file;
struct inode;
struct vmspace;

// Saved registers of a kernel thread that is not running (boot/swtch.asm).
struct context {
    uint32_t edi, esi, ebx, ebp;
    uint32_t eip;   // where swtch returns to
};

enum procstate {
    P_UNUSED,     // free slot
    P_EMBRYO,     // being set up by fork or kthread_create
    P_RUNNABLE,   // ready to run
    P_RUNNING,    // on the CPU
    P_SLEEPING,   // waiting for wakeup(chan) or a timeout
    P_ZOMBIE,     // exited; waiting for its parent to collect the status
    P_DEAD,       // its thread ended for good (a process that moved away):
                  // the scheduler frees the slot once it has switched off it
};

// Where a process is, as its slot on this node sees it.
enum proc_role {
    ROLE_LOCAL = 0,   // runs on this node, its home (or a local pid)
    ROLE_DEPUTY,      // home slot of a process that runs elsewhere: the deputy
    ROLE_GUEST,       // runs here, home elsewhere: the remote
    ROLE_ARRIVING,    // a guest whose image is arriving: not yet runnable
};

#define MOVE_NONE  (-1)   // move_to: no migration asked
#define MOVE_HOME  0      // move_to: back to the home node

struct proc {
    // --- identity: stays home (cluster-wide a process is (home, pid)) ---
    int pid;                        // for life, wherever the process runs
    uint32_t home;                  // home node (UHN): pid_home(pid); 0 for a local pid
    struct proc *parent;            // the parent (init after the parent exits)
    int pgid;                       // process group (job control, console signals)
    char name[16];                  // program name, for ps and the logs
    int exit_status;                // wait status for the parent (ZOMBIE)

    // --- scheduling: node ---
    enum procstate state;
    void *chan;                     // what a SLEEPING proc waits for
    uint64_t wake_tick;             // SLEEPING with a timeout: wake at this tick (0: none)
    bool timed_out;                 // the last sleep ended by its timeout
    uint32_t slice;                 // ticks left of the current quantum
    bool kthread;                   // a kernel thread: no user space

    // --- kernel stack and saved state: node ---
    uint8_t *kstack;                // bottom of the KSTACK_SIZE kernel stack
    struct trapframe *tf;           // user registers at the top of kstack (travels: their values)
    struct context *context;        // where swtch resumes this thread

    // --- travels with the process ---
    struct vmspace *vm;             // address space: regions and their pages
    struct fpu_state fpu;           // x87/SSE registers
    uint32_t sig_pending;           // signals sent and not yet delivered (bit n = signal n)
    uint32_t sig_mask;              // blocked signals
    bool suspend_saved;             // in sigsuspend: sig_mask is its mask for now, and
    uint32_t suspend_old_mask;      // this one comes back (after the handler, if one runs)
    bool stopped;                   // stopped by SIGSTOP/SIGTSTP until SIGCONT
    int stop_sig;                   // the signal that stopped it
    bool stop_unreported;           // its parent has not seen this stop (WUNTRACED)
    struct api_sigaction sigact[NSIG];   // handlers
    uint64_t uticks;                // CPU time in user mode, in ticks
    uint64_t sticks;                // CPU time in the kernel, in ticks
    uint64_t cticks;                // CPU time of waited-for children
    uint64_t start_tick;            // when the process was created
    uint32_t restart_nr;            // a sleeping call interrupted, to run again (0: none)
    uint64_t restart_until_us;      // when that call's sleep ends (uptime_us, travels as time left)

    // --- stays home (the deputy answers for these) ---
    struct file *ofile[NOFILE];     // open files
    uint32_t cloexec;               // bit n: close ofile[n] on execve
    struct inode *cwd;              // current directory
    uint32_t umask;                 // permission bits that new files do not get

    // --- migration (ssi/migrate.c, ssi/deputy.c, ssi/remote.c) ---
    enum proc_role role;            // node: local, deputy (home, away) or guest (remote)
    uint32_t runs_on;               // home: the node it runs on (0: here)
    int move_to;                    // node: a migration asked (MOVE_NONE, MOVE_HOME or a node)
    bool moving;                    // node: frozen and being sent
    bool call_cancel;               // home, away: the remote cancels the forwarded call running
    bool locked;                    // home: never move (/proc/PID/lock)
    uint32_t nmigs;                 // travels: migrations done
    int64_t mono_offset_us;         // travels: its CLOCK_MONOTONIC minus this node's uptime
    int64_t real_offset_us;         // travels: its CLOCK_REALTIME minus this node's wall clock
    uint32_t mig_seq;               // node: outcomes of migrations asked here (migrate waits on it)
    char mig_result[64];            // node: the last outcome ("ok 2", "failed 2: no memory")
    struct deputy *dep;             // home, while away: the deputy's state (ssi/deputy.c)
    struct remote *rem;             // guest: the remote's state (ssi/remote.c)

    // --- balancing (ssi/balancer.c): node ---
    uint32_t rq_samples;            // cluster ticks at which it was runnable here
    uint32_t home_calls;            // calls it made that run at home (files, console, wait...)
    uint64_t arrived_tick;          // when it arrived here by a move (0: it started here)
    uint32_t move_score;            // move_to was asked by the balancer: its score (0: a person)
    bool bal_asked;                 // the outcome of that move goes to the balancer
};

extern struct proc proctab[NPROC];

// The process or kernel thread running now (NULL before the first one).
struct proc *myproc(void);

// Set up the process table and make the boot thread the idle thread.
void proc_init(void);

// Start a kernel thread running fn(arg). Returns it, or NULL.
struct proc *kthread_create(const char *name, void (*fn)(void *), void *arg);

// Create the first user process, running path (e.g. "/bin/init").
void userinit(const char *path);

// A slot for a process arriving from another node with pid pid: EMBRYO,
// role ROLE_ARRIVING; its first switch goes to user mode with its
// trapframe. NULL when the table or memory is full.
struct proc *proc_alloc_guest(int pid);

// The home part of fork for a process away from home (parent is its
// deputy): a new pid and an EMBRYO deputy slot, with the parent's files,
// directory, group and family place; its thread starts in entry. NULL
// when the table or memory is full.
struct proc *proc_fork_away(struct proc *parent, void (*entry)(void));

// The current slot (a deputy whose process never came to be) goes away
// without a trace: files closed, no zombie. Never returns.
void proc_forget(void) __attribute__((noreturn));

// Give back a slot from proc_alloc_guest whose thread never ran.
void proc_free_unstarted(struct proc *p);

// The current process has moved to another node: its slot here ends
// (the scheduler frees it). The caller has freed its memory. Never returns.
void proc_depart(void) __attribute__((noreturn));

// Free the slot of a P_DEAD thread (the scheduler, once off its stack).
void proc_reap(struct proc *p);

// fork(): a copy of parent, which is the current process (its live FPU
// registers are copied). The child's pid, or -errno.
int proc_fork(struct proc *parent);

// End the current process with the wait status given. Never returns.
void proc_exit(int status) __attribute__((noreturn));

// waitpid() for p, which waits in the current thread: pid -1 is any child.
// Writes the status to *status. The pid collected, 0 with WNOHANG and none
// ready, -ECHILD, or -EINTR.
int proc_wait(struct proc *p, int pid, int *status, int options);

// Send sig to pid (pid < -1: to the group -pid). 0, -ESRCH or -EINVAL.
int proc_kill(int pid, int sig);

// Send sig to every process of group pgid (the console's ^C).
void proc_signal_group(int pgid, int sig);

// The run queue: user processes runnable or running now. The one measure
// behind /proc/loadavg and this node's entry in the cluster load vector.
uint32_t proc_runnable_count(void);

// User processes in the table (any state but unused).
uint32_t proc_user_count(void);

// Is p init, the process that must never die?
bool proc_is_init(struct proc *p);

// This node's id, known (from the command line, or when the cluster layer
// starts): processes forked from now on get cluster pids of this node.
// 0 (not known) changes nothing.
void proc_set_node(uint32_t node);

// The home node named by a pid (0: a local pid, of the node it is on).
uint32_t pid_home(int pid);

// Find a live process by pid, or NULL.
struct proc *proc_find(int pid);

// Processes in use, and the list of their pids (for /proc).
int proc_pids(int *pids, int max);

// Name of a state for ps ("R (running)", ...).
const char *proc_state_name(enum procstate s);

#endif
