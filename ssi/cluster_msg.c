// Messages between nodes for the rest of the kernel (see cluster.h):
// requests that wait for their reply, one-way messages that wait until the
// peer has them, and the table of services that answer incoming messages.
//
// Callers in any thread put a call in a slot of cl.calls and sleep on it;
// the cluster thread, the only user of the transport, sends it, and
// finishes the call when the transport reports the message delivered
// (one-way), its reply arrives (request), the peer is unreachable, or the
// deadline passes. Every message starts with one byte, its service.
#include "ssi/cluster_int.h"
#include "kernel/console.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/x86.h"
#include "kernel/api/errno.h"
#include "drivers/pit.h"
#include "mm/kmalloc.h"
#include "net/net.h"
#include <string.h>

enum { CALL_FREE, CALL_QUEUED, CALL_SENT, CALL_DONE };

static cluster_service_fn services[256];   // handler of each service byte

void cluster_register_service(uint8_t service, cluster_service_fn fn)
{
    services[service] = fn;
}

// --- the caller's side ---------------------------------------------------

// Queue a call, wait for its end, return its result. reply NULL: one-way.
static int call(uint32_t node, uint8_t service, const void *data, uint32_t len, void *reply,
                uint32_t reply_max, uint32_t timeout_ms)
{
    if (!cluster_running())
        return -ENETDOWN;
    if (node == cl.self || node == 0)
        return -EINVAL;
    if (len > CLUSTER_MSG_MAX)
        return -EMSGSIZE;
    uint32_t f = intr_save();
    struct cluster_call *c = NULL;
    for (int i = 0; i < CLUSTER_CALLS_MAX && !c; i++)
        if (cl.calls[i].state == CALL_FREE)
            c = &cl.calls[i];
    if (!c) {
        intr_restore(f);
        return -EBUSY;
    }
    *c = (struct cluster_call){
        .state = CALL_QUEUED, .want_reply = reply != NULL, .node = node, .service = service,
        .data = data, .len = len, .reply = reply, .reply_max = reply_max,
        .deadline = uptime_ms() + timeout_ms,
    };
    intr_restore(f);
    net_wake_waiters();   // the cluster thread waits in net_wait
    f = intr_save();
    while (c->state != CALL_DONE) {
        if (signal_pending()) {
            // Leave it to the thread, which must no longer touch our buffers.
            c->abandoned = true;
            c->reply = NULL;
            c->data = NULL;
            intr_restore(f);
            return -EINTR;
        }
        sleep_timeout(c, 1000);
    }
    int result = c->result;
    c->state = CALL_FREE;
    intr_restore(f);
    return result;
}

int cluster_call(uint32_t node, uint8_t service, const void *req, uint32_t len, void *reply,
                 uint32_t reply_max, uint32_t timeout_ms)
{
    static uint8_t none;
    return call(node, service, req, len, reply ? reply : &none, reply ? reply_max : 0,
                timeout_ms);
}

int cluster_send(uint32_t node, uint8_t service, const void *data, uint32_t len,
                 uint32_t timeout_ms)
{
    return call(node, service, data, len, NULL, 0, timeout_ms);
}

// --- the cluster thread's side -----------------------------------------------

// End call c with result and wake its caller (or free an abandoned one).
static void finish(struct cluster_call *c, int result)
{
    if (c->abandoned) {
        c->state = CALL_FREE;
        return;
    }
    c->result = result;
    c->state = CALL_DONE;
    wakeup(c);
}

// Hand buf (service byte first) to the transport; it is freed when the
// transport is done with it. 0, -EHOSTUNREACH (node not up), -EBUSY (no
// room now: try again later), -ENOBUFS.
static int send_owned(uint32_t node, uint32_t reply_to, uint8_t *buf, uint32_t len, uint32_t *id)
{
    struct lv_entry *e = loadvec_find(&cl.lv, node);
    if (!e || e->state != LV_UP || node == cl.self) {
        kfree(buf);
        return -EHOSTUNREACH;
    }
    int slot = -1;
    for (int i = 0; i < CLUSTER_OUT_MAX && slot < 0; i++)
        if (!cl.out[i].used)
            slot = i;
    if (slot < 0) {
        kfree(buf);
        return -EBUSY;
    }
    uint32_t mid;
    int r = transport_send(&cl.tp, uptime_ms(), node, e->addr, reply_to, buf, len, &mid);
    if (r != TRANSPORT_OK) {
        kfree(buf);
        return r == TRANSPORT_BUSY ? -EBUSY : -ENOBUFS;
    }
    cl.out[slot] = (struct cluster_out){ true, node, mid, buf, len };
    if (id)
        *id = mid;
    return 0;
}

// A copy of data with the service byte in front, or NULL.
static uint8_t *frame(uint8_t service, const void *data, uint32_t len)
{
    uint8_t *buf = kmalloc(len + 1);
    if (buf) {
        buf[0] = service;
        if (len)
            memcpy(buf + 1, data, len);
    }
    return buf;
}

int cluster_reply(uint32_t node, uint32_t id, uint8_t service, const void *data, uint32_t len)
{
    if (len > CLUSTER_MSG_MAX)
        return -EMSGSIZE;
    uint8_t *buf = frame(service, data, len);
    if (!buf)
        return -ENOMEM;
    return send_owned(node, id, buf, len + 1, NULL);
}

void cluster_run_calls(uint64_t now)
{
    for (int i = 0; i < CLUSTER_CALLS_MAX; i++) {
        struct cluster_call *c = &cl.calls[i];
        uint32_t f = intr_save();
        if (c->state == CALL_QUEUED && c->abandoned) {
            c->state = CALL_FREE;
        } else if (c->state == CALL_QUEUED) {
            uint8_t *buf = frame(c->service, c->data, c->len);
            int err = buf ? send_owned(c->node, 0, buf, c->len + 1, &c->msg_id) : -ENOMEM;
            if (err == 0)
                c->state = CALL_SENT;
            else if (err != -EBUSY || now >= c->deadline)
                finish(c, err);
            // -EBUSY: the transport is full toward that node; next time.
        } else if (c->state == CALL_SENT && now >= c->deadline) {
            finish(c, -ETIMEDOUT);
        }
        intr_restore(f);
    }
}

bool cluster_calls_waiting(void)
{
    for (int i = 0; i < CLUSTER_CALLS_MAX; i++)
        if (cl.calls[i].state == CALL_QUEUED)
            return true;
    return false;
}

void cluster_deliver(void *ctx, uint32_t node, uint32_t id, uint32_t reply_to,
                     uint8_t *buf, uint32_t len)
{
    if (len == 0) {
        cl.msg_bad++;
    } else if (reply_to != 0) {
        // An answer: to the call that sent message reply_to to node.
        struct cluster_call *match = NULL;
        uint32_t f = intr_save();
        for (int i = 0; i < CLUSTER_CALLS_MAX && !match; i++) {
            struct cluster_call *c = &cl.calls[i];
            if (c->state == CALL_SENT && c->want_reply && c->node == node && c->msg_id == reply_to)
                match = c;
        }
        if (match) {
            uint32_t n = len - 1 < match->reply_max ? len - 1 : match->reply_max;
            if (match->reply)
                memcpy(match->reply, buf + 1, n);
            finish(match, (int)(len - 1));
        } else {
            cl.msg_late++;   // its caller gave up, or a duplicate
        }
        intr_restore(f);
    } else if (services[buf[0]]) {
        services[buf[0]](node, id, buf + 1, len - 1);
    } else {
        cl.msg_unknown++;
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
    uint32_t f = intr_save();
    for (int i = 0; i < CLUSTER_CALLS_MAX; i++) {
        struct cluster_call *c = &cl.calls[i];
        if (c->state != CALL_SENT || c->node != node || c->msg_id != id)
            continue;
        if (status != TRANSPORT_OK)
            finish(c, -EHOSTUNREACH);
        else if (!c->want_reply)
            finish(c, 0);
        // A request ends when its reply comes (cluster_deliver).
    }
    intr_restore(f);
}

void cluster_unreachable(void *ctx, uint32_t node)
{
    kprintf("cluster: node %u is unreachable\n", node);
}
