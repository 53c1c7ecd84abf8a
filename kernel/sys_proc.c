// System call handlers for processes, signals and time. Each is thin: its
// arguments are already in kernel memory (kernel/syscall.c); it checks
// them and calls the function that does the work.
#include "kernel/syscall.h"
#include "kernel/proc.h"
#include "kernel/exec.h"
#include "ssi/remote.h"
#include "ssi/killhome.h"
#include "ssi/cluster.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/clock.h"
#include "kernel/param.h"
#include "kernel/api/errno.h"
#include "kernel/api/types.h"
#include "kernel/api/syscall_nr.h"
#include "kernel/x86.h"
#include "drivers/pit.h"
#include "mm/kmalloc.h"
#include "mm/uvm.h"
#include <string.h>

int32_t sys_exit(struct sysreq *r)
{
    proc_exit(WSTATUS_EXITED(r->arg[0]));
}

int32_t sys_fork(struct sysreq *r)
{
    return proc_fork(r->p);
}

int32_t sys_waitpid(struct sysreq *r)
{
    int status = 0;
    int pid = proc_wait(r->p, (int)r->arg[0], &status, (int)r->arg[2]);
    if (pid > 0 && r->buf[1])
        memcpy(r->buf[1], &status, sizeof(status));
    return pid;
}

// Turn a packed string list (count, then NUL-terminated strings) into a
// NULL-terminated array. NULL when out of memory.
static const char **unpack_strv(const void *buf)
{
    uint32_t count = 0;
    if (buf)
        memcpy(&count, buf, 4);
    const char **v = kmalloc((count + 1) * sizeof(char *));
    if (!v)
        return NULL;
    const char *s = buf ? (const char *)buf + 4 : NULL;
    for (uint32_t i = 0; i < count; i++) {
        v[i] = s;
        s += strlen(s) + 1;
    }
    v[count] = NULL;
    return v;
}

int32_t sys_execve(struct sysreq *r)
{
    const char **argv = unpack_strv(r->buf[1]);
    const char **envp = unpack_strv(r->buf[2]);
    int err = -ENOMEM;
    // Away from home the program is read at home and built here.
    if (argv && envp)
        err = r->p->role == ROLE_GUEST ? remote_exec(r->p, r->buf[0], argv, envp) :
                                         exec_load(r->p, r->buf[0], argv, envp);
    kfree(argv);
    kfree(envp);
    return err;
}

int32_t sys_getpid(struct sysreq *r)
{
    return r->p->pid;
}

int32_t sys_getppid(struct sysreq *r)
{
    struct proc *parent = r->p->parent;
    return parent ? parent->pid : 0;
}

int32_t sys_kill(struct sysreq *r)
{
    int pid = (int)r->arg[0];
    if (pid == 0)
        pid = -r->p->pgid;
    if (pid == -1)
        return -EINVAL;   // "every process" is not offered
    // A group whose home is another node: its home signals every member,
    // those that run here too (through their deputies), so not here as well.
    uint32_t group_home = pid < -1 ? (uint32_t)(-pid) / PID_NODE_SPAN : 0;
    if (group_home != 0 && group_home != cluster_self() && cluster_running())
        return killhome(pid, (int)r->arg[1]);
    int err = proc_kill(pid, (int)r->arg[1]);
    if (err == -ESRCH && pid > 0)
        err = killhome(pid, (int)r->arg[1]);   // its home is another node: ask there
    return err;
}

int32_t sys_nanosleep(struct sysreq *r)
{
    struct api_timespec req;
    memcpy(&req, r->buf[0], sizeof(req));
    if (req.tv_sec < 0 || req.tv_nsec < 0 || req.tv_nsec >= 1000000000)
        return -EINVAL;
    struct proc *p = r->p;
    // Run again after a stop or a migration: the sleep ends when it was
    // going to (kernel/syscall.c restarts the call).
    uint64_t until = p->restart_nr == SYS_nanosleep ? p->restart_until_us :
        uptime_us() + (uint64_t)req.tv_sec * 1000000 + (uint32_t)req.tv_nsec / 1000;
    p->restart_nr = 0;
    uint32_t f = intr_save();
    for (uint64_t now; (now = uptime_us()) < until;) {
        if (signal_pending()) {
            intr_restore(f);
            uint64_t left = until - now;
            if (r->buf[1]) {
                struct api_timespec rem = { (int32_t)(left / 1000000),
                                            (int32_t)(left % 1000000) * 1000 };
                memcpy(r->buf[1], &rem, sizeof(rem));
            }
            p->restart_nr = SYS_nanosleep;
            p->restart_until_us = until;
            return -EINTR;
        }
        // Sleep in whole milliseconds, rounded up: never wake early.
        sleep_timeout(&p->wake_tick, (uint32_t)((until - now + 999) / 1000));
    }
    intr_restore(f);
    return 0;
}

int32_t sys_brk(struct sysreq *r)
{
    return (int32_t)uvm_brk(r->p->vm, r->arg[0]);
}

int32_t sys_sched_yield(struct sysreq *r)
{
    yield();
    return 0;
}

int32_t sys_gettimeofday(struct sysreq *r)
{
    struct api_timeval tv;
    uint64_t us = clock_realtime_us() + (uint64_t)r->p->real_offset_us;
    tv.tv_sec = (int32_t)(us / 1000000);
    tv.tv_usec = (int32_t)(us % 1000000);
    if (r->buf[0])
        memcpy(r->buf[0], &tv, sizeof(tv));
    return 0;
}

int32_t sys_clock_gettime(struct sysreq *r)
{
    uint64_t us;
    // A process that moved keeps its clocks: they go on from where they
    // were on the node it came from (offsets set by ssi/arrive.c).
    if (r->arg[0] == CLOCK_REALTIME)
        us = clock_realtime_us() + (uint64_t)r->p->real_offset_us;
    else if (r->arg[0] == CLOCK_MONOTONIC)
        us = uptime_us() + (uint64_t)r->p->mono_offset_us;
    else
        return -EINVAL;
    struct api_timespec ts = { (int32_t)(us / 1000000), (int32_t)(us % 1000000) * 1000 };
    memcpy(r->buf[1], &ts, sizeof(ts));
    return 0;
}

int32_t sys_uname(struct sysreq *r)
{
    struct api_utsname *u = r->buf[0];
    memset(u, 0, sizeof(*u));
    strlcpy(u->sysname, KERNEL_NAME, UTSNAME_LEN);
    clock_nodename(u->nodename, UTSNAME_LEN);
    strlcpy(u->release, KERNEL_VERSION, UTSNAME_LEN);
    strlcpy(u->version, "#1 " __DATE__, UTSNAME_LEN);
    strlcpy(u->machine, "i686", UTSNAME_LEN);
    return 0;
}

int32_t sys_times(struct sysreq *r)
{
    struct proc *p = r->p;
    struct api_tms t = { (int32_t)p->uticks, (int32_t)p->sticks, (int32_t)p->cticks, 0 };
    memcpy(r->buf[0], &t, sizeof(t));
    return (int32_t)ticks();
}

int32_t sys_sigaction(struct sysreq *r)
{
    int sig = (int)r->arg[0];
    struct proc *p = r->p;
    if (sig <= 0 || sig >= NSIG)
        return -EINVAL;
    if (r->buf[2])
        memcpy(r->buf[2], &p->sigact[sig], sizeof(struct api_sigaction));
    if (r->buf[1]) {
        if (sig == SIGKILL || sig == SIGSTOP)
            return -EINVAL;
        memcpy(&p->sigact[sig], r->buf[1], sizeof(struct api_sigaction));
    }
    return 0;
}

int32_t sys_sigprocmask(struct sysreq *r)
{
    struct proc *p = r->p;
    if (r->buf[2])
        memcpy(r->buf[2], &p->sig_mask, 4);
    if (r->buf[1]) {
        uint32_t set;
        memcpy(&set, r->buf[1], 4);
        switch (r->arg[0]) {
        case SIG_BLOCK:   p->sig_mask |= set; break;
        case SIG_UNBLOCK: p->sig_mask &= ~set; break;
        case SIG_SETMASK: p->sig_mask = set; break;
        default:          return -EINVAL;
        }
        p->sig_mask &= ~((1u << SIGKILL) | (1u << SIGSTOP));
    }
    return 0;
}

int32_t sys_sigsuspend(struct sysreq *r)
{
    struct proc *p = r->p;
    uint32_t mask;
    memcpy(&mask, r->buf[0], 4);
    // Wait with mask in force until a signal comes that is not blocked by
    // it. The caller's own mask comes back on the way out to user mode
    // (signal_deliver, or the handler's sigreturn when a handler runs):
    // a stop or a move on the way runs the call again, from the mask the
    // caller had.
    uint32_t f = intr_save();
    p->suspend_old_mask = p->sig_mask;
    p->suspend_saved = true;
    p->sig_mask = mask & ~((1u << SIGKILL) | (1u << SIGSTOP));
    while (!signal_pending())
        sleep(&p->suspend_saved);
    intr_restore(f);
    return -EINTR;
}

int32_t sys_sigreturn(struct sysreq *r)
{
    return signal_return(r->tf);
}

int32_t sys_setpgid(struct sysreq *r)
{
    int pid = (int)r->arg[0], pgid = (int)r->arg[1];
    struct proc *me = r->p;
    struct proc *p = pid == 0 ? me : proc_find(pid);
    if (!p || (p != me && p->parent != me))
        return -ESRCH;
    if (pgid < 0)
        return -EINVAL;
    p->pgid = pgid == 0 ? p->pid : pgid;
    return 0;
}

int32_t sys_getpgrp(struct sysreq *r)
{
    return r->p->pgid;
}
