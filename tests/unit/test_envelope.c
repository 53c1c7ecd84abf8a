// Unit tests of the envelope (kernel/envelope.c): system call requests and
// replies packed into bytes and rebuilt, as a remote node and the deputy on
// the home node do.
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "kernel/envelope.h"

static int32_t fake(struct sysreq *r) { return 0; }

// A small table shaped like the real one: read, write, open, stat, waitpid,
// execve-like and sigaction-like rows.
enum { T_READ = 1, T_WRITE, T_OPEN, T_STAT, T_WAIT, T_EXEC, T_SIGACT, T_COUNT };
static const struct syscall_desc table[T_COUNT] = {
    [T_READ]   = { "read", fake, 3, RUN_HOME, { { ARG_VAL, 0, -1, 0, 0 }, { ARG_OUT, ARGF_RETLEN, 2, 0, 0 }, { ARG_VAL, 0, -1, 0, 0 } } },
    [T_WRITE]  = { "write", fake, 3, RUN_HOME, { { ARG_VAL, 0, -1, 0, 0 }, { ARG_IN, 0, 2, 0, 0 }, { ARG_VAL, 0, -1, 0, 0 } } },
    [T_OPEN]   = { "open", fake, 3, RUN_HOME, { { ARG_STR, 0, -1, 0, 0 }, { ARG_VAL, 0, -1, 0, 0 }, { ARG_VAL, 0, -1, 0, 0 } } },
    [T_STAT]   = { "stat", fake, 2, RUN_HOME, { { ARG_STR, 0, -1, 0, 0 }, { ARG_OUT, 0, -1, 52, 0 } } },
    [T_WAIT]   = { "waitpid", fake, 3, RUN_HOME, { { ARG_VAL, 0, -1, 0, 0 }, { ARG_OUT, ARGF_NULLOK, -1, 4, 0 }, { ARG_VAL, 0, -1, 0, 0 } } },
    [T_EXEC]   = { "execve", fake, 3, RUN_HOME, { { ARG_STR, 0, -1, 0, 0 }, { ARG_STRV, 0, -1, 0, 0 }, { ARG_STRV, 0, -1, 0, 0 } } },
    [T_SIGACT] = { "sigaction", fake, 3, RUN_LOCAL, { { ARG_VAL, 0, -1, 0, 0 }, { ARG_IN, ARGF_NULLOK, -1, 16, 0 }, { ARG_OUT, ARGF_NULLOK, -1, 16, 0 } } },
};

#define MAXBUF 4096

static int allocs;
static void *env_alloc(size_t n) { allocs++; return malloc(n); }
static void env_release(void *p) { allocs--; free(p); }

static void free_req(struct sysreq *r)
{
    for (int i = 0; i < SYSCALL_MAXARGS; i++)
        if (r->buf[i])
            env_release(r->buf[i]);
}

// Pack r, unpack it into out; returns the unpack result.
static int roundtrip(struct sysreq *r, struct sysreq *out, uint8_t *bytes, size_t *used)
{
    const struct syscall_desc *d = &table[r->nr];
    size_t need = envelope_request_size(d, r);
    assert_true(need <= 65536);
    assert_int_equal(envelope_pack_request(d, r, bytes, need, used), ENV_OK);
    assert_int_equal(*used, need);
    return envelope_unpack_request(table, T_COUNT, bytes, *used, MAXBUF, out, env_alloc, env_release);
}

static void test_write_request_roundtrip(void **state)
{
    char data[100];
    for (int i = 0; i < 100; i++)
        data[i] = (char)i;
    struct sysreq r = { .nr = T_WRITE, .arg = { 1, 0xBFFF0000, 100 } };
    r.buf[1] = data;
    r.len[1] = 100;
    uint8_t bytes[1024];
    size_t used;
    struct sysreq h;
    assert_int_equal(roundtrip(&r, &h, bytes, &used), ENV_OK);
    assert_int_equal(h.nr, T_WRITE);
    assert_int_equal(h.arg[0], 1);
    assert_int_equal(h.arg[2], 100);
    assert_int_equal(h.len[1], 100);
    assert_memory_equal(h.buf[1], data, 100);
    assert_null(h.buf[0]);
    free_req(&h);
    assert_int_equal(allocs, 0);
}

// Home's side of a read of 64 bytes that returned 5 ('x' each): the
// request record, packed into bytes (*used of them).
static char home_buf[64];
static struct sysreq read_answered(uint8_t *bytes, size_t cap, size_t *used)
{
    memset(home_buf, 'x', sizeof(home_buf));
    struct sysreq home = { .nr = T_READ, .arg = { 0, 0, 64 }, .ret = 5 };
    home.buf[1] = home_buf;
    home.len[1] = 64;
    assert_int_equal(envelope_reply_size(&table[T_READ], &home), 8 + 4 + 5);
    assert_int_equal(envelope_pack_reply(&table[T_READ], &home, bytes, cap, used), ENV_OK);
    return home;
}

// The caller's side: a record with a 64-byte read buffer.
static struct sysreq read_waiting(char *local_buf)
{
    struct sysreq local = { .nr = T_READ };
    local.buf[1] = local_buf;
    local.len[1] = 64;
    return local;
}

static void test_read_reply_carries_only_ret_bytes(void **state)
{
    char local_buf[64];
    memset(local_buf, 0, sizeof(local_buf));
    const struct syscall_desc *d = &table[T_READ];
    uint8_t bytes[256];
    size_t used;
    struct sysreq home = read_answered(bytes, sizeof(bytes), &used);
    struct sysreq local = read_waiting(local_buf);
    assert_int_equal(envelope_unpack_reply(d, &local, bytes, used), ENV_OK);
    assert_int_equal(local.ret, 5);
    assert_memory_equal(local_buf, "xxxxx", 5);
    assert_int_equal(local_buf[5], 0);
    // An error moves no bytes.
    home.ret = -9;
    assert_int_equal(envelope_reply_size(d, &home), 12);
    // The room a caller needs before it knows the result: the whole buffer.
    struct sysreq before = { .nr = T_READ, .arg = { 0, 0, 64 }, .ret = 0 };
    before.buf[1] = local_buf;
    before.len[1] = 64;
    assert_int_equal(envelope_reply_max(d, &before), 8 + 4 + 64);
    for (int ret = -5; ret <= 64; ret++) {
        home.ret = ret;
        assert_true(envelope_reply_size(d, &home) <= envelope_reply_max(d, &before));
    }
}

static void test_reply_larger_than_buffer_rejected(void **state)
{
    char big[64] = { 0 }, small[8];
    struct sysreq home = { .nr = T_STAT, .ret = 0 };
    home.buf[1] = big;
    home.len[1] = 52;
    uint8_t bytes[256];
    size_t used;
    assert_int_equal(envelope_pack_reply(&table[T_STAT], &home, bytes, sizeof(bytes), &used), ENV_OK);
    struct sysreq local = { .nr = T_STAT };
    local.buf[1] = small;
    local.len[1] = 8;   // a lying reply must never write past this
    assert_int_equal(envelope_unpack_reply(&table[T_STAT], &local, bytes, used), ENV_ELEN);
}

// The caller's read buffer is not zeroed and its first ret bytes go to
// the user: a reply whose ret promises more bytes than it carries (or
// fewer) must be refused, or old kernel bytes would reach the user.
static void test_read_reply_ret_must_match_its_bytes(void **state)
{
    char local_buf[64];
    const struct syscall_desc *d = &table[T_READ];
    uint8_t bytes[256];
    size_t used;
    read_answered(bytes, sizeof(bytes), &used);
    struct sysreq local = read_waiting(local_buf);
    for (int ret = -1; ret <= 64; ret++) {
        bytes[4] = (uint8_t)ret;   // the ret word, little-endian
        memset(bytes + 5, ret < 0 ? 0xFF : 0, 3);
        assert_int_equal(envelope_unpack_reply(d, &local, bytes, used),
                         ret == 5 ? ENV_OK : ENV_ELEN);
    }
}

static void test_null_pointer_travels_as_null(void **state)
{
    struct sysreq r = { .nr = T_SIGACT, .arg = { 15, 0, 0 } };
    uint8_t bytes[256];
    size_t used;
    struct sysreq h;
    assert_int_equal(roundtrip(&r, &h, bytes, &used), ENV_OK);
    assert_null(h.buf[1]);
    assert_null(h.buf[2]);
    // A NULL where the table does not allow one is refused.
    struct sysreq w = { .nr = T_STAT };
    char path[] = "/x";
    w.buf[0] = path;
    w.len[0] = 3;
    assert_int_equal(roundtrip(&w, &h, bytes, &used), ENV_ELEN);
    assert_int_equal(allocs, 0);
}

static void test_strings_and_string_lists(void **state)
{
    char path[] = "/bin/echo";
    char argv[] = "\x02\x00\x00\x00" "echo\0hi";
    struct sysreq r = { .nr = T_EXEC };
    r.buf[0] = path;
    r.len[0] = sizeof(path);
    r.buf[1] = argv;
    r.len[1] = sizeof(argv);
    r.buf[2] = argv;
    r.len[2] = sizeof(argv);
    uint8_t bytes[256];
    size_t used;
    struct sysreq h;
    assert_int_equal(roundtrip(&r, &h, bytes, &used), ENV_OK);
    assert_string_equal(h.buf[0], "/bin/echo");
    assert_memory_equal(h.buf[1], argv, sizeof(argv));
    free_req(&h);
    assert_int_equal(allocs, 0);
}

static void test_string_without_nul_rejected(void **state)
{
    char path[4] = { 'a', 'b', 'c', 'd' };
    struct sysreq r = { .nr = T_OPEN };
    r.buf[0] = path;
    r.len[0] = 4;
    uint8_t bytes[256];
    size_t used;
    struct sysreq h;
    assert_int_equal(roundtrip(&r, &h, bytes, &used), ENV_ELEN);
    assert_int_equal(allocs, 0);
}

static void test_fixed_size_must_match(void **state)
{
    char path[] = "/x";
    char st[52];
    struct sysreq r = { .nr = T_STAT };
    r.buf[0] = path;
    r.len[0] = 3;
    r.buf[1] = st;
    r.len[1] = 51;   // not the struct's size
    uint8_t bytes[256];
    size_t used;
    struct sysreq h;
    assert_int_equal(roundtrip(&r, &h, bytes, &used), ENV_ELEN);
    r.len[1] = 52;
    assert_int_equal(roundtrip(&r, &h, bytes, &used), ENV_OK);
    assert_int_equal(h.len[1], 52);
    free_req(&h);
}

static void test_every_truncation_fails_cleanly(void **state)
{
    char data[40] = "some bytes to write through the envelope";
    struct sysreq r = { .nr = T_WRITE, .arg = { 3, 0, 40 } };
    r.buf[1] = data;
    r.len[1] = 40;
    uint8_t bytes[256];
    size_t used;
    assert_int_equal(envelope_pack_request(&table[T_WRITE], &r, bytes, sizeof(bytes), &used), ENV_OK);
    for (size_t n = 0; n < used; n++) {
        struct sysreq h;
        int res = envelope_unpack_request(table, T_COUNT, bytes, n, MAXBUF, &h, env_alloc, env_release);
        assert_true(res == ENV_ETRUNC);
        assert_int_equal(allocs, 0);
    }
    struct sysreq h;
    bytes[used] = 0;   // one byte too many
    assert_int_equal(envelope_unpack_request(table, T_COUNT, bytes, used + 1, MAXBUF, &h,
                                             env_alloc, env_release), ENV_ETRAIL);
    assert_int_equal(allocs, 0);
    // The pack side: every too-small buffer is refused.
    for (size_t cap = 0; cap < used; cap++)
        assert_int_equal(envelope_pack_request(&table[T_WRITE], &r, bytes, cap, &used), ENV_ENOSPC);
}

static void test_bad_magic_number_and_length(void **state)
{
    uint8_t bytes[64] = { 'X', 'N', 'V', '1' };
    struct sysreq h;
    assert_int_equal(envelope_unpack_request(table, T_COUNT, bytes, 40, MAXBUF, &h, env_alloc, env_release), ENV_EMAGIC);
    struct sysreq r = { .nr = T_WRITE, .arg = { 1, 0, 10 } };
    char d[10] = { 0 };
    r.buf[1] = d;
    r.len[1] = 10;
    size_t used;
    envelope_pack_request(&table[T_WRITE], &r, bytes, sizeof(bytes), &used);
    bytes[4] = 99;   // no such call
    assert_int_equal(envelope_unpack_request(table, T_COUNT, bytes, used, MAXBUF, &h, env_alloc, env_release), ENV_ENOSYS);
    bytes[4] = 0;    // slot 0 of the table is empty
    assert_int_equal(envelope_unpack_request(table, T_COUNT, bytes, used, MAXBUF, &h, env_alloc, env_release), ENV_ENOSYS);
    // A length beyond what the node accepts for one buffer.
    char big[MAXBUF + 1];
    r.buf[1] = big;
    r.len[1] = sizeof(big);
    uint8_t *b2 = malloc(MAXBUF + 256);
    envelope_pack_request(&table[T_WRITE], &r, b2, MAXBUF + 256, &used);
    assert_int_equal(envelope_unpack_request(table, T_COUNT, b2, used, MAXBUF, &h, env_alloc, env_release), ENV_ELEN);
    free(b2);
    assert_int_equal(allocs, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_write_request_roundtrip),
        cmocka_unit_test(test_read_reply_carries_only_ret_bytes),
        cmocka_unit_test(test_reply_larger_than_buffer_rejected),
        cmocka_unit_test(test_read_reply_ret_must_match_its_bytes),
        cmocka_unit_test(test_null_pointer_travels_as_null),
        cmocka_unit_test(test_strings_and_string_lists),
        cmocka_unit_test(test_string_without_nul_rejected),
        cmocka_unit_test(test_fixed_size_must_match),
        cmocka_unit_test(test_every_truncation_fails_cleanly),
        cmocka_unit_test(test_bad_magic_number_and_length),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
