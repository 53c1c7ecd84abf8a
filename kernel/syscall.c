// The system call dispatcher (see syscall.h): fetch the arguments the
// table describes into kernel memory, run the handler (through the
// envelope for calls that run at home), copy results back.
#include "kernel/syscall.h"
#include "kernel/profile.h"
#include "kernel/envelope.h"
#include "kernel/proc.h"
#include "kernel/signal.h"
#include "kernel/api/syscall_nr.h"
#include "ssi/remote.h"
#include "kernel/param.h"
#include "kernel/api/errno.h"
#include "mm/kmalloc.h"
#include "mm/uvm.h"
#include <string.h>

struct syscall_stats syscall_stats;

static bool is_pointer(const struct argspec *a)
{
    return a->kind != ARG_NONE && a->kind != ARG_VAL;
}

// Bytes of pointer argument i: its fixed size, or the value of its length
// argument capped at SYSCALL_BUF_MAX (reads and writes then move less, as
// they may).
static uint32_t arg_length(const struct argspec *a, const struct sysreq *r)
{
    if (a->len < 0)
        return a->size;
    uint32_t n = r->arg[(int)a->len];
    return n > SYSCALL_BUF_MAX ? SYSCALL_BUF_MAX : n;
}

// Check that [va, va+n) is mapped for the access (breaking copy-on-write
// for writes), so that a call never consumes input it cannot deliver.
static int check_user(struct vmspace *vm, vaddr_t va, uint32_t n, bool write)
{
    if (va + n < va)
        return -EFAULT;
    for (vaddr_t page = va & ~(PAGE_SIZE - 1); n && page < va + n; page += PAGE_SIZE)
        if (!uvm_translate(vm, page < va ? va : page, write))
            return -EFAULT;
    return 0;
}

// Copy an argv-style array: a uint32 count, then the strings, each with
// its NUL, into one buffer.
static int fetch_strv(struct vmspace *vm, vaddr_t uarr, void **out, uint32_t *outlen)
{
    char *buf = kmalloc(4 + ARG_MAX);
    if (!buf)
        return -ENOMEM;
    uint32_t count = 0, used = 4;
    for (;; count++) {
        uint32_t uptr;
        if (copyin(vm, &uptr, uarr + count * 4, 4) != 0) {
            kfree(buf);
            return -EFAULT;
        }
        if (uptr == 0)
            break;
        if (count >= MAXARG) {
            kfree(buf);
            return -E2BIG;
        }
        int n = copyinstr(vm, buf + used, uptr, 4 + ARG_MAX - used);
        if (n < 0) {
            kfree(buf);
            return n == -ENAMETOOLONG ? -E2BIG : n;
        }
        used += (uint32_t)n + 1;
    }
    memcpy(buf, &count, 4);
    *out = buf;
    *outlen = used;
    return 0;
}

static void free_args(struct sysreq *r)
{
    for (int i = 0; i < SYSCALL_MAXARGS; i++) {
        kfree(r->buf[i]);
        r->buf[i] = NULL;
    }
}

// Fill r->buf from user memory as d says. 0 or -errno (buffers freed).
static int fetch_args(struct proc *p, const struct syscall_desc *d, struct sysreq *r)
{
    for (int i = 0; i < d->nargs; i++) {
        const struct argspec *a = &d->arg[i];
        if (!is_pointer(a))
            continue;
        vaddr_t u = r->arg[i];
        if (u == 0 && (a->flags & ARGF_NULLOK))
            continue;
        int err = 0;
        if (a->kind == ARG_STR) {
            char *s = kmalloc(PATH_MAX);
            if (!s) {
                err = -ENOMEM;
            } else {
                int n = copyinstr(p->vm, s, u, PATH_MAX);
                if (n < 0) {
                    kfree(s);
                    err = n;
                } else {
                    r->buf[i] = s;
                    r->len[i] = (uint32_t)n + 1;
                }
            }
        } else if (a->kind == ARG_STRV) {
            err = fetch_strv(p->vm, u, &r->buf[i], &r->len[i]);
        } else {
            uint32_t n = arg_length(a, r);
            if (a->sizefn) {
                int sz = a->sizefn(r->arg);
                if (sz < 0) {
                    free_args(r);
                    return sz;
                }
                n = (uint32_t)sz;
            }
            r->buf[i] = kmalloc(n ? n : 1);
            r->len[i] = n;
            if (!r->buf[i])
                err = -ENOMEM;
            else if (a->kind == ARG_IN || a->kind == ARG_INOUT)
                err = copyin(p->vm, r->buf[i], u, n);
            else {
                // An outgoing buffer starts zeroed, so that bytes a handler
                // leaves alone never carry old heap contents to the user.
                // A read-like one (ARGF_RETLEN) needs no zeroing: only the
                // first ret bytes, which the handler wrote, ever leave it;
                // and it is the large one (recvfrom's is 8 KiB for a
                // 64-byte datagram).
                if (!(a->flags & ARGF_RETLEN))
                    memset(r->buf[i], 0, n ? n : 1);
                err = check_user(p->vm, u, n, true);
            }
        }
        if (err) {
            if (err == -EFAULT)
                syscall_stats.faults++;
            free_args(r);
            return err;
        }
    }
    return 0;
}

// Copy the outgoing buffers back to user memory: after a call that
// succeeded, and after one that failed only those marked ARGF_ERRTOO (a
// failed call leaves the caller's memory as it was).
static int put_args(struct proc *p, const struct syscall_desc *d, struct sysreq *r)
{
    for (int i = 0; i < d->nargs; i++) {
        const struct argspec *a = &d->arg[i];
        if ((a->kind != ARG_OUT && a->kind != ARG_INOUT) || !r->buf[i])
            continue;
        if (r->ret < 0 && !(a->flags & ARGF_ERRTOO))
            continue;
        uint32_t n = r->len[i];
        if (a->flags & ARGF_RETLEN)
            n = r->ret <= 0 ? 0 : ((uint32_t)r->ret < n ? (uint32_t)r->ret : n);
        if (n && copyout(p->vm, r->arg[i], r->buf[i], n) != 0)
            return -EFAULT;
    }
    return 0;
}

static void *env_alloc(size_t n)
{
    return kmalloc(n);
}

// Run a home call the way the deputy will: pack the request, unpack it
// into a fresh record, run the handler on that, and carry the reply back.
// The record's incoming buffers point into the packed request (as the
// deputy's point into its message): the same checks, one copy less.
static int32_t run_enveloped(const struct syscall_desc *d, struct sysreq *r)
{
    size_t need = envelope_request_size(d, r), used;
    uint8_t *req = kmalloc(need);
    if (!req)
        return -ENOMEM;
    int32_t ret;
    struct sysreq home;
    uint64_t c0 = profile_thread_cycles();
    if (envelope_pack_request(d, r, req, need, &used) != ENV_OK ||
        envelope_unpack_request_borrowed(syscall_table, syscall_count, req, used,
                                         SYSCALL_BUF_MAX + 4 + ARG_MAX, &home, env_alloc,
                                         kfree) != ENV_OK) {
        kfree(req);
        return -ENOMEM;
    }
    home.tf = r->tf;
    home.p = r->p;
    profile_part(PROFILE_ENVELOPE, c0);
    home.ret = d->fn(&home);

    c0 = profile_thread_cycles();
    need = envelope_reply_size(d, &home);
    uint8_t *rep = kmalloc(need);
    if (!rep || envelope_pack_reply(d, &home, rep, need, &used) != ENV_OK ||
        envelope_unpack_reply(d, r, rep, used) != ENV_OK)
        ret = -ENOMEM;
    else
        ret = r->ret;
    kfree(rep);
    envelope_free_borrowed(d, &home, kfree);
    kfree(req);
    profile_part(PROFILE_ENVELOPE, c0);
    syscall_stats.enveloped++;
    return ret;
}

// A RUN_SPLIT call: a part where the process runs and a part at home.
// At home there is nothing to split. Away from home, exit (kernel/proc.c)
// and execve (kernel/sys_proc.c) call their away halves themselves, and
// fork is remote_fork (ssi/remote.c): the child's pid and deputy at home,
// its memory here.
static int32_t split_call(struct proc *p, const struct syscall_desc *d, struct sysreq *r)
{
    if (p->role == ROLE_GUEST && r->nr == SYS_fork)
        return remote_fork(p);
    return d->fn(r);
}

void syscall_dispatch(struct trapframe *tf)
{
    struct proc *p = myproc();
    uint32_t nr = tf->eax;
    syscall_stats.calls++;
    if (nr >= (uint32_t)syscall_count || !syscall_table[nr].fn) {
        tf->eax = (uint32_t)-ENOSYS;
        return;
    }
    const struct syscall_desc *d = &syscall_table[nr];
    struct sysreq r;
    memset(&r, 0, sizeof(r));
    r.nr = nr;
    r.arg[0] = tf->ebx;
    r.arg[1] = tf->ecx;
    r.arg[2] = tf->edx;
    r.arg[3] = tf->esi;
    r.arg[4] = tf->edi;
    r.arg[5] = tf->ebp;
    r.tf = tf;
    r.p = p;

    // A call that is not the one interrupted before forgets its restart state.
    if (p->restart_nr != nr)
        p->restart_nr = 0;
    uint64_t c0 = profile_thread_cycles();   // the profiler's: 0 when it is off
    int32_t ret = fetch_args(p, d, &r);
    profile_part(PROFILE_ARGS, c0);
    if (ret == 0) {
        if (d->where == RUN_SPLIT) {
            p->home_calls++;   // half of it runs at home (ssi/split.h)
            ret = split_call(p, d, &r);
        } else if (d->where == RUN_HOME) {
            p->home_calls++;   // what it would pay away from home (ssi/balance.h)
            ret = p->role == ROLE_GUEST ? remote_syscall(p, d, &r) : run_enveloped(d, &r);
        } else {
            ret = d->fn(&r);
        }
        if (ret == -EINTR && !(d->flags & SYSF_NORESTART) && !signal_interrupts(p)) {
            // Interrupted by a stop, an ignored signal or a migration, with
            // nothing done: run the call again when the process next returns
            // to user mode (int 0x80 is two bytes; the arguments are still in
            // their registers). A sleeping call left its state in restart_*.
            free_args(&r);
            tf->eip -= 2;
            tf->eax = nr;
            syscall_stats.restarts++;
            return;
        }
        p->restart_nr = 0;
        r.ret = ret;
        uint64_t c1 = profile_thread_cycles();
        if (put_args(p, d, &r) != 0 && ret >= 0) {
            syscall_stats.faults++;
            ret = -EFAULT;
        }
        profile_part(PROFILE_ARGS, c1);
    }
    free_args(&r);
    profile_syscall(nr, c0);
    tf->eax = (uint32_t)ret;
}
