// Starting and stepping the kernel's network services (see services.h).
#include "kernel/types.h"
#include "net/services.h"
#include "kernel/boot.h"
#include "kernel/console.h"
#include "drivers/net/nic.h"
#include "drivers/pit.h"
#include "net/netglue.h"

#define NETSTAT_TEXT_MAX 1024   // room for the /proc/net/dev text of NIC_MAX cards

static uint64_t netstat_every_ms;   // "netstat=SECONDS": print the counters this often (0: never)
static uint64_t netstat_next_ms;    // uptime of the next print

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
    long every = cmdline_get_int(c, "netstat", 0);
    if (every > 0 && every < 3600) {
        netstat_every_ms = (uint64_t)every * 1000;
        netstat_next_ms = uptime_ms() + netstat_every_ms;
    }
    int echo_port = port > 0 && port < 65536 ? (int)port : UDPECHO_DEFAULT_PORT;
    if (cmdline_get(c, "peerping"))
        peercheck_run(cmdline_get(c, "peerping"), false, echo_port);
    if (cmdline_get(c, "peercheck"))
        peercheck_run(cmdline_get(c, "peercheck"), true, echo_port);
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
    if (netstat_every_ms && uptime_ms() >= netstat_next_ms) {
        netstat_next_ms += netstat_every_ms;
        netstat_print();
    }
}
