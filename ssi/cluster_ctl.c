// Commands written to /proc/cluster/ctl, and what the cluster thread does
// with the messages the transport delivers.
//
//   setspeed N        this node's speed (LV_SPEED_REF = reference CPU)
//   send NODE BYTES   a test message of BYTES to NODE over the reliable
//                     transport; the receiver checks every byte
//   ping NODE [BYTES] a request to NODE and its reply: the round trip
//
// The writer waits until the command is done; the result is a line in
// /proc/cluster/result (and the write fails with the command's error).
#include "ssi/cluster_int.h"
#include "kernel/console.h"
#include "kernel/format.h"
#include "kernel/sched.h"
#include "kernel/x86.h"
#include "kernel/api/errno.h"
#include "drivers/pit.h"
#include "mm/kmalloc.h"
#include <string.h>

enum { CMD_NONE, CMD_SEND, CMD_PING };

#define MSG_BULK      'B'   // test message: check every byte, no answer
#define MSG_ECHO      'E'   // request: answer with the same bytes
#define MSG_ECHO_REPLY 'R'
#define MSG_HDR       5     // kind, then a 32-bit seed
#define CMD_TIMEOUT_MS 120000

// The byte at offset i of a test message made from seed.
static uint8_t pattern(uint32_t seed, uint32_t i)
{
    uint32_t x = (i + 1) * 2654435761u ^ seed;
    x ^= x >> 15;
    return (uint8_t)(x * 2246822519u >> 24);
}

static uint8_t *make_message(uint8_t kind, uint32_t seed, uint32_t len)
{
    uint8_t *buf = kmalloc(len);
    if (!buf)
        return NULL;
    buf[0] = kind;
    wire_put32(buf + 1, seed);
    for (uint32_t i = MSG_HDR; i < len; i++)
        buf[i] = pattern(seed, i);
    return buf;
}

static bool message_intact(const uint8_t *buf, uint32_t len)
{
    uint32_t seed = wire_get32(buf + 1);
    for (uint32_t i = MSG_HDR; i < len; i++)
        if (buf[i] != pattern(seed, i))
            return false;
    return true;
}

// Hand buf to the transport; it is freed in cluster_sent. 0 or -errno.
static int send_owned(uint32_t node, uint32_t reply_to, uint8_t *buf, uint32_t len, uint32_t *id)
{
    struct lv_entry *e = loadvec_find(&cl.lv, node);
    int slot = -1;
    for (int i = 0; i < CLUSTER_OUT_MAX; i++)
        if (!cl.out[i].used)
            slot = i;
    if (!e || e->state != LV_UP || slot < 0) {
        kfree(buf);
        return !e || e->state != LV_UP ? -EHOSTUNREACH : -EBUSY;
    }
    uint32_t mid;
    if (transport_send(&cl.tp, uptime_ms(), node, e->addr, reply_to, buf, len, &mid) != TRANSPORT_OK) {
        kfree(buf);
        return -ENOBUFS;
    }
    cl.out[slot] = (struct cluster_out){ true, node, mid, buf, len };
    if (id)
        *id = mid;
    return 0;
}

static void finish(int result)
{
    cl.cmd.result = result;
    cl.cmd.done = true;
    wakeup(&cl.cmd);
}

void cluster_run_commands(uint64_t now)
{
    struct cluster_cmd *c = &cl.cmd;
    if (!c->kind || c->done)
        return;
    if (!c->started) {
        c->started = true;
        c->started_ms = now;
        c->started_us = uptime_us();
        uint8_t kind = c->kind == CMD_SEND ? MSG_BULK : MSG_ECHO;
        uint8_t *buf = make_message(kind, (uint32_t)now ^ c->node, c->value);
        int err = buf ? send_owned(c->node, 0, buf, c->value, &c->msg_id) : -ENOMEM;
        if (err) {
            snformat(cl.result, sizeof(cl.result), "%s: node %u: error %d\n",
                     c->kind == CMD_SEND ? "send" : "ping", c->node, -err);
            finish(err);
        }
        return;
    }
    if (now - c->started_ms > CMD_TIMEOUT_MS) {
        snformat(cl.result, sizeof(cl.result), "node %u: no answer in %u ms\n",
                 c->node, CMD_TIMEOUT_MS);
        finish(-ETIMEDOUT);
    }
}

void cluster_deliver(void *ctx, uint32_t node, uint32_t id, uint32_t reply_to,
                     uint8_t *buf, uint32_t len)
{
    if (len >= MSG_HDR && buf[0] == MSG_BULK) {
        bool ok = message_intact(buf, len);
        if (ok)
            cl.bulk_ok++;
        else
            cl.bulk_bad++;
        kprintf("cluster: message of %u bytes from node %u: %s\n", len, node,
                ok ? "intact" : "DAMAGED");
    } else if (len >= MSG_HDR && buf[0] == MSG_ECHO) {
        uint8_t *copy = kmalloc(len);
        if (copy) {
            memcpy(copy, buf, len);
            copy[0] = MSG_ECHO_REPLY;
            send_owned(node, id, copy, len, NULL);
        }
    } else if (len >= MSG_HDR && buf[0] == MSG_ECHO_REPLY) {
        struct cluster_cmd *c = &cl.cmd;
        if (c->kind == CMD_PING && c->started && !c->done && node == c->node &&
            reply_to == c->msg_id) {
            bool ok = message_intact(buf, len);
            uint64_t rtt = uptime_us() - c->started_us;
            snformat(cl.result, sizeof(cl.result),
                     "ping: node %u answered %u bytes in %u.%03u ms%s\n", node, len,
                     (unsigned)(rtt / 1000), (unsigned)(rtt % 1000), ok ? "" : " (DAMAGED)");
            finish(ok ? 0 : -EIO);
        }
    }
    transport_release(&cl.tp, buf, len);
}

void cluster_sent(void *ctx, uint32_t node, uint32_t id, int status)
{
    for (int i = 0; i < CLUSTER_OUT_MAX; i++) {
        struct cluster_out *o = &cl.out[i];
        if (o->used && o->node == node && o->id == id) {
            kfree(o->buf);
            o->used = false;
        }
    }
    struct cluster_cmd *c = &cl.cmd;
    if (c->kind && c->started && !c->done && node == c->node && id == c->msg_id) {
        if (status != TRANSPORT_OK) {
            snformat(cl.result, sizeof(cl.result), "node %u: unreachable (status %d)\n",
                     node, status);
            finish(-EHOSTUNREACH);
        } else if (c->kind == CMD_SEND) {
            uint64_t us = uptime_us() - c->started_us;
            uint64_t ms = us / 1000;
            uint64_t kbit = us ? (uint64_t)c->value * 8000 / us : 0;   // bits per ms = kbit/s
            snformat(cl.result, sizeof(cl.result),
                     "send: %u bytes to node %u in %u ms (%u kbit/s)\n",
                     c->value, node, (unsigned)ms, (unsigned)kbit);
            finish(0);
        }
        // A ping finishes when the reply arrives (cluster_deliver).
    }
}

void cluster_unreachable(void *ctx, uint32_t node)
{
    kprintf("cluster: node %u is unreachable\n", node);
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
    if (!cl.running)
        return -ENETDOWN;
    uint32_t a, b;
    if (word(&p, end, "setspeed")) {
        if (!number(&p, end, &a) || a == 0 || p != end)
            return -EINVAL;
        cl.speed = a;
        snformat(cl.result, sizeof(cl.result), "setspeed: %u\n", a);
        return (int)n;
    }
    int kind;
    if (word(&p, end, "send"))
        kind = CMD_SEND;
    else if (word(&p, end, "ping"))
        kind = CMD_PING;
    else
        return -EINVAL;
    if (!number(&p, end, &a))
        return -EINVAL;
    b = kind == CMD_PING ? 64 : 0;
    if (p != end && !number(&p, end, &b))
        return -EINVAL;
    if (p != end || b < MSG_HDR || b > TRANSPORT_MSG_MAX || a == cl.self)
        return -EINVAL;

    __asm__ volatile("cli");
    if (cl.cmd.kind && !cl.cmd.done) {
        __asm__ volatile("sti");
        return -EBUSY;
    }
    cl.cmd = (struct cluster_cmd){ .kind = kind, .node = a, .value = b };
    while (!cl.cmd.done) {
        if (signal_pending())
            break;
        sleep_timeout(&cl.cmd, 1000);
    }
    __asm__ volatile("sti");
    if (!cl.cmd.done)
        return -EINTR;   // the thread finishes it and leaves the result
    return cl.cmd.result < 0 ? cl.cmd.result : (int)n;
}
