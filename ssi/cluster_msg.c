// Messages between nodes for the rest of the kernel (see cluster.h):
// requests that wait for their reply, one-way messages that wait until the
// peer has them, replies, and the table of services that answer incoming
// messages.
//
// A caller in any thread fills a struct cluster_call of its own and queues
// it (cluster_call_start); the cluster thread, the only user of the
// transport, sends it, and ends the call when the transport reports the
// message delivered (one-way), its reply arrives (request), the peer is
// unreachable or marked down, or the deadline passes. Every message starts
// with one byte, its service.
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

// A call's life: QUEUED until the cluster thread hands it to the transport
// (HELD while the transport has no room toward its node, or the heap is
// short: tried again after every datagram and every tick, but no reason
// to wake the cluster thread), SENT until it ends, then DONE.
enum { CALL_IDLE, CALL_QUEUED, CALL_HELD, CALL_SENT, CALL_DONE };

static cluster_service_fn services[256];   // handler of each service byte
static struct proc *cluster_thread_proc;   // the cluster thread (it sends at once)

void cluster_register_service(uint8_t service, cluster_service_fn fn)
{
    services[service] = fn;
}

// --- the queue (interrupts off) ---------------------------------------------

static void queue_append(struct cluster_call *c)
{
    c->next = NULL;
    struct cluster_call **pp = &cl.calls;
    while (*pp)
        pp = &(*pp)->next;
    *pp = c;
}

static void queue_remove(struct cluster_call *c)
{
    for (struct cluster_call **pp = &cl.calls; *pp; pp = &(*pp)->next) {
        if (*pp == c) {
            *pp = c->next;
            return;
        }
    }
}

// End call c with result and wake its caller.
static void finish(struct cluster_call *c, int result)
{
    queue_remove(c);
    c->result = result;
    c->state = CALL_DONE;
    if (c->detached)
        kfree(c);   // one block with its data (reply_later)
    else
        wakeup(c);
}

// --- the caller's side ---------------------------------------------------

int cluster_call_start(struct cluster_call *c)
{
    if (!cluster_running())
        return -ENETDOWN;
    if (c->node == cl.self || c->node == 0)
        return -EINVAL;
    if (c->len > CLUSTER_MSG_MAX)
        return -EMSGSIZE;
    uint32_t f = intr_save();
    c->state = CALL_QUEUED;
    c->deadline = c->timeout_ms ? uptime_ms() + c->timeout_ms : 0;
    c->msg_id = 0;
    c->result = 0;
    queue_append(c);
    intr_restore(f);
    net_wake_waiters();   // the cluster thread waits in net_wait
    return 0;
}

bool cluster_call_done(const struct cluster_call *c)
{
    return c->state == CALL_DONE;
}

void cluster_call_sleep(struct cluster_call *c)
{
    if (c->state != CALL_DONE)
        sleep(c);
}

void cluster_call_abandon(struct cluster_call *c)
{
    uint32_t f = intr_save();
    if (c->state == CALL_QUEUED || c->state == CALL_HELD || c->state == CALL_SENT)
        queue_remove(c);
    c->state = CALL_IDLE;
    intr_restore(f);
}

// Queue c and wait for its end; a signal ends the wait with -EINTR.
static int call_and_wait(struct cluster_call *c)
{
    int err = cluster_call_start(c);
    if (err < 0)
        return err;
    uint32_t f = intr_save();
    while (!cluster_call_done(c)) {
        if (signal_pending()) {
            intr_restore(f);
            cluster_call_abandon(c);
            return -EINTR;
        }
        cluster_call_sleep(c);
    }
    intr_restore(f);
    return c->result;
}

int cluster_call(uint32_t node, uint8_t service, const void *req, uint32_t len, void *reply,
                 uint32_t reply_max, uint32_t timeout_ms)
{
    static uint8_t none;   // a reply wanted, none of its bytes kept
    struct cluster_call c = {
        .node = node, .service = service, .data = req, .len = len,
        .reply = reply ? reply : &none, .reply_max = reply ? reply_max : 0,
        .timeout_ms = timeout_ms,
    };
    return call_and_wait(&c);
}

int cluster_send(uint32_t node, uint8_t service, const void *data, uint32_t len,
                 uint32_t timeout_ms)
{
    struct cluster_call c = {
        .node = node, .service = service, .data = data, .len = len, .timeout_ms = timeout_ms,
    };
    return call_and_wait(&c);
}

// --- the cluster thread's side -----------------------------------------------

// Hand buf (service byte first) to the transport; it is freed when the
// transport is done with it. 0, -EHOSTUNREACH (node not up), -EBUSY (no
// room now: try again later), -ENOBUFS. A reply goes to a node we know
// even when membership has it down: that node just sent the request it
// answers (a loaded node may be marked down for a moment), and its caller
// waits for the answer as long as it sees us up.
static int send_owned(uint32_t node, uint32_t reply_to, uint8_t *buf, uint32_t len, uint32_t *id)
{
    struct lv_entry *e = loadvec_find(&cl.lv, node);
    if (!e || (reply_to == 0 && e->state != LV_UP) || node == cl.self) {
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

// The cluster thread's reply that the transport cannot take now (no room
// toward that node, or the heap is short): queue it as a call nobody waits
// for, sent when there is room. A reply must not be dropped: its caller
// waits for it as long as the node is up.
static int reply_later(uint32_t node, uint32_t id, uint8_t service, const void *data,
                       uint32_t len)
{
    struct cluster_call *c = kmalloc(sizeof(*c) + len);
    if (!c) {
        cl.replies_lost++;
        return -ENOMEM;
    }
    memcpy(c + 1, data, len);
    *c = (struct cluster_call){
        .node = node, .service = service, .data = c + 1, .len = len, .reply_to = id,
        .detached = true,
    };
    cl.replies_deferred++;
    int err = cluster_call_start(c);
    if (err < 0)
        kfree(c);
    return err;
}

int cluster_reply(uint32_t node, uint32_t id, uint8_t service, const void *data, uint32_t len)
{
    if (len > CLUSTER_MSG_MAX)
        return -EMSGSIZE;
    if (myproc() != cluster_thread_proc) {
        // Another thread (a deputy): a one-way message through the queue.
        struct cluster_call c = {
            .node = node, .service = service, .data = data, .len = len, .reply_to = id,
        };
        int err = cluster_call_start(&c);
        if (err < 0)
            return err;
        uint32_t f = intr_save();
        while (!cluster_call_done(&c))
            cluster_call_sleep(&c);
        intr_restore(f);
        return c.result;
    }
    uint8_t *buf = frame(service, data, len);
    int err = buf ? send_owned(node, id, buf, len + 1, NULL) : -ENOMEM;
    if (err == -EBUSY || err == -ENOMEM)
        err = reply_later(node, id, service, data, len);
    return err;
}

// Is node up in the load vector?
static bool node_up(uint32_t node)
{
    struct lv_entry *e = loadvec_find(&cl.lv, node);
    return e && e->state == LV_UP;
}

void cluster_run_calls(uint64_t now)
{
    cluster_thread_proc = myproc();
    uint32_t f = intr_save();
    struct cluster_call *c = cl.calls, *next;
    for (; c; c = next) {
        next = c->next;
        if (!node_up(c->node) && !(c->reply_to && loadvec_find(&cl.lv, c->node))) {
            // Calls without a deadline end here when membership gives up
            // on the peer; calls with one end here too, sooner.
            cl.calls_down++;
            finish(c, c->state == CALL_SENT ? -EHOSTDOWN : -EHOSTUNREACH);
        } else if (c->state == CALL_QUEUED || c->state == CALL_HELD) {
            uint8_t *buf = frame(c->service, c->data, c->len);
            int err = buf ? send_owned(c->node, c->reply_to, buf, c->len + 1, &c->msg_id)
                          : -ENOMEM;
            if (err == 0)
                c->state = CALL_SENT;
            else if ((err != -EBUSY && err != -ENOMEM) || (c->deadline && now >= c->deadline))
                finish(c, err);
            else
                c->state = CALL_HELD;
            // -EBUSY: the transport is full toward that node (an ACK that
            // frees room is a datagram, which runs this again); -ENOMEM:
            // the heap is short for now (the next tick tries again).
        } else if (c->state == CALL_SENT && c->deadline && now >= c->deadline) {
            finish(c, -ETIMEDOUT);
        }
    }
    intr_restore(f);
}

// A call queued and not yet tried: the cluster thread must run now. A HELD
// call is not one: waking for it would spin the cluster thread, and in
// this kernel a thread that never sleeps keeps every other from running,
// the network thread too (then no ACK ever frees the room it waits for).
bool cluster_calls_waiting(void)
{
    for (struct cluster_call *c = cl.calls; c; c = c->next)
        if (c->state == CALL_QUEUED)
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
        for (struct cluster_call *c = cl.calls; c && !match; c = c->next)
            if (c->state == CALL_SENT && c->reply && c->node == node && c->msg_id == reply_to)
                match = c;
        if (match) {
            uint32_t n = len - 1 < match->reply_max ? len - 1 : match->reply_max;
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
    struct cluster_call *c = cl.calls, *next;
    for (; c; c = next) {
        next = c->next;
        if (c->state != CALL_SENT || c->node != node || c->msg_id != id)
            continue;
        if (status != TRANSPORT_OK)
            finish(c, -EHOSTUNREACH);
        else if (!c->reply)
            finish(c, 0);
        // A request ends when its reply comes (cluster_deliver).
    }
    intr_restore(f);
}

void cluster_unreachable(void *ctx, uint32_t node)
{
    kprintf("cluster: node %u is unreachable\n", node);
}
