// The one table of system calls: for each, its handler, how each argument
// travels, and where it runs for a process away from home. The dispatcher
// (kernel/syscall.c) and the envelope (kernel/envelope.c) are driven by
// this table alone; adding a call is one row here and one number in
// kernel/api/syscall_nr.h.
#include "kernel/syscall.h"
#include "kernel/param.h"
#include "kernel/api/syscall_nr.h"
#include "kernel/api/types.h"

// Argument shapes, to keep the rows readable.
#define VAL            { ARG_VAL, 0, -1, 0, 0 }
#define STR            { ARG_STR, 0, -1, 0, 0 }
#define STRV           { ARG_STRV, 0, -1, 0, 0 }
#define IN(lenarg)     { ARG_IN, 0, lenarg, 0, 0 }
#define OUT(lenarg)    { ARG_OUT, ARGF_RETLEN, lenarg, 0, 0 }   // read-like: ret bytes come back
#define IN_T(type)     { ARG_IN, 0, -1, sizeof(type), 0 }
#define OUT_T(type)    { ARG_OUT, 0, -1, sizeof(type), 0 }
#define INOUT_T(type)  { ARG_INOUT, 0, -1, sizeof(type), 0 }
#define OPT_IN_T(type)  { ARG_IN, ARGF_NULLOK, -1, sizeof(type), 0 }
#define OPT_OUT_T(type) { ARG_OUT, ARGF_NULLOK, -1, sizeof(type), 0 }
#define OPT_INOUT_T(type) { ARG_INOUT, ARGF_NULLOK, -1, sizeof(type), 0 }

int32_t sys_exit(struct sysreq *);
int32_t sys_fork(struct sysreq *);
int32_t sys_read(struct sysreq *);
int32_t sys_write(struct sysreq *);
int32_t sys_open(struct sysreq *);
int32_t sys_close(struct sysreq *);
int32_t sys_waitpid(struct sysreq *);
int32_t sys_execve(struct sysreq *);
int32_t sys_getpid(struct sysreq *);
int32_t sys_getppid(struct sysreq *);
int32_t sys_kill(struct sysreq *);
int32_t sys_nanosleep(struct sysreq *);
int32_t sys_brk(struct sysreq *);
int32_t sys_gettimeofday(struct sysreq *);
int32_t sys_uname(struct sysreq *);
int32_t sys_sched_yield(struct sysreq *);
int32_t sys_lseek(struct sysreq *);
int32_t sys_stat(struct sysreq *);
int32_t sys_fstat(struct sysreq *);
int32_t sys_dup(struct sysreq *);
int32_t sys_dup2(struct sysreq *);
int32_t sys_pipe(struct sysreq *);
int32_t sys_unlink(struct sysreq *);
int32_t sys_mkdir(struct sysreq *);
int32_t sys_rmdir(struct sysreq *);
int32_t sys_getdents(struct sysreq *);
int32_t sys_chdir(struct sysreq *);
int32_t sys_getcwd(struct sysreq *);
int32_t sys_sigaction(struct sysreq *);
int32_t sys_sigprocmask(struct sysreq *);
int32_t sys_sigreturn(struct sysreq *);
int32_t sys_ioctl(struct sysreq *);
int32_t sys_setpgid(struct sysreq *);
int32_t sys_getpgrp(struct sysreq *);
int32_t sys_utime(struct sysreq *);
int32_t sys_chmod(struct sysreq *);
int32_t sys_fchmod(struct sysreq *);
int32_t sys_sigsuspend(struct sysreq *);
int32_t sys_umask(struct sysreq *);
int32_t sys_times(struct sysreq *);
int32_t sys_rename(struct sysreq *);
int32_t sys_clock_gettime(struct sysreq *);
int32_t sys_fcntl(struct sysreq *);
int32_t sys_socket(struct sysreq *);
int32_t sys_bind(struct sysreq *);
int32_t sys_sendto(struct sysreq *);
int32_t sys_recvfrom(struct sysreq *);
int32_t sys_setsockopt(struct sysreq *);
int32_t sys_icmp_echo(struct sysreq *);
int ioctl_arg_size(const uint32_t *args);

const struct syscall_desc syscall_table[SYS_MAX] = {
    // Processes. fork, execve and exit are split: memory where the process
    // runs, pids, files and the family tree at home.
    [SYS_exit]     = { "exit",     sys_exit,     1, RUN_SPLIT, { VAL } },
    [SYS_fork]     = { "fork",     sys_fork,     0, RUN_SPLIT, { { 0 } } },
    [SYS_waitpid]  = { "waitpid",  sys_waitpid,  3, RUN_HOME,  { VAL, OPT_OUT_T(int32_t), VAL } },
    [SYS_execve]   = { "execve",   sys_execve,   3, RUN_SPLIT, { STR, STRV, STRV } },
    [SYS_getpid]   = { "getpid",   sys_getpid,   0, RUN_LOCAL, { { 0 } } },
    [SYS_getppid]  = { "getppid",  sys_getppid,  0, RUN_HOME,  { { 0 } } },
    [SYS_kill]     = { "kill",     sys_kill,     2, RUN_HOME,  { VAL, VAL } },
    [SYS_setpgid]  = { "setpgid",  sys_setpgid,  2, RUN_HOME,  { VAL, VAL } },
    [SYS_getpgrp]  = { "getpgrp",  sys_getpgrp,  0, RUN_HOME,  { { 0 } } },
    [SYS_times]    = { "times",    sys_times,    1, RUN_LOCAL, { OUT_T(struct api_tms) } },
    // Memory and the CPU: always where the process runs.
    [SYS_brk]         = { "brk",         sys_brk,         1, RUN_LOCAL, { VAL } },
    [SYS_sched_yield] = { "sched_yield", sys_sched_yield, 0, RUN_LOCAL, { { 0 } } },
    [SYS_nanosleep]   = { "nanosleep",   sys_nanosleep,   2, RUN_LOCAL,
                          { IN_T(struct api_timespec),
                            { ARG_OUT, ARGF_NULLOK | ARGF_ERRTOO, -1, sizeof(struct api_timespec), 0 } } },
    // Signals: the mask and handlers travel with the process.
    [SYS_sigaction]   = { "sigaction",   sys_sigaction,   3, RUN_LOCAL,
                          { VAL, OPT_IN_T(struct api_sigaction), OPT_OUT_T(struct api_sigaction) } },
    [SYS_sigprocmask] = { "sigprocmask", sys_sigprocmask, 3, RUN_LOCAL,
                          { VAL, OPT_IN_T(uint32_t), OPT_OUT_T(uint32_t) } },
    [SYS_sigreturn]   = { "sigreturn",   sys_sigreturn,   0, RUN_LOCAL, { { 0 } }, SYSF_NORESTART },
    [SYS_sigsuspend]  = { "sigsuspend",  sys_sigsuspend,  1, RUN_LOCAL, { IN_T(uint32_t) } },
    // Time: the cluster shares one clock only as well as NTP would; local.
    [SYS_gettimeofday]  = { "gettimeofday",  sys_gettimeofday,  2, RUN_LOCAL,
                            { OPT_OUT_T(struct api_timeval), VAL } },
    [SYS_clock_gettime] = { "clock_gettime", sys_clock_gettime, 2, RUN_LOCAL,
                            { VAL, OUT_T(struct api_timespec) } },
    [SYS_uname]    = { "uname",    sys_uname,    1, RUN_HOME,  { OUT_T(struct api_utsname) } },
    // Files, directories and the console: at home, where they are.
    [SYS_read]     = { "read",     sys_read,     3, RUN_HOME,  { VAL, OUT(2), VAL } },
    [SYS_write]    = { "write",    sys_write,    3, RUN_HOME,  { VAL, IN(2), VAL } },
    [SYS_open]     = { "open",     sys_open,     3, RUN_HOME,  { STR, VAL, VAL } },
    [SYS_close]    = { "close",    sys_close,    1, RUN_HOME,  { VAL } },
    [SYS_lseek]    = { "lseek",    sys_lseek,    3, RUN_HOME,  { VAL, VAL, VAL } },
    [SYS_stat]     = { "stat",     sys_stat,     2, RUN_HOME,  { STR, OUT_T(struct api_stat) } },
    [SYS_fstat]    = { "fstat",    sys_fstat,    2, RUN_HOME,  { VAL, OUT_T(struct api_stat) } },
    [SYS_dup]      = { "dup",      sys_dup,      1, RUN_HOME,  { VAL } },
    [SYS_dup2]     = { "dup2",     sys_dup2,     2, RUN_HOME,  { VAL, VAL } },
    [SYS_fcntl]    = { "fcntl",    sys_fcntl,    3, RUN_HOME,  { VAL, VAL, VAL } },
    [SYS_pipe]     = { "pipe",     sys_pipe,     1, RUN_HOME,  { OUT_T(int32_t[2]) } },
    [SYS_unlink]   = { "unlink",   sys_unlink,   1, RUN_HOME,  { STR } },
    [SYS_mkdir]    = { "mkdir",    sys_mkdir,    2, RUN_HOME,  { STR, VAL } },
    [SYS_rmdir]    = { "rmdir",    sys_rmdir,    1, RUN_HOME,  { STR } },
    [SYS_rename]   = { "rename",   sys_rename,   2, RUN_HOME,  { STR, STR } },
    [SYS_getdents] = { "getdents", sys_getdents, 3, RUN_HOME,  { VAL, OUT(2), VAL } },
    [SYS_chdir]    = { "chdir",    sys_chdir,    1, RUN_HOME,  { STR } },
    [SYS_getcwd]   = { "getcwd",   sys_getcwd,   2, RUN_HOME,  { OUT(1), VAL } },
    [SYS_ioctl]    = { "ioctl",    sys_ioctl,    3, RUN_HOME,
                       { VAL, VAL, { ARG_INOUT, 0, -1, 0, ioctl_arg_size } } },
    [SYS_utime]    = { "utime",    sys_utime,    2, RUN_HOME,  { STR, OPT_IN_T(struct api_utimbuf) } },
    [SYS_chmod]    = { "chmod",    sys_chmod,    2, RUN_HOME,  { STR, VAL } },
    [SYS_umask]    = { "umask",    sys_umask,    1, RUN_HOME,  { VAL } },
    [SYS_fchmod]   = { "fchmod",   sys_fchmod,   2, RUN_HOME,  { VAL, VAL } },
    // Sockets are open files: at home, with the node's address.
    [SYS_socket]     = { "socket",     sys_socket,     3, RUN_HOME, { VAL, VAL, VAL } },
    [SYS_bind]       = { "bind",       sys_bind,       3, RUN_HOME,
                         { VAL, IN_T(struct api_sockaddr_in), VAL } },
    [SYS_sendto]     = { "sendto",     sys_sendto,     6, RUN_HOME,
                         { VAL, IN(2), VAL, VAL, OPT_IN_T(struct api_sockaddr_in), VAL } },
    [SYS_recvfrom]   = { "recvfrom",   sys_recvfrom,   6, RUN_HOME,
                         { VAL, OUT(2), VAL, VAL, OPT_OUT_T(struct api_sockaddr_in),
                           OPT_INOUT_T(int32_t) } },
    [SYS_setsockopt] = { "setsockopt", sys_setsockopt, 5, RUN_HOME, { VAL, VAL, VAL, IN(4), VAL } },
    [SYS_icmp_echo]  = { "icmp_echo",  sys_icmp_echo,  4, RUN_HOME, { VAL, VAL, VAL, VAL } },
};

const int syscall_count = SYS_MAX;
