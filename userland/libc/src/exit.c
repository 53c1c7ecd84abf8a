// Process exit: atexit handlers, stdio flushing, abort.
#include <stdlib.h>
#include <stdio.h>
#include <signal.h>
#include <unistd.h>
#include "syscall.h"

#define ATEXIT_MAX 32   // handlers atexit() accepts (POSIX asks for 32)

static void (*handlers[ATEXIT_MAX])(void);   // registered handlers, in order
static int nhandlers;                         // how many are registered

// Register fn to run at exit(); 0, or -1 when the table is full.
int atexit(void (*fn)(void))
{
    if (nhandlers >= ATEXIT_MAX)
        return -1;
    handlers[nhandlers++] = fn;
    return 0;
}

// Run the atexit handlers (last registered first), flush every stream,
// and end the process with status & 0xff.
void exit(int status)
{
    while (nhandlers > 0)
        handlers[--nhandlers]();
    fflush(NULL);
    _exit(status);
}

// End the process at once: no handlers, no flushing.
void _exit(int status)
{
    for (;;)
        SC1(SYS_exit, status);
}

// Same as _exit (C99's name).
void _Exit(int status)
{
    _exit(status);
}

// Die of SIGABRT: unblock it, restore its default action and raise it;
// if the process somehow survives, exit with 127.
void abort(void)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGABRT);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    signal(SIGABRT, SIG_DFL);
    raise(SIGABRT);
    _exit(127);
}

// assert()'s failure path: print where and what, then abort.
void __assert_fail(const char *expr, const char *file, int line, const char *func)
{
    fprintf(stderr, "assertion failed: %s (%s:%d, %s)\n", expr, file, line, func);
    abort();
}
