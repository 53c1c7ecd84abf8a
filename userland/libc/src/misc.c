// Small stdlib functions: abs, div, system.
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/wait.h>

// abs
int abs(int x) { return x < 0 ? -x : x; }
// labs
long labs(long x) { return x < 0 ? -x : x; }
// llabs
long long llabs(long long x) { return x < 0 ? -x : x; }

// div: quotient and remainder, truncating toward zero.
div_t div(int num, int den)
{
    div_t r = { num / den, num % den };
    return r;
}

// ldiv
ldiv_t ldiv(long num, long den)
{
    ldiv_t r = { num / den, num % den };
    return r;
}

// system(cmd): run cmd with /bin/sh -c and wait for it; the wait status,
// or -1. system(NULL) tells whether a shell exists.
int system(const char *cmd)
{
    if (cmd == NULL)
        return access("/bin/sh", X_OK) == 0;
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        char *argv[] = { "sh", "-c", (char *)cmd, NULL };
        execve("/bin/sh", argv, environ);
        _exit(127);
    }
    int status;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR)
            return -1;
    }
    return status;
}
