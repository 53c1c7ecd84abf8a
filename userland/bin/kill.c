// kill [-SIGNAL] PID...: send a signal (default TERM) to processes.
// SIGNAL is a number or a name with or without "SIG" (-9, -KILL, -SIGKILL).
// kill -l lists the names.
#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

// Signal names and numbers.
static const struct {
    const char *name;
    int num;
} sigs[] = {
    { "HUP", SIGHUP }, { "INT", SIGINT }, { "QUIT", SIGQUIT }, { "ILL", SIGILL },
    { "TRAP", SIGTRAP }, { "ABRT", SIGABRT }, { "BUS", SIGBUS }, { "FPE", SIGFPE },
    { "KILL", SIGKILL }, { "USR1", SIGUSR1 }, { "SEGV", SIGSEGV }, { "USR2", SIGUSR2 },
    { "PIPE", SIGPIPE }, { "ALRM", SIGALRM }, { "TERM", SIGTERM }, { "CHLD", SIGCHLD },
    { "CONT", SIGCONT }, { "STOP", SIGSTOP }, { "TSTP", SIGTSTP }, { "TTIN", SIGTTIN },
    { "TTOU", SIGTTOU },
};

// The number of signal spec s, or -1.
static int parse_signal(const char *s)
{
    if (isdigit((unsigned char)*s)) {
        char *end;
        long v = strtol(s, &end, 10);
        return (*end == '\0' && v >= 0 && v < NSIG) ? (int)v : -1;
    }
    if (strncasecmp(s, "SIG", 3) == 0)
        s += 3;
    for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
        if (strcasecmp(s, sigs[i].name) == 0)
            return sigs[i].num;
    return -1;
}

int main(int argc, char **argv)
{
    int sig = SIGTERM;
    int i = 1;
    if (i < argc && strcmp(argv[i], "-l") == 0) {
        for (size_t k = 0; k < sizeof(sigs) / sizeof(sigs[0]); k++)
            printf("%2d %s\n", sigs[k].num, sigs[k].name);
        return 0;
    }
    // A leading "-X" followed by at least one pid names the signal.
    if (i + 1 < argc && argv[i][0] == '-' && argv[i][1] != '\0') {
        sig = parse_signal(argv[i] + 1);
        if (sig < 0) {
            fprintf(stderr, "kill: %s: unknown signal\n", argv[i] + 1);
            return 2;
        }
        i++;
    }
    if (i >= argc) {
        fprintf(stderr, "usage: kill [-SIGNAL] PID...\n");
        return 2;
    }
    int r = 0;
    for (; i < argc; i++) {
        char *end;
        long pid = strtol(argv[i], &end, 10);
        if (*end != '\0' || end == argv[i]) {
            fprintf(stderr, "kill: %s: not a pid\n", argv[i]);
            r = 1;
            continue;
        }
        if (kill((pid_t)pid, sig) < 0) {
            fprintf(stderr, "kill: %ld: %s\n", pid, strerror(errno));
            r = 1;
        }
    }
    return r;
}
