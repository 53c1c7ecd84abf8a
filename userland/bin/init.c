// init: the first process. Makes sure descriptors 0, 1 and 2 are open on
// the console, starts /bin/sh, reaps every orphan that is handed to it,
// and starts a new shell whenever the shell exits.
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#define CONSOLE "/dev/console"
#define SHELL   "/bin/sh"

// Open the console on whichever of 0, 1, 2 is not open.
static void open_console(void)
{
    for (int fd = 0; fd < 3; fd++) {
        if (fcntl(fd, F_GETFD) >= 0)
            continue;
        int c = open(CONSOLE, O_RDWR);
        if (c < 0)
            return;   // nowhere to complain to
        if (c != fd) {
            dup2(c, fd);
            close(c);
        }
    }
}

// Start the shell; its pid, or -1.
static pid_t start_shell(void)
{
    pid_t pid = fork();
    if (pid < 0) {
        fprintf(stderr, "init: fork: %s\n", strerror(errno));
        return -1;
    }
    if (pid == 0) {
        signal(SIGINT, SIG_DFL);
        // The shell leads its own process group, and the console is its
        // group's (what getty and login do for a shell on a terminal): a
        // job-control shell waits until the terminal is its own.
        setpgid(0, 0);
        tcsetpgrp(0, getpid());
        // "-sh": a login shell, which reads /etc/profile (the prompt).
        char *argv[] = { "-sh", NULL };
        execve(SHELL, argv, environ);
        fprintf(stderr, "init: cannot run %s: %s\n", SHELL, strerror(errno));
        _exit(127);
    }
    return pid;
}

int main(void)
{
    open_console();
    signal(SIGINT, SIG_IGN);
    if (getenv("PATH") == NULL)
        setenv("PATH", "/bin", 1);
    if (getenv("HOME") == NULL)
        setenv("HOME", "/", 1);
    printf("init: starting %s\n", SHELL);
    fflush(stdout);
    for (;;) {
        pid_t shell = start_shell();
        if (shell < 0) {
            sleep(1);
            continue;
        }
        for (;;) {
            int st;
            pid_t pid = waitpid(-1, &st, 0);
            if (pid < 0) {
                if (errno != EINTR)
                    sleep(1);   // no children at all: should not happen
                continue;
            }
            if (pid != shell)
                continue;   // an orphan, now reaped
            if (WIFSIGNALED(st))
                printf("init: shell killed by signal %d, restarting\n", WTERMSIG(st));
            else
                printf("init: shell exited with status %d, restarting\n", WEXITSTATUS(st));
            fflush(stdout);
            sleep(1);
            break;
        }
    }
}
