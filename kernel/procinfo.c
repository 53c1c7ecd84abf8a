// The /proc files about processes and the scheduler: /proc/PID/status,
// /proc/uptime, /proc/loadavg (formats in docs/proc-formats.md).
#include "kernel/procinfo.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/format.h"
#include "kernel/fs/procfs.h"
#include "drivers/pit.h"
#include "mm/uvm.h"
#include "kernel/api/errno.h"
#include "ssi/cluster.h"
#include "ssi/migrate.h"
#include <string.h>

// Load averages in fixed point with FSHIFT fraction bits, decayed every
// 5 seconds as Unix has always done: load = load * e + n * (1 - e).
#define FSHIFT 11
#define FIXED_1 (1 << FSHIFT)
#define EXP_1  1884   // FIXED_1 / exp(5 s / 1 min)
#define EXP_5  2014   // FIXED_1 / exp(5 s / 5 min)
#define EXP_15 2037   // FIXED_1 / exp(5 s / 15 min)
static uint32_t avenrun[3];

static uint32_t decay(uint32_t load, uint32_t exp, uint32_t n)
{
    return (load * exp + n * FIXED_1 * (FIXED_1 - exp)) >> FSHIFT;
}

void loadavg_tick(void)
{
    static uint32_t count;
    if (++count < 5 * HZ)
        return;
    count = 0;
    uint32_t n = proc_runnable_count();
    avenrun[0] = decay(avenrun[0], EXP_1, n);
    avenrun[1] = decay(avenrun[1], EXP_5, n);
    avenrun[2] = decay(avenrun[2], EXP_15, n);
}

// What a slot is, for /proc/PID/status's Role line.
static const char *role_name(const struct proc *p)
{
    switch (p->role) {
    case ROLE_DEPUTY:   return "deputy";
    case ROLE_GUEST:    return "guest";
    case ROLE_ARRIVING: return "arriving";
    default:            return "local";
    }
}

static int gen_status(int pid, const char *file, char *buf, size_t size)
{
    struct proc *p = proc_find(pid);
    if (!p)
        return -1;
    if (strcmp(file, "status") != 0)
        return migrate_proc_gen(p, file, buf, size);
    return snformat(buf, size,
                    "Name:\t%s\nState:\t%s\nPid:\t%d\nPPid:\t%d\nPgid:\t%d\n"
                    "CpuTicks:\t%u\nVmKB:\t%u\nHome:\t%u\nKthread:\t%d\nRole:\t%s\n"
                    "Where:\t%u\n",
                    p->name, p->stopped ? "T (stopped)" : proc_state_name(p->state), p->pid,
                    p->parent ? p->parent->pid : 0, p->pgid,
                    (unsigned)(p->uticks + p->sticks),
                    p->vm ? (unsigned)(p->vm->pages * 4) : 0, (unsigned)p->home, p->kthread,
                    role_name(p), (unsigned)(p->role == ROLE_DEPUTY ? p->runs_on : cluster_self()));
}

static int write_pid_file(int pid, const char *file, const char *buf, size_t n)
{
    struct proc *p = proc_find(pid);
    if (!p)
        return -ESRCH;
    return migrate_proc_write(p, file, buf, n);
}

static int gen_uptime(char *buf, size_t size, void *arg)
{
    uint64_t t = ticks(), idle = sched_idle_ticks();
    return snformat(buf, size, "%u.%02u %u.%02u\n",
                    (unsigned)(t / HZ), (unsigned)(t % HZ * 100 / HZ),
                    (unsigned)(idle / HZ), (unsigned)(idle % HZ * 100 / HZ));
}

static void fixed(char *out, size_t n, uint32_t v)
{
    snformat(out, n, "%u.%02u", v >> FSHIFT, ((v & (FIXED_1 - 1)) * 100) >> FSHIFT);
}

static int gen_loadavg(char *buf, size_t size, void *arg)
{
    char a[16], b[16], c[16];
    fixed(a, sizeof(a), avenrun[0]);
    fixed(b, sizeof(b), avenrun[1]);
    fixed(c, sizeof(c), avenrun[2]);
    int total = 0, last = 0;
    for (int i = 0; i < NPROC; i++) {
        if (proctab[i].state != P_UNUSED && !proctab[i].kthread) {
            total++;
            if (proctab[i].pid > last)
                last = proctab[i].pid;
        }
    }
    return snformat(buf, size, "%s %s %s %u/%d %d\n", a, b, c,
                    (unsigned)proc_runnable_count(), total, last);
}

static int list_pids(int *pids, int max)
{
    return proc_pids(pids, max);
}

void procinfo_init(void)
{
    procfs_set_pid_provider(list_pids, gen_status);
    procfs_set_pid_writer(write_pid_file);
    // The migration files of every process (ssi/migrate.c).
    static const char *const ro[] = { "where", "cantmove", "nmigs", "migstat" };
    for (unsigned i = 0; i < sizeof(ro) / sizeof(ro[0]); i++)
        procfs_add_pid_file(ro[i], false);
    procfs_add_pid_file("goto", true);
    procfs_add_pid_file("lock", true);
    procfs_add_file("uptime", gen_uptime, NULL);
    procfs_add_file("loadavg", gen_loadavg, NULL);
}
