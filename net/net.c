// The network context: lwIP set-up, the poll loop, the request queue and
// the one waiting function (see net.h).
#include "net/net.h"
#include "net/services.h"
#include "kernel/panic.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "net/ipaddr.h"
#include "net/netglue.h"
#include "kernel/x86.h"
#include "drivers/net/nic.h"
#include "drivers/pit.h"
#include "kernel/boot.h"
#include "kernel/console.h"
#include "kernel/x86.h"
#include "lwip/dhcp.h"
#include "kernel/format.h"
#include "lwip/init.h"
#include "lwip/netif.h"
#include "lwip/timeouts.h"

static struct netif *primary;            // the first card's netif: the node's address
static bool using_dhcp;                  // primary gets its address by DHCP
static bool said_ready;                  // "net: ready" printed
static bool said_dhcp_wait;              // the DHCP timeout message printed
static bool polling;                     // inside net_poll: the network context is busy

// Requests from other contexts, oldest first. Guarded by turning
// interrupts off (one CPU; a handler may submit too).
static struct net_req *req_head, *req_tail;

// netif status callback: say what address a card has now (once it has one).
static void status_changed(struct netif *netif)
{
    struct nic *nic = netglue_nic(netif);
    if (ip4_addr_isany_val(*netif_ip4_addr(netif)))
        return;   // up, but still waiting for DHCP
    char ip[IP_STR_MAX], mask[IP_STR_MAX], gw[IP_STR_MAX];
    ip_format(ip, lwip_ntohl(ip4_addr_get_u32(netif_ip4_addr(netif))));
    ip_format(mask, lwip_ntohl(ip4_addr_get_u32(netif_ip4_netmask(netif))));
    ip_format(gw, lwip_ntohl(ip4_addr_get_u32(netif_ip4_gw(netif))));
    // Say where the address came from: the DHCP server that gave it, or
    // the command line.
    char from[40 + IP_STR_MAX] = " (ip= on the command line)";
    struct dhcp *d = netif_dhcp_data(netif);
    if (netif == primary && using_dhcp && d) {
        char server[IP_STR_MAX];
        ip_format(server, lwip_ntohl(ip4_addr_get_u32(ip_2_ip4(&d->server_ip_addr))));
        snformat(from, sizeof(from), " (DHCP, from server %s)", server);
    }
    kprintf("net: %s: address %s netmask %s gateway %s%s\n", nic->name, ip, mask, gw, from);
}

// Give primary its address from "ip=" and "gw=", or start DHCP.
static void configure(struct netif *netif)
{
    const struct cmdline *c = &bootinfo.cmdline;
    const char *ipstr = cmdline_get(c, "ip");
    const char *gwstr = cmdline_get(c, "gw");
    uint32_t ip, gw = 0;
    int prefix;
    if (ipstr && !ip_parse_cidr(ipstr, &ip, &prefix)) {
        kprintf("net: cannot read ip=%s (want A.B.C.D/N); using DHCP\n", ipstr);
        ipstr = NULL;
    }
    if (gwstr && !ip_parse(gwstr, &gw)) {
        kprintf("net: cannot read gw=%s (want A.B.C.D); no gateway\n", gwstr);
        gw = 0;
    }
    if (!ipstr) {
        using_dhcp = true;
        kprintf("net: %s: no ip= on the command line, asking DHCP\n", netglue_nic(netif)->name);
        if (dhcp_start(netif) != ERR_OK)
            kprintf("net: DHCP could not start\n");
        return;
    }
    ip4_addr_t a, m, g;
    ip4_addr_set_u32(&a, lwip_htonl(ip));
    ip4_addr_set_u32(&m, lwip_htonl(ip_prefix_mask(prefix)));
    ip4_addr_set_u32(&g, lwip_htonl(gw));
    netif_set_addr(netif, &a, &m, &g);
}

void net_init(void)
{
    lwip_init();
    for (int i = 0; i < nic_count(); i++) {
        struct nic *nic = nic_get(i);
        struct netif *netif = netglue_attach(nic);
        if (!netif) {
            kprintf("net: %s: out of memory for its netif\n", nic->name);
            continue;
        }
        netif_set_status_callback(netif, status_changed);
        if (!primary) {
            primary = netif;
            netif_set_default(netif);
            netif_set_up(netif);
            configure(netif);
        } else {
            netif_set_up(netif);
            kprintf("net: %s: no address (only the first card is configured)\n", nic->name);
        }
    }
}

bool net_ready(void)
{
    return primary && netif_is_up(primary) && netif_is_link_up(primary) &&
           !ip4_addr_isany_val(*netif_ip4_addr(primary));
}

bool net_has_card(void)
{
    return primary != NULL;
}

uint32_t net_local_ip(void)
{
    return primary ? lwip_ntohl(ip4_addr_get_u32(netif_ip4_addr(primary))) : 0;
}

// Print the one-time messages: ready, or DHCP still waiting.
static void report_progress(void)
{
    if (said_ready || !primary)
        return;
    if (net_ready()) {
        char ip[IP_STR_MAX];
        ip_format(ip, net_local_ip());
        kprintf("net: ready: %s %s (%s) %u ms after boot\n", netglue_nic(primary)->name,
                ip, netglue_nic(primary)->model, (unsigned)uptime_ms());
        said_ready = true;
    } else if (using_dhcp && !said_dhcp_wait && uptime_ms() > NET_DHCP_WARN_MS) {
        kprintf("net: no DHCP answer after %d s; still asking\n", NET_DHCP_WARN_MS / 1000);
        said_dhcp_wait = true;
    }
}

// Take the whole request queue (oldest first).
static struct net_req *take_requests(void)
{
    uint32_t f = intr_save();
    struct net_req *r = req_head;
    req_head = req_tail = NULL;
    intr_restore(f);
    return r;
}

// The network thread sleeps on this; interrupt handlers (through
// net_kick) and net_submit wake it.
static char net_wake;
static bool thread_running;

void net_kick(void)
{
    wakeup(&net_wake);
}

// Queue req for the network thread; waited: its caller waits for it.
static void submit(struct net_req *req, bool waited)
{
    req->next = NULL;
    req->done = false;
    req->waited = waited;
    uint32_t f = intr_save();
    if (req_tail)
        req_tail->next = req;
    else
        req_head = req;
    req_tail = req;
    intr_restore(f);
    net_kick();
}

void net_submit(struct net_req *req)
{
    submit(req, false);
}

// Threads waiting in net_wait sleep on this; net_poll wakes them after a
// round that can have changed what they wait for.
static char net_event;

// Threads waiting for room in a socket's send queue (net_wait_room).
static int room_waiters;

void net_poll(void)
{
    // One context at a time runs lwIP: a second caller (a request's run
    // function, or another thread while the first is preempted) returns.
    if (__atomic_exchange_n(&polling, true, __ATOMIC_ACQUIRE))
        return;
    // Waiters are woken only after a round that received frames, ran a
    // request someone waits for, or made room in a send queue someone
    // waits on. Waking them after every round would keep the CPU from
    // halting; after every send (the cluster thread sends, then waits for
    // datagrams) it would wake a thread only to put it back to sleep.
    // What counts is the frames fed, not the frames queued when the poll
    // began: a frame that arrives meanwhile is fed in the next round, and
    // its reader would otherwise sleep until its wait's slice ran out.
    bool work = false;
    for (int round = 0; round < 8; round++) {
        if (netglue_poll() > 0)
            work = true;
        struct net_req *r = take_requests();
        while (r) {
            struct net_req *next = r->next;   // run may free r
            if (r->waited || room_waiters > 0)
                work = true;
            r->run(r);
            r = next;
        }
        sys_check_timeouts();
        if (!net_pending())
            break;
    }
    report_progress();
    __atomic_store_n(&polling, false, __ATOMIC_RELEASE);
    if (work)
        wakeup(&net_event);
}

bool net_pending(void)
{
    return req_head != NULL || netglue_pending();
}

void net_idle_wait(void)
{
    cli();
    if (net_pending())
        sti();
    else
        __asm__ volatile("sti; hlt");   // sti takes effect after hlt starts: no lost wake-up
}

bool net_wait_room(bool (*cond)(void *arg), void *arg)
{
    uint32_t f = intr_save();
    room_waiters++;
    intr_restore(f);
    bool ok = net_wait(cond, arg, NET_FOREVER);
    f = intr_save();
    room_waiters--;
    intr_restore(f);
    return ok;
}

void net_wake_waiters(void)
{
    wakeup(&net_event);
}

// The longest a waiting thread sleeps before it looks at its condition
// again (a wakeup may come from a round that did not concern it).
#define NET_WAIT_SLICE_MS 20

// Waits that ran out their slice (or deadline) to find their condition
// already true: a wake-up the network context owed them and never gave.
static uint32_t late_wakeups;

uint32_t net_late_wakeups(void)
{
    return late_wakeups;
}

bool net_wait(bool (*cond)(void *arg), void *arg, uint64_t deadline)
{
    if (!myproc() || !thread_running) {
        // Before the network thread runs (boot): be the network context.
        for (;;) {
            net_poll();
            if (cond(arg))
                return true;
            if (uptime_ms() >= deadline)
                return cond(arg);
            net_idle_wait();
        }
    }
    // A thread: sleep while the network thread works; it wakes us after
    // each round that handled frames or requests.
    for (;;) {
        if (cond(arg))
            return true;
        uint64_t now = uptime_ms();
        if (now >= deadline)
            return cond(arg);
        uint64_t left = deadline - now;
        cli();
        if (!cond(arg) &&
            !sleep_timeout(&net_event, left < NET_WAIT_SLICE_MS ? (uint32_t)left : NET_WAIT_SLICE_MS) &&
            cond(arg))
            late_wakeups++;   // it came true, and nobody woke us for it
        sti();
    }
}

static bool req_done(void *arg)
{
    return ((struct net_req *)arg)->done;
}

void net_call(struct net_req *req)
{
    submit(req, true);
    net_wait(req_done, req, NET_FOREVER);
}

// The network thread: the one context that runs lwIP once the scheduler
// runs. Each round feeds lwIP the frames the cards queued, runs the
// queued requests and lwIP's timers, and steps the kernel's own network
// services; then it sleeps until a card or a request wakes it, or until
// lwIP's next timer is due (NET_TIMER_MS at most).
static void net_thread(void *arg)
{
    for (;;) {
        for (int round = 0; round < NET_ROUNDS_MAX; round++) {
            net_poll();
            net_services_step();
            if (!net_pending())
                break;
        }
        cli();
        if (!net_pending())
            sleep_timeout(&net_wake, NET_TIMER_MS);
        sti();
    }
}

void net_thread_start(void)
{
    if (!kthread_create("netd", net_thread, NULL))
        panic("net: no process slot for the network thread");
    thread_running = true;
}
