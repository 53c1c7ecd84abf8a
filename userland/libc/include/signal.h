// Signals: numbers (kernel/api/types.h), handlers, masks.
#ifndef _SIGNAL_H
#define _SIGNAL_H
#include <stdint.h>
#include <sys/types.h>
#include "kernel/api/types.h"

typedef void (*sighandler_t)(int);
typedef uint32_t sigset_t;      // bit s stands for signal s (SIGSET_BIT)
typedef int sig_atomic_t;

#define SIG_DFL ((sighandler_t)SIG_DFL_VALUE)
#define SIG_IGN ((sighandler_t)SIG_IGN_VALUE)
#define SIG_ERR ((sighandler_t)-1)

struct sigaction {
    sighandler_t sa_handler;        // function, SIG_DFL or SIG_IGN
    sigset_t sa_mask;               // blocked while the handler runs
    int sa_flags;                   // SA_RESTART
    void (*sa_restorer)(void);      // set by the C library
};

sighandler_t signal(int sig, sighandler_t handler);
int sigaction(int sig, const struct sigaction *act, struct sigaction *old);
int sigprocmask(int how, const sigset_t *set, sigset_t *old);
int sigsuspend(const sigset_t *mask);
int raise(int sig);
int kill(pid_t pid, int sig);
int sigemptyset(sigset_t *set);
int sigfillset(sigset_t *set);
int sigaddset(sigset_t *set, int sig);
int sigdelset(sigset_t *set, int sig);
int sigismember(const sigset_t *set, int sig);
int pause(void);

#endif
