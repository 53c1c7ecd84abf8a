// Signal handlers and masks. Handlers return through __sigtramp
// (sigtramp.S), which calls SYS_sigreturn.
#include <errno.h>
#include <signal.h>
#include <unistd.h>
#include "syscall.h"

void __sigtramp(void);

_Static_assert(sizeof(sigset_t) == sizeof(((struct api_sigaction *)0)->sa_mask), "sigset_t");

// sigaction(2), translating between the C library's struct sigaction and
// the kernel's struct api_sigaction (fixed 32-bit fields).
int sigaction(int sig, const struct sigaction *act, struct sigaction *old)
{
    struct api_sigaction k, kold;
    if (act) {
        k.sa_handler = (uint32_t)(uintptr_t)act->sa_handler;
        k.sa_mask = act->sa_mask;
        k.sa_flags = (uint32_t)act->sa_flags;
        k.sa_restorer = (uint32_t)(uintptr_t)__sigtramp;
    }
    long r = __syscall_ret(SC3(SYS_sigaction, sig, act ? &k : NULL, old ? &kold : NULL));
    if (r < 0)
        return -1;
    if (old) {
        old->sa_handler = (sighandler_t)(uintptr_t)kold.sa_handler;
        old->sa_mask = kold.sa_mask;
        old->sa_flags = (int)kold.sa_flags;
        old->sa_restorer = (void (*)(void))(uintptr_t)kold.sa_restorer;
    }
    return 0;
}

// signal(sig, handler): install handler with SA_RESTART and an empty
// mask; returns the previous handler, or SIG_ERR.
sighandler_t signal(int sig, sighandler_t handler)
{
    struct sigaction act, old;
    act.sa_handler = handler;
    act.sa_mask = 0;
    act.sa_flags = SA_RESTART;
    act.sa_restorer = 0;
    if (sigaction(sig, &act, &old) < 0)
        return SIG_ERR;
    return old.sa_handler;
}

// sigprocmask(2): how is SIG_BLOCK, SIG_UNBLOCK or SIG_SETMASK.
int sigprocmask(int how, const sigset_t *set, sigset_t *old)
{
    return __syscall_ret(SC3(SYS_sigprocmask, how, set, old));
}

// sigsuspend(2): wait with mask in force for a signal that runs a handler
// or ends the process; the old mask is back after the handler. Always -1
// with EINTR.
int sigsuspend(const sigset_t *mask)
{
    return __syscall_ret(SC1(SYS_sigsuspend, mask));
}

// raise(sig): send sig to this process.
int raise(int sig)
{
    return kill(getpid(), sig);
}

// 1 when sig is a valid signal number, else 0 with EINVAL.
static int valid(int sig)
{
    if (sig <= 0 || sig >= NSIG) {
        errno = EINVAL;
        return 0;
    }
    return 1;
}

// Empty *set.
int sigemptyset(sigset_t *set)
{
    *set = 0;
    return 0;
}

// Put every signal in *set.
int sigfillset(sigset_t *set)
{
    *set = 0xffffffffu;
    return 0;
}

// Add sig to *set; -1 with EINVAL for a bad number.
int sigaddset(sigset_t *set, int sig)
{
    if (!valid(sig))
        return -1;
    *set |= SIGSET_BIT(sig);
    return 0;
}

// Remove sig from *set.
int sigdelset(sigset_t *set, int sig)
{
    if (!valid(sig))
        return -1;
    *set &= ~SIGSET_BIT(sig);
    return 0;
}

// 1 when sig is in *set, 0 when not, -1 for a bad number.
int sigismember(const sigset_t *set, int sig)
{
    if (!valid(sig))
        return -1;
    return (*set & SIGSET_BIT(sig)) != 0;
}
