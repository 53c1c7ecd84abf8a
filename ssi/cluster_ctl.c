// Commands written to /proc/cluster/ctl, and what the cluster thread does
// with the messages the transport delivers.
//
//   setspeed N        this node's speed (LV_SPEED_REF = reference CPU)
//   send NODE BYTES   a test message of BYTES to NODE over the reliable
//                     transport; the receiver checks every byte
//   ping NODE [BYTES] a request to NODE and its reply: the round trip
//   expel             send every guest here home (ssi/expel.c)
//   bring             bring every process of this node home
//   halt              leave in order: expel, bring, tell every node this
//                     one leaves (they count it down at once), power off
//   fail NAME         arm a fail point: this node stops dead when it gets
//                     there (ssi/failpoint.h; "fail none" disarms)
//
// The writer waits until the command is done; the result is a line in
// /proc/cluster/result (and the write fails with the command's error).
// send and ping use the kernel's message calls (cluster_send and
// cluster_call, ssi/cluster_msg.c) exactly as migration and the deputy do.
#include "ssi/cluster_int.h"
#include "ssi/expel.h"
#include "ssi/failpoint.h"
#include "ssi/balancer.h"
#include "kernel/power.h"
#include "kernel/sched.h"
#include "kernel/console.h"
#include "kernel/format.h"
#include "kernel/proc.h"
#include "kernel/x86.h"
#include <stdarg.h>
#include "kernel/api/errno.h"
#include "drivers/pit.h"
#include "mm/kmalloc.h"
#include <string.h>

#define MSG_SEED       4        // a test message starts with its 32-bit seed
#define CMD_TIMEOUT_MS 120000

// The byte at offset i of a test message made from seed.
static uint8_t pattern(uint32_t seed, uint32_t i)
{
    uint32_t x = (i + 1) * 2654435761u ^ seed;
    x ^= x >> 15;
    return (uint8_t)(x * 2246822519u >> 24);
}

static uint8_t *make_message(uint32_t seed, uint32_t len)
{
    uint8_t *buf = kmalloc(len);
    if (!buf)
        return NULL;
    wire_put32(buf, seed);
    for (uint32_t i = MSG_SEED; i < len; i++)
        buf[i] = pattern(seed, i);
    return buf;
}

static bool message_intact(const uint8_t *buf, uint32_t len)
{
    if (len < MSG_SEED)
        return false;
    uint32_t seed = wire_get32(buf);
    for (uint32_t i = MSG_SEED; i < len; i++)
        if (buf[i] != pattern(seed, i))
            return false;
    return true;
}

// Service CLUSTER_SVC_BULK: check the test message and say so.
static void bulk_service(uint32_t node, uint32_t id, const uint8_t *buf, uint32_t len)
{
    bool ok = message_intact(buf, len);
    if (ok)
        cl.bulk_ok++;
    else
        cl.bulk_bad++;
    kprintf("cluster: message of %u bytes from node %u: %s\n", len, node,
            ok ? "intact" : "DAMAGED");
}

// Service CLUSTER_SVC_ECHO: answer with the same bytes.
static void echo_service(uint32_t node, uint32_t id, const uint8_t *buf, uint32_t len)
{
    cluster_reply(node, id, CLUSTER_SVC_ECHO, buf, len);
}

void cluster_ctl_init(void)
{
    cluster_register_service(CLUSTER_SVC_BULK, bulk_service);
    cluster_register_service(CLUSTER_SVC_ECHO, echo_service);
}

// The result line of the calling process's last command: each writer of
// /proc/cluster/ctl reads its own back from /proc/cluster/result, however
// many run at once. A slot is the caller's, or the oldest one.
static struct cluster_result *result_slot(int pid, bool make)
{
    struct cluster_result *oldest = &cl.results[0];
    for (int i = 0; i < CLUSTER_RESULTS; i++) {
        struct cluster_result *r = &cl.results[i];
        if (r->pid == pid)
            return r;
        if (r->stamp < oldest->stamp)
            oldest = r;
    }
    if (!make)
        return NULL;
    oldest->pid = pid;
    return oldest;
}

static void set_result(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void set_result(const char *fmt, ...)
{
    static uint64_t stamps;
    uint32_t f = intr_save();
    struct cluster_result *r = result_slot(myproc()->pid, true);
    r->stamp = ++stamps;
    va_list ap;
    va_start(ap, fmt);
    vsnformat(r->text, sizeof(r->text), fmt, ap);
    va_end(ap);
    intr_restore(f);
}

const char *cluster_result_of(int pid)
{
    struct cluster_result *r = result_slot(pid, false);
    return r ? r->text : "";
}

// Say how a call to node ended, when it failed.
static int failed(const char *what, uint32_t node, int err)
{
    const char *why = err == -EHOSTUNREACH ? "unreachable" : err == -ETIMEDOUT ? "no answer"
                      : err == -EINTR ? "interrupted" : "error";
    set_result("%s: node %u: %s (%d)\n", what, node, why, -err);
    return err;
}

// send NODE BYTES: a test message, timed until the peer has all of it.
static int cmd_send(uint32_t node, uint32_t bytes)
{
    uint8_t *buf = make_message((uint32_t)uptime_us() ^ node, bytes);
    if (!buf)
        return failed("send", node, -ENOMEM);
    uint64_t t0 = uptime_us();
    int r = cluster_send(node, CLUSTER_SVC_BULK, buf, bytes, CMD_TIMEOUT_MS);
    uint64_t us = uptime_us() - t0;
    kfree(buf);
    if (r < 0)
        return failed("send", node, r);
    uint64_t kbit = us ? (uint64_t)bytes * 8000 / us : 0;   // bits per ms = kbit/s
    set_result("send: %u bytes to node %u in %u ms (%u kbit/s)\n",
             bytes, node, (unsigned)(us / 1000), (unsigned)kbit);
    return 0;
}

// ping NODE BYTES: a request and its reply, timed.
#define PING_COUNT_MAX 10000   // round trips of one ping command

// ping: count request/reply round trips of bytes each, one after another.
static int cmd_ping(uint32_t node, uint32_t bytes, uint32_t count)
{
    uint8_t *req = make_message((uint32_t)uptime_us() ^ node, bytes);
    uint8_t *reply = kmalloc(bytes);
    if (!req || !reply) {
        kfree(req);
        kfree(reply);
        return failed("ping", node, -ENOMEM);
    }
    uint64_t min = ~0ull, max = 0, sum = 0;
    int r = 0;
    bool same = true;
    for (uint32_t k = 0; k < count && r >= 0 && same; k++) {
        memset(reply, 0, bytes);
        uint64_t t0 = uptime_us();
        r = cluster_call(node, CLUSTER_SVC_ECHO, req, bytes, reply, bytes, CMD_TIMEOUT_MS);
        uint64_t rtt = uptime_us() - t0;
        same = r == (int)bytes && memcmp(req, reply, bytes) == 0;
        sum += rtt;
        min = rtt < min ? rtt : min;
        max = rtt > max ? rtt : max;
    }
    kfree(req);
    kfree(reply);
    if (r < 0)
        return failed("ping", node, r);
    if (count == 1)
        set_result("ping: node %u answered %d bytes in %u.%03u ms%s\n", node, r,
                   (unsigned)(sum / 1000), (unsigned)(sum % 1000), same ? "" : " (DAMAGED)");
    else
        set_result("ping: node %u answered %d bytes %u times: rtt min/avg/max = "
                   "%u.%03u/%u.%03u/%u.%03u ms%s\n", node, r, (unsigned)count,
                   (unsigned)(min / 1000), (unsigned)(min % 1000),
                   (unsigned)(sum / count / 1000), (unsigned)(sum / count % 1000),
                   (unsigned)(max / 1000), (unsigned)(max % 1000), same ? "" : " (DAMAGED)");
    return same ? 0 : -EIO;
}

// expel, bring: empty this node of guests, or of its processes away. 0,
// or -EBUSY when some stay (the result says why).
static int cmd_empty(bool expel)
{
    char line[sizeof(((struct cluster_result *)0)->text)];
    int left = expel ? expel_guests(line, sizeof(line)) : bring_home(line, sizeof(line));
    set_result("%s", line);
    return left ? -EBUSY : 0;
}

// halt: leave the cluster in order, then switch off. Never returns.
#define LEAVE_SAYS    3     // the leave is sent this many times (datagrams get lost)
#define LEAVE_GAP_MS  100

static void cmd_halt(void)
{
    if (!cl.running)
        power_off();   // a node alone: nothing to leave
    char line[sizeof(((struct cluster_result *)0)->text)];
    kprintf("cluster: node %u is leaving\n", cl.self);
    expel_guests(line, sizeof(line));
    kprintf("%s", line);
    bring_home(line, sizeof(line));
    kprintf("%s", line);
    for (int i = 0; i < LEAVE_SAYS; i++) {
        gossip_leave(&cl.g, uptime_ms());
        uint32_t f = intr_save();
        sleep_timeout(&cl.g, LEAVE_GAP_MS);
        intr_restore(f);
    }
    kprintf("cluster: node %u left the cluster\n", cl.self);
    power_off();
}

// Parse an unsigned decimal number at *p, advancing it. False if none.
static bool number(const char **p, const char *end, uint32_t *out)
{
    while (*p < end && **p == ' ')
        (*p)++;
    uint64_t v = 0;
    const char *start = *p;
    while (*p < end && **p >= '0' && **p <= '9' && v <= 0xFFFFFFFFu) {
        v = v * 10 + (uint32_t)(**p - '0');
        (*p)++;
    }
    if (*p == start || v > 0xFFFFFFFFu)
        return false;
    *out = (uint32_t)v;
    return true;
}

static bool word(const char **p, const char *end, const char *w)
{
    while (*p < end && **p == ' ')
        (*p)++;
    size_t n = strlen(w);
    if ((size_t)(end - *p) < n || memcmp(*p, w, n) != 0)
        return false;
    if (*p + n < end && (*p)[n] != ' ' && (*p)[n] != '\n')
        return false;
    *p += n;
    return true;
}

int cluster_ctl_write(const char *buf, size_t n, void *arg)
{
    const char *p = buf, *end = buf + n;
    while (end > p && (end[-1] == '\n' || end[-1] == ' '))
        end--;
    if (word(&p, end, "halt")) {
        if (p != end)
            return -EINVAL;
        cmd_halt();   // never returns
    }
    if (!cl.running)
        return -ENETDOWN;
    uint32_t a, b;
    if (word(&p, end, "setspeed")) {
        if (!number(&p, end, &a) || a == 0 || p != end)
            return -EINVAL;
        cl.speed = a;
        cl.speed_set = true;
        set_result("setspeed: %u\n", a);
        return (int)n;
    }
    if (word(&p, end, "balance")) {
        bool on = word(&p, end, "on");
        if ((!on && !word(&p, end, "off")) || p != end)
            return -EINVAL;
        balancer_set(on);
        set_result("balance: %s\n", on ? "on" : "off");
        return (int)n;
    }
    bool block = word(&p, end, "block");
    if (block || word(&p, end, "allow")) {
        if (p != end)
            return -EINVAL;
        balancer_block(block);
        set_result("%s\n", block ? "block: this node takes no processes from other nodes"
                                  : "allow: this node takes processes from other nodes");
        return (int)n;
    }
    if (word(&p, end, "fail")) {
        while (p < end && *p == ' ')
            p++;
        if (p == end || !failpoint_arm(p, (size_t)(end - p)))
            return -EINVAL;
        set_result("fail: %s armed\n", failpoint_armed());
        return (int)n;
    }
    bool expel = word(&p, end, "expel");
    if (expel || word(&p, end, "bring")) {
        if (p != end)
            return -EINVAL;
        int r = cmd_empty(expel);
        return r < 0 ? r : (int)n;
    }
    bool send;
    if (word(&p, end, "send"))
        send = true;
    else if (word(&p, end, "ping"))
        send = false;
    else
        return -EINVAL;
    if (!number(&p, end, &a))
        return -EINVAL;
    b = send ? 0 : 64;
    if (p != end && !number(&p, end, &b))
        return -EINVAL;
    uint32_t count = 1;   // ping's round trips
    if (!send && p != end && !number(&p, end, &count))
        return -EINVAL;
    if (p != end || b < MSG_SEED || b > CLUSTER_MSG_MAX || a == cl.self || count == 0 ||
        count > PING_COUNT_MAX)
        return -EINVAL;
    int r = send ? cmd_send(a, b) : cmd_ping(a, b, count);
    return r < 0 ? r : (int)n;
}
