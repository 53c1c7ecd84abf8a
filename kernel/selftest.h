// Deliberate faults for tests/cluster: "crash=NAME" on the command line
// makes the kernel hit that fault after boot, so the test can check the
// report. Names: pagefault, divide, invalidop, panic, doublefree, overrun.
#ifndef KERNEL_SELFTEST_H
#define KERNEL_SELFTEST_H

void selftest_run(void);

#endif
