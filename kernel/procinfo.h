// /proc files about processes: /proc/PID/status, uptime, loadavg.
#ifndef KERNEL_PROCINFO_H
#define KERNEL_PROCINFO_H

// Register the files with procfs.
void procinfo_init(void);

// Called every timer tick: every 5 s folds the run-queue length into the
// load averages.
void loadavg_tick(void);

#endif
