// Unit tests of the decoders of migration, deputy and remote messages
// (ssi/mig_proto.c): what a well-formed message gives, and that every
// shorter or longer copy, unknown op and malformed field is refused.
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ssi/mig_proto.h"
#include "kernel/api/types.h"
#include "kernel/param.h"

static uint8_t buf[4096];

// A message: the fixed part h (n bytes), then extra (m bytes). Its length.
static uint32_t msg(const void *h, size_t n, const void *extra, size_t m)
{
    memcpy(buf, h, n);
    if (m)
        memcpy(buf + n, extra, m);
    return (uint32_t)(n + m);
}

static void test_mig_requests(void **state)
{
    struct mig_msg h = { .op = MIG_PAGES, .xfer = 7, .pid = 100005 }, m;
    uint8_t batch[100] = { 1, 2, 3 };
    const uint8_t *rest;
    uint32_t rlen, len = msg(&h, sizeof(h), batch, sizeof(batch));
    assert_true(mig_msg_parse(buf, len, &m, &rest, &rlen));
    assert_int_equal(m.xfer, 7);
    assert_int_equal(m.pid, 100005);
    assert_ptr_equal(rest, buf + sizeof(h));
    assert_int_equal(rlen, sizeof(batch));
    for (uint32_t cut = 0; cut <= sizeof(h); cut++)
        assert_false(mig_msg_parse(buf, cut, &m, &rest, &rlen));   // nothing after: no batch

    // DONE, GO and ABORT carry nothing; one byte more is refused.
    uint8_t ops[] = { MIG_DONE, MIG_GO, MIG_ABORT };
    for (size_t i = 0; i < sizeof(ops); i++) {
        h.op = ops[i];
        assert_true(mig_msg_parse(buf, msg(&h, sizeof(h), NULL, 0), &m, NULL, NULL));
        assert_int_equal(m.op, ops[i]);
        assert_false(mig_msg_parse(buf, msg(&h, sizeof(h), "x", 1), &m, NULL, NULL));
    }
    for (int op = 0; op < 256; op++) {
        if (op >= MIG_BEGIN && op <= MIG_ABORT)
            continue;
        h.op = (uint8_t)op;
        assert_false(mig_msg_parse(buf, msg(&h, sizeof(h), batch, 10), &m, NULL, NULL));
        assert_false(mig_msg_parse(buf, msg(&h, sizeof(h), NULL, 0), &m, NULL, NULL));
    }
}

// A DEP_EXEC_* request for path (given with its NUL or not: n bytes).
static uint32_t exec_msg(uint8_t op, const char *path, size_t n)
{
    struct dep_msg h = { .op = op, .pid = 100009, .seq = 3 };
    uint8_t extra[PATH_MAX + 64];
    struct dep_exec e = { 4096 };
    memcpy(extra, &e, sizeof(e));
    memcpy(extra + sizeof(e), path, n);
    return msg(&h, sizeof(h), extra, sizeof(e) + n);
}

static void test_dep_requests(void **state)
{
    struct dep_msg h = { .op = DEP_CALL, .pid = 100009, .seq = 42 }, m;
    const uint8_t *rest;
    uint32_t rlen;
    uint8_t env[64] = { 'E', 'N', 'V', '1' };
    assert_true(dep_msg_parse(buf, msg(&h, sizeof(h), env, sizeof(env)), &m, &rest, &rlen));
    assert_int_equal(m.seq, 42);
    assert_int_equal(m.pid, 100009);
    assert_int_equal(rlen, sizeof(env));
    assert_false(dep_msg_parse(buf, msg(&h, sizeof(h), NULL, 0), &m, &rest, &rlen));
    for (uint32_t cut = 0; cut < sizeof(h); cut++)
        assert_false(dep_msg_parse(buf, cut, &m, &rest, &rlen));

    // Exact sizes: CANCEL, FORK, FORGET none; EXIT a dep_exit; RESULT a mig_reply.
    uint8_t none[] = { DEP_CANCEL, DEP_FORK, DEP_FORGET };
    for (size_t i = 0; i < sizeof(none); i++) {
        h.op = none[i];
        assert_true(dep_msg_parse(buf, msg(&h, sizeof(h), NULL, 0), &m, NULL, NULL));
        assert_false(dep_msg_parse(buf, msg(&h, sizeof(h), "x", 1), &m, NULL, NULL));
    }
    struct dep_moved mv = { 3, 17 };
    h.op = DEP_MOVED;
    assert_true(dep_msg_parse(buf, msg(&h, sizeof(h), &mv, sizeof(mv)), &m, &rest, &rlen));
    assert_int_equal(rlen, sizeof(mv));
    assert_false(dep_msg_parse(buf, msg(&h, sizeof(h), &mv, sizeof(mv) - 1), &m, NULL, NULL));
    assert_false(dep_msg_parse(buf, msg(&h, sizeof(h), NULL, 0), &m, NULL, NULL));
    struct dep_stop st = { SIGSTOP };
    h.op = DEP_STOP;
    assert_true(dep_msg_parse(buf, msg(&h, sizeof(h), &st, sizeof(st)), &m, &rest, &rlen));
    assert_int_equal(rlen, sizeof(st));
    st.sig = 0;   // it runs again
    assert_true(dep_msg_parse(buf, msg(&h, sizeof(h), &st, sizeof(st)), &m, &rest, &rlen));
    st.sig = NSIG;
    assert_false(dep_msg_parse(buf, msg(&h, sizeof(h), &st, sizeof(st)), &m, NULL, NULL));
    st.sig = 0xffffffffu;
    assert_false(dep_msg_parse(buf, msg(&h, sizeof(h), &st, sizeof(st)), &m, NULL, NULL));
    st.sig = SIGTSTP;
    assert_false(dep_msg_parse(buf, msg(&h, sizeof(h), &st, sizeof(st) - 1), &m, NULL, NULL));
    assert_false(dep_msg_parse(buf, msg(&h, sizeof(h), NULL, 0), &m, NULL, NULL));
    struct dep_exit ex = { 9, 1000, 2000 };
    h.op = DEP_EXIT;
    assert_true(dep_msg_parse(buf, msg(&h, sizeof(h), &ex, sizeof(ex)), &m, &rest, &rlen));
    assert_int_equal(rlen, sizeof(ex));
    assert_false(dep_msg_parse(buf, msg(&h, sizeof(h), &ex, sizeof(ex) - 1), &m, NULL, NULL));
    uint8_t exlong[sizeof(ex) + 1] = { 0 };
    memcpy(exlong, &ex, sizeof(ex));
    assert_false(dep_msg_parse(buf, msg(&h, sizeof(h), exlong, sizeof(exlong)), &m, NULL, NULL));
    assert_false(dep_msg_parse(buf, msg(&h, sizeof(h), NULL, 0), &m, NULL, NULL));
    struct mig_reply r;
    memset(&r, 'a', sizeof(r));
    r.status = -11;
    r.reason[5] = '\0';
    h.op = DEP_RESULT;
    assert_true(dep_msg_parse(buf, msg(&h, sizeof(h), &r, sizeof(r)), &m, &rest, &rlen));
    assert_false(dep_msg_parse(buf, msg(&h, sizeof(h), &r, sizeof(r) - 1), &m, NULL, NULL));
    memset(r.reason, 'a', sizeof(r.reason));   // a reason without its NUL
    assert_false(dep_msg_parse(buf, msg(&h, sizeof(h), &r, sizeof(r)), &m, NULL, NULL));

    // EXEC_*: a path that ends in its only NUL, shorter than PATH_MAX.
    for (uint8_t op = DEP_EXEC_READ; op <= DEP_EXEC_DONE; op++) {
        uint32_t len = exec_msg(op, "/bin/ls", 8);
        assert_true(dep_msg_parse(buf, len, &m, &rest, &rlen));
        assert_string_equal((const char *)rest + sizeof(struct dep_exec), "/bin/ls");
        for (uint32_t cut = 0; cut < len; cut++)
            assert_false(dep_msg_parse(buf, cut, &m, NULL, NULL));
        assert_false(dep_msg_parse(buf, exec_msg(op, "/bin/ls", 7), &m, NULL, NULL));   // no NUL
        assert_false(dep_msg_parse(buf, exec_msg(op, "/bin\0ls", 8), &m, NULL, NULL)); // NUL inside
        assert_false(dep_msg_parse(buf, exec_msg(op, "", 1), &m, NULL, NULL));         // empty
        char longest[PATH_MAX + 1];
        memset(longest, 'p', sizeof(longest));
        longest[PATH_MAX - 1] = '\0';
        assert_true(dep_msg_parse(buf, exec_msg(op, longest, PATH_MAX), &m, NULL, NULL));
        longest[PATH_MAX - 1] = 'p';
        longest[PATH_MAX] = '\0';
        assert_false(dep_msg_parse(buf, exec_msg(op, longest, PATH_MAX + 1), &m, NULL, NULL));
    }
    for (int op = 0; op < 256; op++) {
        if (op >= DEP_CALL && op <= DEP_STOP)
            continue;
        h.op = (uint8_t)op;
        assert_false(dep_msg_parse(buf, msg(&h, sizeof(h), env, sizeof(env)), &m, NULL, NULL));
        assert_false(dep_msg_parse(buf, msg(&h, sizeof(h), NULL, 0), &m, NULL, NULL));
    }
}

static void test_rem_requests(void **state)
{
    struct rem_msg h = { .op = REM_GOTO, .pid = 100003, .arg = 2 }, m;
    assert_true(rem_msg_parse(buf, msg(&h, sizeof(h), NULL, 0), &m));
    assert_int_equal(m.arg, 2);
    assert_int_equal(m.pid, 100003);
    h.op = REM_SIGNAL;
    assert_true(rem_msg_parse(buf, msg(&h, sizeof(h), NULL, 0), &m));
    assert_false(rem_msg_parse(buf, msg(&h, sizeof(h), "x", 1), &m));
    for (uint32_t cut = 0; cut < sizeof(h); cut++)
        assert_false(rem_msg_parse(buf, cut, &m));
    h.op = 3;
    assert_false(rem_msg_parse(buf, msg(&h, sizeof(h), NULL, 0), &m));
    h.op = 0;
    assert_false(rem_msg_parse(buf, msg(&h, sizeof(h), NULL, 0), &m));
}

static void test_replies(void **state)
{
    struct mig_reply r = { -12, "no memory" }, out;
    assert_true(mig_reply_parse(buf, msg(&r, sizeof(r), NULL, 0), &out));
    assert_int_equal(out.status, -12);
    assert_string_equal(out.reason, "no memory");
    assert_false(mig_reply_parse(buf, msg(&r, sizeof(r), "x", 1), &out));
    for (uint32_t cut = 0; cut < sizeof(r); cut++)
        assert_false(mig_reply_parse(buf, cut, &out));
    memset(r.reason, 'z', sizeof(r.reason));
    assert_false(mig_reply_parse(buf, msg(&r, sizeof(r), NULL, 0), &out));

    struct dep_reply d = { 17, 1u << 2 }, dout;
    const uint8_t *rest;
    uint32_t rlen;
    assert_true(dep_reply_parse(buf, msg(&d, sizeof(d), "RPL1", 4), &dout, &rest, &rlen));
    assert_int_equal(dout.ret, 17);
    assert_int_equal(dout.signals, 4);
    assert_int_equal(rlen, 4);
    assert_memory_equal(rest, "RPL1", 4);
    for (uint32_t cut = 0; cut < sizeof(d); cut++)
        assert_false(dep_reply_parse(buf, cut, &dout, &rest, &rlen));
}

// An EXEC_READ answer: dep_reply, size, then n file bytes.
static uint32_t exec_reply(int32_t ret, uint32_t size, uint32_t n)
{
    struct dep_reply d = { ret, 0 };
    memcpy(buf, &d, sizeof(d));
    memcpy(buf + sizeof(d), &size, 4);
    memset(buf + sizeof(d) + 4, 'f', n);
    return (uint32_t)(sizeof(d) + 4 + n);
}

static void test_exec_replies(void **state)
{
    struct dep_reply d;
    uint32_t size;
    const uint8_t *file;
    assert_true(dep_exec_reply_parse(buf, exec_reply(0, 100, 100), 1000, &d, &size, &file));
    assert_int_equal(size, 100);
    assert_ptr_equal(file, buf + sizeof(d) + 4);
    assert_false(dep_exec_reply_parse(buf, exec_reply(0, 100, 99), 1000, &d, &size, &file));
    assert_false(dep_exec_reply_parse(buf, exec_reply(0, 100, 101), 1000, &d, &size, &file));
    assert_false(dep_exec_reply_parse(buf, exec_reply(0, 1001, 1001), 1000, &d, &size, &file));
    assert_true(dep_exec_reply_parse(buf, exec_reply(0, 1000, 1000), 1000, &d, &size, &file));
    assert_false(dep_exec_reply_parse(buf, exec_reply(5, 10, 10), 1000, &d, &size, &file));
    // A failure: no bytes, the size is what the file needs.
    assert_true(dep_exec_reply_parse(buf, exec_reply(-27, 5000, 0), 1000, &d, &size, &file));
    assert_int_equal(d.ret, -27);
    assert_int_equal(size, 5000);
    assert_false(dep_exec_reply_parse(buf, exec_reply(-2, 0, 3), 1000, &d, &size, &file));
    for (uint32_t cut = 0; cut < sizeof(d) + 4; cut++)
        assert_false(dep_exec_reply_parse(buf, cut, 1000, &d, &size, &file));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mig_requests),
        cmocka_unit_test(test_dep_requests),
        cmocka_unit_test(test_rem_requests),
        cmocka_unit_test(test_replies),
        cmocka_unit_test(test_exec_replies),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
