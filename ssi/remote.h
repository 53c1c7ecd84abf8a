// The remote (openMosix's name): a process running on a node that is not
// its home. It has a normal slot here (registers, address space, FPU,
// signal delivery), marked ROLE_GUEST; the system calls the table marks
// RUN_HOME go to its deputy at home as a request record in an envelope
// (kernel/envelope.h), and the answer brings back the result, the output
// buffers and the signals posted at home. Exit is split: the memory is
// freed here, the rest (files, family, the zombie) at home.
#ifndef SSI_REMOTE_H
#define SSI_REMOTE_H

#include "kernel/types.h"

struct proc;
struct sysreq;
struct syscall_desc;

// Register the remote's service (CLUSTER_SVC_REMOTE).
void remote_init(void);

// Make the state a guest needs (from the arrival of its image). False
// when memory is out.
bool remote_attach(struct proc *p);

// Run a RUN_HOME call of guest p at its home: the result, or -errno.
// A signal while it waits cancels the call at home; the answer then says
// whether it ran.
int32_t remote_syscall(struct proc *p, const struct syscall_desc *d, struct sysreq *r);

// fork() for guest p (current, its trapframe in p->tf): the child's pid
// and deputy come from home, the child runs here. The child's pid, or
// -errno.
int32_t remote_fork(struct proc *p);

// execve() for guest p: the program is read at home, built here, and home
// closes the close-on-exec files. 0, or -errno with p as it was.
int remote_exec(struct proc *p, const char *path, const char *const argv[],
                const char *const envp[]);

// Guest p (current) ends with the wait status given: free its memory
// here, tell home, free the slot. Never returns.
void remote_exit(struct proc *p, int status) __attribute__((noreturn));

// Guest p (current) is home again (home committed): free its slot here.
void remote_depart(struct proc *p) __attribute__((noreturn));

// Guest p (current) lost its home: it ends here. Never returns.
void remote_lost(struct proc *p) __attribute__((noreturn));

// Tell p's home how a move asked here ended (a failure), so that migrate
// at home sees it.
void remote_report(struct proc *p, bool ok, uint32_t node, const char *why);

// Guest p (current) stopped by signal sig, or (sig 0) runs again: tell
// home, where its parent's waitpid WUNTRACED looks. Home has the message
// when this returns, so a stop and the end of it arrive in order.
void remote_stopped(struct proc *p, int sig);

// Guest p is held on node (transfer xfer): ask home to re-point its
// deputy there (the commit of a move onward; home then sends GO). 0, a
// refusal's -errno (why says it), or a failed link's -errno.
int remote_commit_onward(struct proc *p, uint32_t node, uint32_t xfer, char *why,
                         size_t why_size);

// At home: ask the node where deputy p's process runs to move it to node
// (MOVE_HOME: home). 0 when asked, or -errno with the reason in *why.
int remote_ask_goto(struct proc *p, int node, const char **why);

// /proc/cluster/guests: one line per guest of this node.
int remote_list(char *buf, size_t size);

// From the cluster thread, every tick: a guest whose home membership has
// marked down, or that has booted again (a new incarnation), is sent
// SIGKILL (it ends here, and frees its memory).
void remote_check_homes(void);

#endif
