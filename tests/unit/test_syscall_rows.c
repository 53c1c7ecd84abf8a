// Unit test of the real system call table (kernel/syscall_table.c) with
// the envelope (kernel/envelope.c): for EVERY row, a request with arguments
// of the shapes the row declares is packed as a remote node packs it,
// unpacked as the deputy at home unpacks it, "run", and its reply carried
// back; every byte must arrive, NULL pointers stay NULL where the row
// allows them, and every shorter copy of a request or reply is refused
// without a leak. The rows themselves are checked for consistency (a length
// argument is a value argument, flags only where they mean something).
// Every handler the table names is replaced here by one that returns 0:
// only the table's shapes are under test.
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "kernel/envelope.h"
#include "kernel/param.h"
#include "kernel/api/errno.h"

// What the deputy allows one buffer to be (kernel/syscall.c and ssi/deputy.c).
#define MAX_BUF (SYSCALL_BUF_MAX + 4 + ARG_MAX)

static int32_t fake(struct sysreq *r)
{
    (void)r;
    return 0;
}

// The handlers the table names.
int32_t sys_exit(struct sysreq *r) { return fake(r); }
int32_t sys_fork(struct sysreq *r) { return fake(r); }
int32_t sys_read(struct sysreq *r) { return fake(r); }
int32_t sys_write(struct sysreq *r) { return fake(r); }
int32_t sys_open(struct sysreq *r) { return fake(r); }
int32_t sys_close(struct sysreq *r) { return fake(r); }
int32_t sys_waitpid(struct sysreq *r) { return fake(r); }
int32_t sys_execve(struct sysreq *r) { return fake(r); }
int32_t sys_getpid(struct sysreq *r) { return fake(r); }
int32_t sys_getppid(struct sysreq *r) { return fake(r); }
int32_t sys_kill(struct sysreq *r) { return fake(r); }
int32_t sys_nanosleep(struct sysreq *r) { return fake(r); }
int32_t sys_brk(struct sysreq *r) { return fake(r); }
int32_t sys_gettimeofday(struct sysreq *r) { return fake(r); }
int32_t sys_uname(struct sysreq *r) { return fake(r); }
int32_t sys_sched_yield(struct sysreq *r) { return fake(r); }
int32_t sys_lseek(struct sysreq *r) { return fake(r); }
int32_t sys_stat(struct sysreq *r) { return fake(r); }
int32_t sys_fstat(struct sysreq *r) { return fake(r); }
int32_t sys_dup(struct sysreq *r) { return fake(r); }
int32_t sys_dup2(struct sysreq *r) { return fake(r); }
int32_t sys_pipe(struct sysreq *r) { return fake(r); }
int32_t sys_unlink(struct sysreq *r) { return fake(r); }
int32_t sys_mkdir(struct sysreq *r) { return fake(r); }
int32_t sys_rmdir(struct sysreq *r) { return fake(r); }
int32_t sys_getdents(struct sysreq *r) { return fake(r); }
int32_t sys_chdir(struct sysreq *r) { return fake(r); }
int32_t sys_getcwd(struct sysreq *r) { return fake(r); }
int32_t sys_sigaction(struct sysreq *r) { return fake(r); }
int32_t sys_sigprocmask(struct sysreq *r) { return fake(r); }
int32_t sys_sigreturn(struct sysreq *r) { return fake(r); }
int32_t sys_ioctl(struct sysreq *r) { return fake(r); }
int32_t sys_setpgid(struct sysreq *r) { return fake(r); }
int32_t sys_getpgrp(struct sysreq *r) { return fake(r); }
int32_t sys_utime(struct sysreq *r) { return fake(r); }
int32_t sys_chmod(struct sysreq *r) { return fake(r); }
int32_t sys_umask(struct sysreq *r) { return fake(r); }
int32_t sys_fchmod(struct sysreq *r) { return fake(r); }
int32_t sys_sigsuspend(struct sysreq *r) { return fake(r); }
int32_t sys_times(struct sysreq *r) { return fake(r); }
int32_t sys_rename(struct sysreq *r) { return fake(r); }
int32_t sys_clock_gettime(struct sysreq *r) { return fake(r); }
int32_t sys_fcntl(struct sysreq *r) { return fake(r); }
int32_t sys_socket(struct sysreq *r) { return fake(r); }
int32_t sys_bind(struct sysreq *r) { return fake(r); }
int32_t sys_sendto(struct sysreq *r) { return fake(r); }
int32_t sys_recvfrom(struct sysreq *r) { return fake(r); }
int32_t sys_setsockopt(struct sysreq *r) { return fake(r); }
int32_t sys_icmp_echo(struct sysreq *r) { return fake(r); }

// ioctl's argument size depends on its request (kernel/fs/file.c); here a
// made-up rule gives varied sizes, and request 0 is one nobody knows.
int ioctl_arg_size(const uint32_t *args)
{
    return args[1] == 0 ? -EINVAL : (int)(args[1] % 97);
}

static int allocs;
static void *env_alloc(size_t n) { allocs++; return malloc(n); }
static void env_release(void *p) { allocs--; free(p); }

static uint32_t rng = 12345;
static uint32_t rnd(void)
{
    rng = rng * 1103515245u + 12345u;
    return rng >> 8;
}

static bool is_pointer(const struct argspec *a)
{
    return a->kind != ARG_NONE && a->kind != ARG_VAL;
}

static bool carries_out(const struct argspec *a)
{
    return a->kind == ARG_OUT || a->kind == ARG_INOUT;
}

// Is argument i of d the length of some pointer argument?
static bool is_length(const struct syscall_desc *d, int i)
{
    for (int k = 0; k < d->nargs; k++)
        if (is_pointer(&d->arg[k]) && d->arg[k].len == i)
            return true;
    return false;
}

// A string list: count, then count NUL-terminated strings.
static void *make_strv(uint32_t *len)
{
    uint32_t count = rnd() % 5, n = 4;
    uint8_t *b = malloc(4 + 5 * 40);
    memcpy(b, &count, 4);
    for (uint32_t k = 0; k < count; k++) {
        uint32_t sl = rnd() % 39;
        for (uint32_t j = 0; j < sl; j++)
            b[n++] = (uint8_t)('a' + rnd() % 26);
        b[n++] = 0;
    }
    *len = n;
    return b;
}

// Fill r as the dispatcher does for a process calling row nr: argument
// values, and a kernel copy of each pointer argument of the size the row
// gives it. with_null: pointers the row allows to be NULL are NULL.
static void make_request(const struct syscall_desc *d, uint32_t nr, bool with_null,
                         struct sysreq *r)
{
    memset(r, 0, sizeof(*r));
    r->nr = nr;
    for (int i = 0; i < SYSCALL_MAXARGS; i++)
        r->arg[i] = rnd();
    for (int i = 0; i < d->nargs; i++)
        if (is_length(d, i))
            r->arg[i] = 1 + rnd() % 300;
    if (d->arg[2].sizefn)
        r->arg[1] = 1 + rnd() % 200;   // a request ioctl_arg_size knows
    for (int i = 0; i < d->nargs; i++) {
        const struct argspec *a = &d->arg[i];
        if (!is_pointer(a))
            continue;
        if (with_null && (a->flags & ARGF_NULLOK)) {
            r->arg[i] = 0;
            continue;
        }
        r->arg[i] = 0xB0000000u + (uint32_t)i * 0x1000;   // a user address
        uint32_t n;
        uint8_t *b;
        if (a->kind == ARG_STR) {
            n = 1 + rnd() % 60;
            b = malloc(n);
            for (uint32_t j = 0; j + 1 < n; j++)
                b[j] = (uint8_t)('A' + rnd() % 26);
            b[n - 1] = 0;
        } else if (a->kind == ARG_STRV) {
            b = make_strv(&n);
        } else {
            n = a->sizefn ? (uint32_t)a->sizefn(r->arg) : a->len >= 0 ? r->arg[a->len] : a->size;
            b = malloc(n ? n : 1);
            for (uint32_t j = 0; j < n; j++)
                b[j] = a->kind == ARG_OUT ? 0 : (uint8_t)rnd();
        }
        r->buf[i] = b;
        r->len[i] = n;
    }
}

static void free_mine(struct sysreq *r)
{
    for (int i = 0; i < SYSCALL_MAXARGS; i++)
        free(r->buf[i]);
}

static void free_unpacked(struct sysreq *r)
{
    for (int i = 0; i < SYSCALL_MAXARGS; i++)
        if (r->buf[i])
            env_release(r->buf[i]);
}

// The rows are consistent: what the envelope and the dispatcher assume.
static void test_every_row_is_well_formed(void **state)
{
    int rows = 0;
    for (int nr = 0; nr < syscall_count; nr++) {
        const struct syscall_desc *d = &syscall_table[nr];
        if (!d->fn)
            continue;
        rows++;
        assert_non_null(d->name);
        assert_true(d->nargs <= SYSCALL_MAXARGS);
        assert_true(d->where == RUN_LOCAL || d->where == RUN_HOME || d->where == RUN_SPLIT);
        for (int i = 0; i < SYSCALL_MAXARGS; i++) {
            const struct argspec *a = &d->arg[i];
            if (i >= d->nargs) {
                assert_int_equal(a->kind, ARG_NONE);
                continue;
            }
            assert_true(a->kind >= ARG_VAL && a->kind <= ARG_STRV);
            if (a->len >= 0) {
                // A length argument is a value argument of the same call.
                assert_true(a->len < d->nargs);
                assert_int_equal(d->arg[a->len].kind, ARG_VAL);
                assert_true(a->kind == ARG_IN || a->kind == ARG_OUT);
            }
            if (a->kind == ARG_IN || a->kind == ARG_OUT || a->kind == ARG_INOUT)
                assert_true(a->len >= 0 || a->size > 0 || a->sizefn);   // some size
            if (a->kind == ARG_INOUT)
                assert_true(a->len < 0);                // fixed size only
            if (a->flags & (ARGF_RETLEN | ARGF_ERRTOO))
                assert_int_equal(a->kind, ARG_OUT);
            if (a->flags & ARGF_RETLEN)
                assert_true(a->len >= 0);               // read-like: sized by an argument
            if (a->flags & ARGF_NULLOK)
                assert_true(is_pointer(a));
        }
    }
    assert_true(rows >= 40);   // the whole table, not a few rows
}

// One round trip of a request of row nr and its reply, with the call's
// result ret. Checks every byte both ways.
static void roundtrip(uint32_t nr, bool with_null, int32_t ret)
{
    const struct syscall_desc *d = &syscall_table[nr];
    struct sysreq r;
    make_request(d, nr, with_null, &r);

    // Remote node: pack the request.
    size_t need = envelope_request_size(d, &r), used;
    uint8_t *req = malloc(need);
    assert_int_equal(envelope_pack_request(d, &r, req, need, &used), ENV_OK);
    assert_int_equal(used, need);

    // Home: every shorter copy is refused, leaving nothing allocated.
    struct sysreq h;
    for (size_t cut = 0; cut < used; cut++) {
        assert_int_not_equal(envelope_unpack_request(syscall_table, syscall_count, req, cut,
                                                     MAX_BUF, &h, env_alloc, env_release),
                             ENV_OK);
        assert_int_equal(allocs, 0);
    }
    // The kernel's local calls borrow the incoming bytes where they lie in
    // the request: the same checks (every shorter copy refused, nothing
    // left allocated), incoming buffers inside req, outgoing ones allocated.
    struct sysreq b;
    for (size_t cut = 0; cut < used; cut++) {
        assert_int_not_equal(envelope_unpack_request_borrowed(syscall_table, syscall_count, req,
                                                              cut, MAX_BUF, &b, env_alloc,
                                                              env_release),
                             ENV_OK);
        assert_int_equal(allocs, 0);
    }
    assert_int_equal(envelope_unpack_request_borrowed(syscall_table, syscall_count, req, used,
                                                      MAX_BUF, &b, env_alloc, env_release),
                     ENV_OK);
    for (int i = 0; i < d->nargs; i++) {
        if (!is_pointer(&d->arg[i]) || !b.buf[i])
            continue;
        bool inside = (uint8_t *)b.buf[i] >= req && (uint8_t *)b.buf[i] + b.len[i] <= req + used;
        assert_true(inside == (d->arg[i].kind != ARG_OUT));
        if (d->arg[i].kind != ARG_OUT)
            assert_memory_equal(b.buf[i], r.buf[i], r.len[i]);
    }
    envelope_free_borrowed(d, &b, env_release);
    assert_int_equal(allocs, 0);

    assert_int_equal(envelope_unpack_request(syscall_table, syscall_count, req, used, MAX_BUF,
                                             &h, env_alloc, env_release), ENV_OK);
    free(req);
    assert_int_equal(h.nr, nr);
    assert_memory_equal(h.arg, r.arg, sizeof(r.arg));
    for (int i = 0; i < SYSCALL_MAXARGS; i++) {
        const struct argspec *a = &d->arg[i];
        if (i >= d->nargs || !is_pointer(a) || !r.buf[i]) {
            assert_null(h.buf[i]);
            continue;
        }
        assert_non_null(h.buf[i]);
        assert_int_equal(h.len[i], r.len[i]);
        if (a->kind != ARG_OUT)
            assert_memory_equal(h.buf[i], r.buf[i], r.len[i]);
        else if (!(a->flags & ARGF_RETLEN))
            for (uint32_t j = 0; j < h.len[i]; j++)
                assert_int_equal(((uint8_t *)h.buf[i])[j], 0);   // nothing of home's old memory
        // (A read-like buffer is not zeroed: only the ret bytes the call
        // wrote travel back, which the reply checks below.)
    }

    // Home runs the call: it writes its outgoing buffers and a result.
    h.ret = ret;
    for (int i = 0; i < d->nargs; i++)
        if (carries_out(&d->arg[i]) && h.buf[i])
            for (uint32_t j = 0; j < h.len[i]; j++)
                ((uint8_t *)h.buf[i])[j] = (uint8_t)rnd();
    if (ret > 0)
        for (int i = 0; i < d->nargs; i++)
            if ((d->arg[i].flags & ARGF_RETLEN) && h.buf[i])
                h.ret = (int32_t)(1 + (uint32_t)ret % h.len[i]);   // read-like: at most len
    need = envelope_reply_size(d, &h);
    assert_true(need <= envelope_reply_max(d, &r));   // the remote has room for it
    uint8_t *rep = malloc(need);
    assert_int_equal(envelope_pack_reply(d, &h, rep, need, &used), ENV_OK);
    assert_int_equal(used, need);

    // Remote: every shorter copy is refused; the whole one fills r.
    for (size_t cut = 0; cut < used; cut++)
        assert_int_not_equal(envelope_unpack_reply(d, &r, rep, cut), ENV_OK);
    assert_int_equal(envelope_unpack_reply(d, &r, rep, used), ENV_OK);
    free(rep);
    assert_int_equal(r.ret, h.ret);
    for (int i = 0; i < d->nargs; i++) {
        const struct argspec *a = &d->arg[i];
        if (!carries_out(a) || !h.buf[i])
            continue;
        uint32_t n = h.len[i];
        if (a->flags & ARGF_RETLEN)
            n = h.ret <= 0 ? 0 : (uint32_t)h.ret;
        assert_memory_equal(r.buf[i], h.buf[i], n);
    }
    free_unpacked(&h);
    free_mine(&r);
    assert_int_equal(allocs, 0);
}

static void test_every_row_round_trips(void **state)
{
    for (int round = 0; round < 8; round++) {
        for (int nr = 0; nr < syscall_count; nr++) {
            if (!syscall_table[nr].fn)
                continue;
            roundtrip((uint32_t)nr, false, (int32_t)(rnd() % 1000));   // success
            roundtrip((uint32_t)nr, false, -EINTR);                    // failure
            roundtrip((uint32_t)nr, true, (int32_t)(rnd() % 1000));    // NULL where allowed
        }
    }
}

// A NULL pointer where the row does not allow one is refused at home.
static void test_null_where_not_allowed_is_refused(void **state)
{
    int checked = 0;
    for (int nr = 0; nr < syscall_count; nr++) {
        const struct syscall_desc *d = &syscall_table[nr];
        if (!d->fn)
            continue;
        for (int i = 0; i < d->nargs; i++) {
            const struct argspec *a = &d->arg[i];
            if (!is_pointer(a) || (a->flags & ARGF_NULLOK))
                continue;
            struct sysreq r, h;
            make_request(d, (uint32_t)nr, false, &r);
            free(r.buf[i]);
            r.buf[i] = NULL;   // packed as a NULL pointer
            size_t need = envelope_request_size(d, &r), used;
            uint8_t *req = malloc(need);
            assert_int_equal(envelope_pack_request(d, &r, req, need, &used), ENV_OK);
            assert_int_equal(envelope_unpack_request(syscall_table, syscall_count, req, used,
                                                     MAX_BUF, &h, env_alloc, env_release),
                             ENV_ELEN);
            assert_int_equal(allocs, 0);
            free(req);
            free_mine(&r);
            checked++;
        }
    }
    assert_true(checked >= 20);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_row_is_well_formed),
        cmocka_unit_test(test_every_row_round_trips),
        cmocka_unit_test(test_null_where_not_allowed_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
