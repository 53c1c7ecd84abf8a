// Shared by the usertests files: limits, helpers, and the cases.
#ifndef USERTESTS_UT_H
#define USERTESTS_UT_H

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <sched.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <locale.h>
#include <limits.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include "procfile.h"


#define WORKDIR        "/usertests.d"
#define FORK_MAX       2000            // the fork storm stops here if fork never fails
#define SBRK_STEP      (1024 * 1024)   // sbrk growth per step
#define SBRK_MAX       (1024u * 1024 * 1024)  // and at most this much
#define OPEN_TRY_MAX   1000            // open() attempts before giving up on EMFILE
#define PIPE_TOTAL     (1024 * 1024)   // bytes through the pipe test
#define BIGFILE_SIZE   (100 * 1024)    // bytes of the big file test
#define STACK_DEPTH    256             // frames of 1 KiB: 256 KiB of stack
// The page-leak check allows MemFree to drop this much over the run: what
// usertests itself still holds at the end (its heap and stack grew during
// the run: 64 kB measured at 16 and 64 MiB, given back when it exits, as a
// second run starting from the same MemFree shows).
#define LEAK_TOLERANCE_KB 128

extern char reason[256];   // why the running case failed

// Record why the case failed (printf-style); returns -1 for "return fail(...)".
int fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

// Wait for pid (retrying EINTR); its wait status, or -1.
int wait_for(pid_t pid);

// Sleep ms milliseconds.
void msleep(long ms);

// Write n bytes of data to a new executable file path; 0 or fail()'s -1.
int make_file(const char *path, const void *data, size_t n);

// Byte i of the test pattern of the file and pipe cases.
char pattern(size_t i);

// The cases: each returns 0 when it passed, else -1 with reason set.
int t_forkstorm(void);
int t_exec_missing(void);
int t_exec_garbage(void);
int t_exec_truncated(void);
int t_exec_echo(void);
int t_exec_script(void);
int t_ports(void);
int t_sigsuspend(void);
int t_wuntraced(void);
int t_killbusy(void);
int t_nullderef(void);
int t_wnohang(void);
int t_orphan(void);
int t_sbrk(void);
int t_stack(void);
int t_malloc(void);
int t_badptr(void);
int t_bigfile(void);
int t_openfiles(void);
int t_dup(void);
int t_lseek(void);
int t_ramfs(void);
int t_pipe1m(void);
int t_pipeeof(void);
int t_signals(void);
int t_sleepintr(void);
int t_sleepstop(void);
int t_dirflag(void);
int t_fpu(void);
int t_devices(void);
int t_libc(void);
int t_sigchld(void);

#endif
