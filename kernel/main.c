// Kernel entry from boot/boot.asm. Reads like a table of contents: one line
// per subsystem, in the order they depend on each other.
#include "kernel/boot.h"
#include "kernel/console.h"
#include "kernel/gdt.h"
#include "kernel/initrd.h"
#include "kernel/panic.h"
#include "kernel/param.h"
#include "kernel/trap.h"
#include "kernel/x86.h"
#include "kernel/selftest.h"
#include "kernel/clock.h"
#include "kernel/fpu.h"
#include "kernel/proc.h"
#include "kernel/procinfo.h"
#include "kernel/profile.h"
#include "kernel/netinfo.h"
#include "kernel/sched.h"
#include "kernel/fs/fs.h"
#include "kernel/fs/tty.h"
#include "kernel/fs/vfs.h"
#include "drivers/pci.h"
#include "drivers/net/probe.h"
#include "drivers/pic.h"
#include "drivers/pit.h"
#include "mm/kmalloc.h"
#include "mm/phys.h"
#include "mm/vm.h"
#include "net/net.h"
#include "net/services.h"
#include "ssi/cluster.h"

static void banner(void)
{
    uint64_t ram = bootinfo.ram_bytes;
    kprintf("%s %s (i386, built %s %s)\n", KERNEL_NAME, KERNEL_VERSION, __DATE__, __TIME__);
    kprintf("memory: %u MiB RAM, %u MiB managed, %u MiB free\n",
            (unsigned)(ram >> 20), (unsigned)(phys_managed_bytes() >> 20),
            (unsigned)(phys_free_bytes() >> 20));
    char how[128];
    boot_how(how, sizeof(how));
    kprintf("boot: %s\n", how);
    kprintf("command line: %s\n", bootinfo.cmdline.original);
    for (int i = 0; i < bootinfo.nmodules; i++)
        kprintf("module %d: %s, %u bytes at %08x\n", i, bootinfo.modules[i].name,
                bootinfo.modules[i].end - bootinfo.modules[i].start,
                bootinfo.modules[i].start);
}

// Start /bin/init (or init= from the command line) as process 1, when the
// root file system has it.
static void start_init(void)
{
    const char *path = cmdline_get(&bootinfo.cmdline, "init");
    if (!path)
        path = "/bin/init";
    struct api_stat st;
    if (vfs_stat(NULL, path, &st) < 0) {
        kprintf("init: %s not found; no user processes\n", path);
        return;
    }
    userinit(path);
}

void kmain(uint32_t magic, paddr_t mbi)
{
    console_init();           // serial line and VGA text screen
    gdt_init();               // segments and the task state segment
    trap_init();              // exception, interrupt and system call gates
    boot_parse(magic, mbi);   // command line, modules, memory map
    phys_init();              // physical frame pool
    vm_init();                // drop the boot identity map, MMIO window
    kmalloc_init();           // kernel heap
    pic_init();               // interrupt controllers, all lines masked
    pit_init();               // timer tick, HZ per second
    banner();
    if (bootinfo.cmdline.truncated)
        kprintf("boot: command line longer than %d bytes was cut\n", CMDLINE_MAX);
    if (bootinfo.cmdline.dropped)
        kprintf("boot: %d command line words ignored\n", bootinfo.cmdline.dropped);
    struct initrd rd = initrd_find();
    if (rd.data)
        kprintf("initrd: %u bytes\n", (unsigned)rd.size);
    sti();
    selftest_run();           // "crash=..." switches used by tests/cluster
    pci_init();               // PCI functions, listed on the console
    nic_probe_all();          // network cards: e1000, rtl8139, ne2000
    net_init();               // lwIP; the address from ip= or DHCP
    net_services_start();     // udpecho=, netstat=
    fpu_init();               // x87/SSE on, the clean state for new programs
    clock_init();             // wall clock from the RTC
    proc_init();              // the process table
    fs_init(rd.data, rd.size);   // root ramfs from the initrd, /dev, /proc
    if (rd.data)                 // its files are copies now: its memory goes back
        kprintf("initrd: %u KiB returned to the free memory\n",
                phys_release(V2P(rd.data), V2P(rd.data) + rd.size) * (FRAME_SIZE / 1024));
    vfs_set_clock(clock_now);
    procinfo_init();          // /proc/PID/status, uptime, loadavg
    profile_init();           // /proc/profile, the sampling profiler
    netinfo_init();           // /proc/pci, /proc/net/dev, /proc/net/if
    tty_set_signal_handler(proc_signal_group);   // ^C on the console
    proc_set_node(cluster_boot_node_id());   // user processes get cluster pids (static address)
    start_init();             // /bin/init, process 1
    net_thread_start();       // the network thread: from now on the one context running lwIP
    net_services_start_checks();   // peerping=, peercheck= (tests), in a thread
    cluster_init();           // the cluster layer: gossip, load vector, transport
    kprintf("idle: ready\n");
    scheduler();              // run processes for ever
}
