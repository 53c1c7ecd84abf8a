// The C run-time start: what happens between the kernel starting the
// program (crt0.S) and main.
#include <stdlib.h>

char **environ;   // the environment: "NAME=value" strings, NULL-terminated

int main(int argc, char **argv, char **envp);
__attribute__((noreturn)) void __libc_start(int argc, char **argv, char **envp);

// Called by _start with the initial stack's argc, argv and envp: sets
// environ, runs main and exits with its value through exit() (so atexit
// handlers run and stdio buffers are flushed). Never returns.
void __libc_start(int argc, char **argv, char **envp)
{
    environ = envp;
    exit(main(argc, argv, envp));
}
