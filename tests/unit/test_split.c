// Unit tests of the split calls (ssi/split.c): the node's half and home's
// half of fork, execve and exit, run against each other over a simulated
// link that delivers, fails, cuts an answer short or adds to it, and
// against a home that lies. The properties: a program arrives whole or not
// at all; a larger program is asked for once more, never in a loop; a
// failed link or a bad answer is an error, never a program; a child's pid
// is always one of its home's; CPU times survive the trip.
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ssi/split.h"
#include "ssi/mig_proto.h"
#include "kernel/exec.h"
#include "kernel/param.h"
#include "kernel/api/errno.h"
#include "kernel/api/types.h"
#include "kernel/signal.h"

// --- a simulated home and link ---------------------------------------------------

// What the link does to the next answer.
enum link_fault {
    LINK_OK,
    LINK_DOWN,   // no answer: the peer is marked down (-EHOSTDOWN)
    LINK_CUT,    // the answer arrives cut to cut_to bytes
    LINK_LONG,   // the answer arrives with one byte more
};

// Home: one program file (which may change between two requests) and the
// signals posted there since the last answer.
struct home {
    const char *path;        // the file's name
    char *bytes;             // its contents
    uint32_t len;
    uint32_t grow_to;        // after the first answer, the file is this long (0: stays)
    uint32_t signals;
    int requests;            // DEP_EXEC_READ requests served
    enum link_fault fault;
    uint32_t cut_to;
};

static char *pattern(uint32_t len)
{
    char *b = malloc(len ? len : 1);
    assert_non_null(b);
    for (uint32_t i = 0; i < len; i++)
        b[i] = (char)(i * 7 + (i >> 8));
    return b;
}

static void home_init(struct home *h, const char *path, uint32_t len)
{
    memset(h, 0, sizeof(*h));
    h->path = path;
    h->len = len;
    h->bytes = pattern(len);
}

static void home_free(struct home *h)
{
    free(h->bytes);
}

// The round trip of one DEP_EXEC_READ: the request as the node sent it
// (req_len bytes), home's answer into reply (reply_max bytes, as the
// transport would), through the link. The answer's length, or -errno.
static int exec_round_trip(struct home *h, const uint8_t *req, uint32_t req_len, uint8_t *reply,
                           uint32_t reply_max)
{
    // Home's service checks the message as it arrives (ssi/deputy.c).
    uint8_t *msg = malloc(sizeof(struct dep_msg) + req_len);
    struct dep_msg m = { .op = DEP_EXEC_READ, .pid = 100001, .seq = 1 };
    memcpy(msg, &m, sizeof(m));
    memcpy(msg + sizeof(m), req, req_len);
    const uint8_t *rest;
    uint32_t rest_len;
    assert_true(dep_msg_parse(msg, sizeof(m) + req_len, &m, &rest, &rest_len));
    struct dep_exec e;
    memcpy(&e, rest, sizeof(e));
    const char *path = (const char *)rest + sizeof(e);

    // Home's half: read the file (exec_read's errors), answer.
    int err = strcmp(path, h->path) == 0 ? 0 : -ENOENT;
    if (err == 0 && h->len > EXEC_FILE_MAX)
        err = -ENOEXEC;
    uint32_t n = split_exec_reply_size(err, err == 0 ? h->len : 0, e.max);
    uint8_t *out = malloc(n + 1);
    split_exec_reply(err, h->bytes, err == 0 ? h->len : 0, e.max, h->signals, out);
    h->signals = 0;
    h->requests++;
    free(msg);
    if (h->grow_to && h->requests == 1) {
        free(h->bytes);
        h->len = h->grow_to;
        h->bytes = pattern(h->len);
    }

    // The link.
    int got = (int)n;
    if (h->fault == LINK_DOWN)
        got = -EHOSTDOWN;
    else if (h->fault == LINK_CUT && h->cut_to < n)
        got = (int)h->cut_to;
    else if (h->fault == LINK_LONG)
        out[n] = 0x5a, got = (int)n + 1;
    if (got > (int)reply_max)
        got = -EIO;   // the transport refuses an answer longer than the room (cluster_msg.c)
    if (got > 0)
        memcpy(reply, out, (size_t)got);
    free(out);
    return got;
}

// The outcome of a node's execve fetch.
struct fetched {
    enum split_step step;
    int err;
    int tries;
    uint32_t max_asked;      // the room of the last request
    bool bytes_match;        // GOT_FILE: exactly home's file
    uint32_t size;
};

// The node's half of execve, as ssi/remote.c drives it (with a bound on
// the rounds, so that a fetch that would ask forever fails here).
static struct fetched node_fetch(struct home *h, const char *path)
{
    struct split_exec x;
    split_exec_init(&x);
    uint8_t req[sizeof(struct dep_exec) + PATH_MAX];
    uint32_t req_len = split_exec_request(&x, path, req, sizeof(req));
    assert_true(req_len > 0);
    struct fetched f = { SPLIT_ASK, 0, 0, 0, false, 0 };
    uint8_t *reply = NULL;
    for (int round = 0; round < 10 && f.step == SPLIT_ASK; round++) {
        free(reply);
        reply = malloc(split_exec_reply_max(&x));
        split_exec_request(&x, path, req, req_len);
        f.max_asked = x.max;
        int n = exec_round_trip(h, req, req_len, reply, split_exec_reply_max(&x));
        const uint8_t *file = NULL;
        f.step = split_exec_take(&x, reply, n, &file, &f.size);
        if (f.step == SPLIT_GOT_FILE) {
            assert_true(file >= reply && file + f.size <= reply + n);
            f.bytes_match = f.size == h->len && memcmp(file, h->bytes, f.size) == 0;
        }
    }
    f.err = x.err;
    f.tries = x.tries;
    free(reply);
    return f;
}

// --- execve ----------------------------------------------------------------------

static void expect_file(uint32_t len, int tries)
{
    struct home h;
    home_init(&h, "/bin/prog", len);
    struct fetched f = node_fetch(&h, "/bin/prog");
    assert_int_equal(f.step, SPLIT_GOT_FILE);
    assert_true(f.bytes_match);
    assert_int_equal(f.tries, tries);
    assert_int_equal(h.requests, tries);
    home_free(&h);
}

static void test_exec_small_program_in_one_answer(void **state)
{
    expect_file(0, 1);
    expect_file(1, 1);
    expect_file(5000, 1);
    expect_file(SPLIT_EXEC_FIRST, 1);   // exactly the first room: no second ask
}

static void test_exec_large_program_asked_for_once_more(void **state)
{
    expect_file(SPLIT_EXEC_FIRST + 1, 2);
    expect_file(3 * SPLIT_EXEC_FIRST + 17, 2);
    expect_file(EXEC_FILE_MAX, 2);

    // The second request has room for exactly the file.
    struct home h;
    home_init(&h, "/bin/big", 2 * SPLIT_EXEC_FIRST + 5);
    struct fetched f = node_fetch(&h, "/bin/big");
    assert_int_equal(f.max_asked, 2 * SPLIT_EXEC_FIRST + 5);
    home_free(&h);
}

static void test_exec_program_that_grows_between_asks_fails(void **state)
{
    struct home h;
    home_init(&h, "/bin/grows", SPLIT_EXEC_FIRST + 10);
    h.grow_to = SPLIT_EXEC_FIRST + 20;   // larger than the room of the second ask
    struct fetched f = node_fetch(&h, "/bin/grows");
    assert_int_equal(f.step, SPLIT_FAILED);
    assert_int_equal(f.err, -EFBIG);
    assert_int_equal(f.tries, 2);   // asked twice, not a third time
    home_free(&h);

    // Shrinking is fine: the second answer carries the smaller file.
    home_init(&h, "/bin/shrinks", SPLIT_EXEC_FIRST + 10);
    h.grow_to = 100;
    f = node_fetch(&h, "/bin/shrinks");
    assert_int_equal(f.step, SPLIT_GOT_FILE);
    assert_true(f.bytes_match);
    home_free(&h);
}

static void test_exec_errors_from_home(void **state)
{
    struct home h;
    home_init(&h, "/bin/prog", 100);
    struct fetched f = node_fetch(&h, "/bin/none");
    assert_int_equal(f.step, SPLIT_FAILED);
    assert_int_equal(f.err, -ENOENT);
    assert_int_equal(f.tries, 1);
    home_free(&h);

    home_init(&h, "/bin/huge", EXEC_FILE_MAX + 1);   // exec_read refuses it
    f = node_fetch(&h, "/bin/huge");
    assert_int_equal(f.err, -ENOEXEC);
    assert_int_equal(f.tries, 1);
    home_free(&h);

    home_init(&h, "/bin/prog", 100);
    h.fault = LINK_DOWN;
    f = node_fetch(&h, "/bin/prog");
    assert_int_equal(f.step, SPLIT_FAILED);
    assert_int_equal(f.err, -EHOSTDOWN);
    home_free(&h);
}

// Every cut of an answer, and one byte too many: an error, never a program.
static void test_exec_cut_or_long_answers_are_errors(void **state)
{
    uint32_t sizes[] = { 0, 40, SPLIT_EXEC_FIRST + 3 };
    for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
        uint32_t whole = split_exec_reply_size(0, sizes[s], SPLIT_EXEC_FIRST);
        uint32_t step = whole > 200 ? 997 : 1;
        for (uint32_t cut = 0; cut < whole; cut += step) {
            struct home h;
            home_init(&h, "/p", sizes[s]);
            h.fault = LINK_CUT;
            h.cut_to = cut;
            struct fetched f = node_fetch(&h, "/p");
            assert_int_equal(f.step, SPLIT_FAILED);
            assert_int_equal(f.err, -EIO);
            home_free(&h);
        }
        struct home h;
        home_init(&h, "/p", sizes[s]);
        h.fault = LINK_LONG;
        struct fetched f = node_fetch(&h, "/p");
        assert_int_equal(f.step, SPLIT_FAILED);
        assert_int_equal(f.err, -EIO);
        home_free(&h);
    }
}

// Answers no honest home gives.
static void test_exec_lying_home(void **state)
{
    struct split_exec x;
    uint8_t reply[64];
    const uint8_t *file;
    uint32_t size;
    struct dep_reply r;

    // -EFBIG with a size beyond any program: no second ask.
    split_exec_init(&x);
    r = (struct dep_reply){ -EFBIG, 0 };
    size = EXEC_FILE_MAX + 1;
    memcpy(reply, &r, sizeof(r));
    memcpy(reply + sizeof(r), &size, 4);
    assert_int_equal(split_exec_take(&x, reply, 12, &file, &size), SPLIT_FAILED);
    assert_int_equal(x.err, -EFBIG);

    // -EFBIG with a size that fits the room it had: no second ask either.
    split_exec_init(&x);
    size = 10;
    memcpy(reply + sizeof(r), &size, 4);
    assert_int_equal(split_exec_take(&x, reply, 12, &file, &size), SPLIT_FAILED);
    assert_int_equal(x.err, -EFBIG);

    // Success with more bytes than asked for.
    split_exec_init(&x);
    x.max = 8;
    r = (struct dep_reply){ 0, 0 };
    size = 9;
    memcpy(reply, &r, sizeof(r));
    memcpy(reply + sizeof(r), &size, 4);
    memset(reply + 12, 1, 9);
    assert_int_equal(split_exec_take(&x, reply, 21, &file, &size), SPLIT_FAILED);
    assert_int_equal(x.err, -EIO);

    // A positive result is not an answer.
    split_exec_init(&x);
    r = (struct dep_reply){ 3, 0 };
    size = 0;
    memcpy(reply, &r, sizeof(r));
    memcpy(reply + sizeof(r), &size, 4);
    assert_int_equal(split_exec_take(&x, reply, 12, &file, &size), SPLIT_FAILED);
    assert_int_equal(x.err, -EIO);
}

static void test_exec_request_is_what_home_accepts(void **state)
{
    struct split_exec x;
    split_exec_init(&x);
    char path[PATH_MAX + 1];
    uint8_t buf[sizeof(struct dep_exec) + PATH_MAX + 8];
    uint8_t msg[sizeof(struct dep_msg) + sizeof(buf)];
    for (int len = 1; len <= PATH_MAX; len++) {
        memset(path, 'a', (size_t)len);
        path[len] = '\0';
        uint32_t n = split_exec_request(&x, path, buf, sizeof(buf));
        assert_int_equal(n, sizeof(struct dep_exec) + (uint32_t)len + 1);
        struct dep_msg m = { .op = DEP_EXEC_READ, .pid = 100001, .seq = 1 };
        memcpy(msg, &m, sizeof(m));
        memcpy(msg + sizeof(m), buf, n);
        // Home takes paths of up to PATH_MAX - 1 bytes, as a system call does.
        assert_int_equal(dep_msg_parse(msg, sizeof(m) + n, &m, NULL, NULL), len < PATH_MAX);
        struct dep_exec e;
        memcpy(&e, buf, sizeof(e));
        assert_int_equal(e.max, SPLIT_EXEC_FIRST);
    }
    // A buffer too small for the path and its NUL: nothing written.
    assert_int_equal(split_exec_request(&x, "/bin/sh", buf, sizeof(struct dep_exec) + 7), 0);
    assert_int_equal(split_exec_request(&x, "/bin/sh", buf, sizeof(struct dep_exec) + 8),
                     sizeof(struct dep_exec) + 8);
    assert_int_equal(split_exec_request(&x, "/", buf, 2), 0);
}

static void test_exec_answer_carries_home_signals(void **state)
{
    struct home h;
    home_init(&h, "/p", 10);
    h.signals = SIGSET_BIT(SIGINT) | SIGSET_BIT(SIGTERM);
    struct split_exec x;
    split_exec_init(&x);
    uint8_t req[64], reply[64];
    uint32_t n = split_exec_request(&x, "/p", req, sizeof(req));
    int got = exec_round_trip(&h, req, n, reply, sizeof(reply));
    struct dep_reply r;
    assert_true(dep_reply_parse(reply, (uint32_t)got, &r, NULL, NULL));
    assert_int_equal(r.signals, SIGSET_BIT(SIGINT) | SIGSET_BIT(SIGTERM));
    assert_int_equal(h.signals, 0);   // given once
    home_free(&h);
}

// --- fork ------------------------------------------------------------------------

static void test_fork_child_pid_is_one_of_homes(void **state)
{
    struct dep_reply r = { 0, 0 };
    for (uint32_t home = 1; home <= 3; home++) {
        int base = (int)home * PID_NODE_SPAN;
        r.ret = base + 1;
        assert_int_equal(split_fork_child(&r, home), base + 1);
        r.ret = base + PID_NODE_SPAN - 1;
        assert_int_equal(split_fork_child(&r, home), base + PID_NODE_SPAN - 1);
        r.ret = base;                      // no process has number 0
        assert_int_equal(split_fork_child(&r, home), -EIO);
        r.ret = base + PID_NODE_SPAN;      // the next node's first pid
        assert_int_equal(split_fork_child(&r, home), -EIO);
        r.ret = 0;
        assert_int_equal(split_fork_child(&r, home), -EIO);
        r.ret = 7;                         // a local pid of some node
        assert_int_equal(split_fork_child(&r, home), -EIO);
        r.ret = -EAGAIN;                   // home's refusal passes through
        assert_int_equal(split_fork_child(&r, home), -EAGAIN);
    }
    r.ret = PID_NODE_MAX * PID_NODE_SPAN + 5;
    assert_int_equal(split_fork_child(&r, PID_NODE_MAX), PID_NODE_MAX * PID_NODE_SPAN + 5);
}

// --- exit ------------------------------------------------------------------------

static void test_exit_status_and_times_survive(void **state)
{
    struct dep_exit e;
    uint64_t u, s;
    split_exit_pack(&e, WSTATUS_SIGNALED(SIGKILL), 1234, 56, 100);
    assert_int_equal(e.status, WSTATUS_SIGNALED(SIGKILL));
    split_exit_times(&e, 100, &u, &s);
    assert_int_equal(u, 1234);
    assert_int_equal(s, 56);

    // A node ticking at 1000 Hz, home at 100 Hz: the same seconds.
    split_exit_pack(&e, 3 << 8, 12345, 999, 1000);
    split_exit_times(&e, 100, &u, &s);
    assert_int_equal(u, 1234);
    assert_int_equal(s, 99);

    // And the other way: a node at 100 Hz, home at 1000 Hz.
    split_exit_pack(&e, 0, 123, 4, 100);
    split_exit_times(&e, 1000, &u, &s);
    assert_int_equal(u, 1230);
    assert_int_equal(s, 40);

    // Long-lived: beyond 32 bits of microseconds.
    split_exit_pack(&e, 0, 50000000ull, 0, 100);
    assert_true(e.utime_us == 500000000000ull);
    split_exit_times(&e, 100, &u, &s);
    assert_true(u == 50000000ull);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exec_small_program_in_one_answer),
        cmocka_unit_test(test_exec_large_program_asked_for_once_more),
        cmocka_unit_test(test_exec_program_that_grows_between_asks_fails),
        cmocka_unit_test(test_exec_errors_from_home),
        cmocka_unit_test(test_exec_cut_or_long_answers_are_errors),
        cmocka_unit_test(test_exec_lying_home),
        cmocka_unit_test(test_exec_request_is_what_home_accepts),
        cmocka_unit_test(test_exec_answer_carries_home_signals),
        cmocka_unit_test(test_fork_child_pid_is_one_of_homes),
        cmocka_unit_test(test_exit_status_and_times_survive),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
