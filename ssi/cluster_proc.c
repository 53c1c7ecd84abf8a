// /proc/cluster: the load vector and the cluster layer's counters as text.
//
//   nodes    one line per node: id, address, state, load, speed, free
//            memory, processes, age of the entry
//   stats    datagrams dropped by reason, gossip and transport counters
//   status   this node: id, address, incarnation, speed, state
//   peers    the reliable transport toward each node: its windows, round
//            trip and retransmission timeout, what is in flight
//   ctl      commands (ssi/cluster_ctl.c); result: the last one's outcome
#include "ssi/cluster_int.h"
#include "kernel/format.h"
#include "kernel/fs/procfs.h"
#include "kernel/proc.h"
#include "ssi/migrate.h"
#include "ssi/balancer.h"
#include "ssi/deputy.h"
#include "ssi/remote.h"
#include "net/ipaddr.h"
#include "drivers/pit.h"
#include "kernel/x86.h"
#include <string.h>

int cluster_ctl_write(const char *buf, size_t n, void *arg);

// Append to a buffer, tracking the full length as snformat does.
void text_add(struct text *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    size_t room = t->len < t->size ? t->size - t->len : 0;
    t->len += (size_t)vsnformat(room ? t->buf + t->len : NULL, room, fmt, ap);
    va_end(ap);
}

static int gen_nodes(char *buf, size_t size, void *arg)
{
    static struct lv_entry snap[CLUSTER_MAX_NODES];
    uint64_t now;
    uint32_t n = cluster_snapshot(snap, CLUSTER_MAX_NODES, &now);
    struct text t = { buf, size, 0 };
    text_add(&t, "%-5s %-15s %-5s %7s %6s %9s %5s %8s\n",
        "NODE", "ADDRESS", "STATE", "LOAD", "SPEED", "FREE_KB", "PROCS", "AGE_MS");
    // In node order, for people and scripts alike.
    for (uint32_t done = 0, last = 0; done < n; done++) {
        const struct lv_entry *best = NULL;
        for (uint32_t i = 0; i < n; i++)
            if (snap[i].node > last && (!best || snap[i].node < best->node))
                best = &snap[i];
        if (!best)
            break;
        last = best->node;
        char a[IP_STR_MAX];
        ip_format(a, best->addr);
        text_add(&t, "%-5u %-15s %-5s %3u.%03u %6u %9u %5u %8u\n", best->node, a,
            best->state == LV_UP ? "up" : "down", best->load / 1000, best->load % 1000,
            best->speed, best->free_kb, best->nproc,
            best->node == cl.self ? 0 : (unsigned)loadvec_age(best, now));
    }
    return (int)t.len;
}

static int gen_stats(char *buf, size_t size, void *arg)
{
    struct text t = { buf, size, 0 };
    text_add(&t, "datagrams %u\naccepted %u\noversize %u\nhellos_sent %u\n", cl.datagrams,
        cl.rx.stats.accepted, cl.oversize, cl.hellos);
    for (int r = 1; r < WIRE_NREASONS; r++)
        text_add(&t, "drop_%s %u\n", wire_reason_name((enum wire_reason)r), cl.rx.stats.dropped[r]);
    const struct gossip_stats *g = &cl.g.stats;
    text_add(&t, "gossip_rounds %u\ngossip_sent %u\ngossip_received %u\ngossip_malformed %u\n"
        "gossip_merged %u\ngossip_marked_down %u\ngossip_marked_up %u\ngossip_conflicts %u\n"
        "gossip_left %u\n",
        g->rounds, g->sent, g->received, g->malformed, g->merged, g->marked_down,
        g->marked_up, g->conflicts, g->left);
    const struct transport_stats *s = &cl.tp.stats;
    text_add(&t, "tp_stalled %u\ntp_cwnd_cuts %u\ntp_refused %u\ntp_fast_retransmits %u\n"
        "tp_restarts %u\ntp_reply_acks %u\ntp_acks_saved %u\ntp_acks_delayed %u\n", s->stalled,
        s->cwnd_cuts, s->refused, s->fast_retransmits, s->restarts, s->reply_acks, s->acks_saved,
        s->acks_delayed);
    text_add(&t, "tp_data_sent %u\ntp_retransmits %u\ntp_acks_sent %u\ntp_delivered %u\n"
        "tp_completed %u\ntp_dup_chunks %u\ntp_dup_msgs %u\ntp_bad %u\ntp_unreachable %u\n"
        "bulk_intact %u\nbulk_damaged %u\nmsg_bad %u\nmsg_unknown_service %u\nmsg_late_reply %u\nmsg_calls_down %u\n"
        "msg_replies_deferred %u\nmsg_replies_lost %u\n",
        s->data_sent, s->retransmits, s->acks_sent, s->delivered, s->completed,
        s->dup_chunks, s->dup_msgs, s->bad, s->unreachable, cl.bulk_ok, cl.bulk_bad,
        cl.msg_bad, cl.msg_unknown, cl.msg_late, cl.calls_down, cl.replies_deferred,
        cl.replies_lost);
    const struct migrate_stats *m = &migrate_stats;
    text_add(&t, "mig_out %u\nmig_in %u\nmig_refused %u\nmig_aborted %u\nmig_arrivals_dropped %u\n"
        "mig_calls_forwarded %u\nmig_calls_served %u\nmig_cancels %u\nmig_bad %u\nmig_lost %u\n"
        "mig_begin_waits %u\n",
        m->out, m->in, m->refused, m->aborted, m->arrivals_dropped, m->calls_out, m->calls_in,
        m->cancels, m->bad, m->lost, m->begin_waits);
    return (int)t.len;
}

static int gen_deputies(char *buf, size_t size, void *arg)
{
    return deputy_list(buf, size);
}

static int gen_guests(char *buf, size_t size, void *arg)
{
    return remote_list(buf, size);
}

static int gen_balancer(char *buf, size_t size, void *arg)
{
    return balancer_gen(buf, size);
}

static int gen_status(char *buf, size_t size, void *arg)
{
    char a[IP_STR_MAX];
    ip_format(a, cl.addr);
    return snformat(buf, size,
                    "node %u\naddress %s\nincarnation %u\nspeed %u\nspeed_source %s\n"
                    "speed_runs %u\nspeed_spread_pm %u\nload %u.%03u\n"
                    "state %s\ngossip_interval_ms %u\ndown_timeout_ms %u\n",
                    cl.self, a, cl.incarnation, cl.speed, cl.speed_set ? "set" : "measured",
                    (unsigned)cl.speed_est.count, speed_spread_pm(&cl.speed_est),
                    cl.load_avg / 1000, cl.load_avg % 1000,
                    !cl.running ? "off" : cl.g.excluded ? "excluded (duplicate node id)" : "up",
                    cl.g.cfg.interval_ms, cl.g.timeout_ms);
}

static int gen_peers(char *buf, size_t size, void *arg)
{
    struct text t = { buf, size, 0 };
    text_add(&t, "%-5s %5s %5s %8s %6s %7s %6s %6s %4s\n",
        "NODE", "CWND", "WIN", "SSTHRESH", "SRTT", "RTO_MS", "FLIGHT", "MSGS", "IN");
    uint32_t f = intr_save();   // the cluster thread changes it; a consistent line each
    for (uint32_t i = 0; i < cl.tp.npeers; i++) {
        const struct tp_peer *p = &cl.tp.peers[i];
        if (!p->used)
            continue;
        uint32_t msgs = 0, in = 0;
        for (int k = 0; k < TRANSPORT_OUT_MAX; k++)
            msgs += p->out[k].used;
        for (int k = 0; k < TRANSPORT_RX_MAX; k++)
            in += p->in[k].used;
        text_add(&t, "%-5u %5u %5u %8u %6u %7u %6u %6u %4u\n", p->node, p->cwnd, p->window,
            p->ssthresh, p->have_rtt ? p->srtt8 >> 3 : 0, p->rto, p->nflight, msgs, in);
    }
    intr_restore(f);
    return (int)t.len;
}

static int gen_result(char *buf, size_t size, void *arg)
{
    return snformat(buf, size, "%s", cluster_result_of(myproc()->pid));
}

static int gen_ctl(char *buf, size_t size, void *arg)
{
    return snformat(buf, size, "commands: setspeed N | balance on|off | block | allow | "
                               "send NODE BYTES | ping NODE [BYTES] | expel | bring | halt | "
                               "fail POINT\n");
}

void cluster_proc_init(void)
{
    procfs_add_file("cluster/nodes", gen_nodes, NULL);
    procfs_add_file("cluster/stats", gen_stats, NULL);
    procfs_add_file("cluster/status", gen_status, NULL);
    procfs_add_file("cluster/peers", gen_peers, NULL);
    procfs_add_file("cluster/result", gen_result, NULL);
    procfs_add_file("cluster/deputies", gen_deputies, NULL);
    procfs_add_file("cluster/guests", gen_guests, NULL);
    procfs_add_file("cluster/balancer", gen_balancer, NULL);
    procfs_add_rw_file("cluster/ctl", gen_ctl, cluster_ctl_write, NULL);
}
