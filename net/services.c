// Starting and stepping the kernel's network services (see services.h).
#include "kernel/types.h"
#include "net/services.h"
#include "kernel/boot.h"
#include "kernel/console.h"
#include "kernel/proc.h"
#include "drivers/net/nic.h"
#include "drivers/pit.h"
#include "net/netglue.h"

#define NETSTAT_TEXT_MAX 1024   // room for the /proc/net/dev text of NIC_MAX cards

static uint64_t netstat_every_ms;   // "netstat=SECONDS": print the counters this often (0: never)
static uint64_t netstat_next_ms;    // uptime of the next print
static int echo_port;               // the echo service's port (the peers' too)

void net_services_start(void)
{
    const struct cmdline *c = &bootinfo.cmdline;
    long port = cmdline_get_int(c, "udpecho", -1);
    if (cmdline_get(c, "udpecho") && cmdline_get(c, "udpecho")[0] == '\0')
        port = UDPECHO_DEFAULT_PORT;
    if (port > 0 && port < 65536)
        udpecho_start((int)port);
    else if (cmdline_get(c, "udpecho"))
        kprintf("udpecho: bad port '%s'\n", cmdline_get(c, "udpecho"));
    long sink = cmdline_get_int(c, "udpsink", -1);
    if (sink > 0 && sink < 65536 && sink != port)
        udpsink_start((int)sink);
    else if (cmdline_get(c, "udpsink"))
        kprintf("udpsink: bad port '%s'\n", cmdline_get(c, "udpsink"));
    long every = cmdline_get_int(c, "netstat", 0);
    if (every > 0 && every < 3600) {
        netstat_every_ms = (uint64_t)every * 1000;
        netstat_next_ms = uptime_ms() + netstat_every_ms;
    }
    echo_port = port > 0 && port < 65536 ? (int)port : UDPECHO_DEFAULT_PORT;
}

// The peer checks, in a kernel thread of their own: they wait for peers
// that boot at the same time, whose echo services run in their network
// threads, so the boot must not wait for them.
static void peercheck_thread(void *arg)
{
    const struct cmdline *c = &bootinfo.cmdline;
    if (cmdline_get(c, "peerping"))
        peercheck_run(cmdline_get(c, "peerping"), false, echo_port, 0, 0);
    long count = cmdline_get_int(c, "peercheck_count", 0);
    if (cmdline_get(c, "peercheck"))
        peercheck_run(cmdline_get(c, "peercheck"), true, echo_port,
                      count > 0 && count <= 1000000 ? (uint32_t)count : 0,
                      (size_t)cmdline_get_int(c, "peercheck_max", 0));
}

void net_services_start_checks(void)
{
    const struct cmdline *c = &bootinfo.cmdline;
    if ((cmdline_get(c, "peerping") || cmdline_get(c, "peercheck")) &&
        !kthread_create("peercheck", peercheck_thread, NULL))
        kprintf("peercheck: no process slot for its thread\n");
}

// Print /proc/net/dev's text and the drops inside the stack.
static void netstat_print(void)
{
    static char text[NETSTAT_TEXT_MAX];
    int n = netdev_format(text, sizeof(text));
    kprintf("netstat: at %u ms\n", (unsigned)uptime_ms());
    console_write(text, n < (int)sizeof(text) ? n : (int)sizeof(text) - 1);
    kprintf("netstat: stack drops %u, echo drops %u\n", (unsigned)netglue_stack_drops(),
            (unsigned)udpecho_drops());
}

void net_services_step(void)
{
    udpecho_step();
    udpsink_step();
    if (netstat_every_ms && uptime_ms() >= netstat_next_ms) {
        netstat_next_ms += netstat_every_ms;
        netstat_print();
    }
}
