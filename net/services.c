// Starting and stepping the kernel's network services (see services.h).
#include "kernel/types.h"
#include "net/services.h"
#include "kernel/boot.h"
#include "kernel/console.h"

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
    int echo_port = port > 0 && port < 65536 ? (int)port : UDPECHO_DEFAULT_PORT;
    if (cmdline_get(c, "peerping"))
        peercheck_run(cmdline_get(c, "peerping"), false, echo_port);
    if (cmdline_get(c, "peercheck"))
        peercheck_run(cmdline_get(c, "peercheck"), true, echo_port);
}

void net_services_step(void)
{
    udpecho_step();
}
