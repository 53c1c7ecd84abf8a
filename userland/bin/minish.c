// minish: a small command interpreter, kept as a readable example of what
// a shell does with the system calls (fork, pipe, dup2, execve, setpgid,
// tcsetpgrp, waitpid). The system's shell, /bin/sh, is dash: it has the
// whole POSIX language (loops, functions, traps) and fg/bg/jobs, which
// minish leaves out. Reads lines from the console (prompt "$ " on a
// terminal), from a script (minish FILE ARGS...) or from -c TEXT, and runs
// them: pipelines, redirections, background jobs, the builtins cd,
// exit, export, unset, wait and NAME=value (alone, or before a command for
// that command only). On a terminal each foreground job gets its own
// process group and the console while it runs, so Ctrl-C reaches the job
// and not the shell; Ctrl-C at the prompt discards the line and prompts
// again.
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include "sh_parse.h"

#define MAX_POSITIONAL 10   // $0 .. $9

// The shell's state.
static struct {
    bool interactive;              // reading from a terminal: prompts and job control
    int status;                    // exit status of the last job ($?)
    pid_t pgid;                    // the shell's own process group
    int nargs;                     // positional parameters of a script
    char *args[MAX_POSITIONAL];    // $0 .. $9
    int next_job;                  // number for the next background job
    pid_t last_background;         // pid of the last background job ($!), 0 before any
} sh;

// Set while an interactive shell waits for a line at its prompt.
static volatile sig_atomic_t at_prompt;

static struct sh_line line;           // the line being run, as parsed (big: kept off the stack)
static struct sh_pipeline pipeline;   // its job being run, expanded

// Variable values for the parser: $? $$ $# $0-$9 and the environment.
static const char *lookup(void *ctx, const char *name, size_t len)
{
    static char num[4][16];
    (void)ctx;
    if (len == 1 && name[0] == '?') {
        snprintf(num[0], sizeof(num[0]), "%d", sh.status);
        return num[0];
    }
    if (len == 1 && name[0] == '$') {
        snprintf(num[1], sizeof(num[1]), "%d", (int)getpid());
        return num[1];
    }
    if (len == 1 && name[0] == '#') {
        snprintf(num[2], sizeof(num[2]), "%d", sh.nargs > 0 ? sh.nargs - 1 : 0);
        return num[2];
    }
    if (len == 1 && name[0] == '!') {
        if (sh.last_background == 0)
            return NULL;
        snprintf(num[3], sizeof(num[3]), "%d", (int)sh.last_background);
        return num[3];
    }
    if (len == 1 && name[0] >= '0' && name[0] <= '9') {
        int i = name[0] - '0';
        return i < sh.nargs ? sh.args[i] : NULL;
    }
    char key[128];
    if (len >= sizeof(key))
        return NULL;
    memcpy(key, name, len);
    key[len] = '\0';
    return getenv(key);
}

// Is s a valid variable name of n bytes?
static bool valid_name(const char *s, size_t n)
{
    if (n == 0 || (s[0] >= '0' && s[0] <= '9'))
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!(c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9')))
            return false;
    }
    return true;
}

// If word is NAME=value, set it in the environment and return true.
static bool assign(const char *word)
{
    const char *eq = strchr(word, '=');
    if (eq == NULL || !valid_name(word, (size_t)(eq - word)))
        return false;
    char name[128];
    size_t n = (size_t)(eq - word);
    if (n >= sizeof(name))
        return false;
    memcpy(name, word, n);
    name[n] = '\0';
    if (setenv(name, eq + 1, 1) < 0)
        perror("minish: setenv");
    return true;
}

// Builtins. Each returns its exit status; exit does not return.
static int builtin_cd(struct sh_cmd *c)
{
    const char *dir = c->argc > 1 ? c->argv[1] : getenv("HOME");
    if (dir == NULL)
        dir = "/";
    if (chdir(dir) < 0) {
        fprintf(stderr, "minish: cd: %s: %s\n", dir, strerror(errno));
        return 1;
    }
    return 0;
}

// exit [N]: leave with N (modulo 256), or with the last status; with 2
// after a message when N is not a number.
static int builtin_exit(struct sh_cmd *c)
{
    int code = sh.status;
    if (c->argc > 1) {
        char *end;
        long v = strtol(c->argv[1], &end, 10);
        if (end == c->argv[1] || *end != '\0') {
            fprintf(stderr, "minish: exit: %s: numeric argument required\n", c->argv[1]);
            code = 2;
        } else {
            code = (int)(v & 255);
        }
    }
    fflush(stdout);
    exit(code);
}

// export NAME=value ... (a bare NAME is already exported if set).
static int builtin_export(struct sh_cmd *c)
{
    int r = 0;
    for (int i = 1; i < c->argc; i++) {
        if (strchr(c->argv[i], '=') ? !assign(c->argv[i])
                                    : !valid_name(c->argv[i], strlen(c->argv[i]))) {
            fprintf(stderr, "minish: export: '%s': not a valid identifier\n", c->argv[i]);
            r = 1;
        }
    }
    return r;
}

// unset NAME ...
static int builtin_unset(struct sh_cmd *c)
{
    for (int i = 1; i < c->argc; i++)
        unsetenv(c->argv[i]);
    return 0;
}

// The $? value of a wait status.
static int status_value(int status)
{
    return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

// wait [PID]: wait for that child, or for every child; its status, 0
// for all, 127 for a pid that is not a child, 130 when Ctrl-C stops it.
static int builtin_wait(struct sh_cmd *c)
{
    pid_t pid = c->argc > 1 ? (pid_t)atoi(c->argv[1]) : -1;
    int st, r = 0;
    for (;;) {
        pid_t got = waitpid(pid, &st, 0);
        if (got < 0 && errno == EINTR)
            return 128 + SIGINT;
        if (got < 0)
            return pid > 0 ? 127 : r;
        if (pid > 0)
            return status_value(st);
    }
}

// The builtin named n, or NULL.
static int (*find_builtin_name(const char *n))(struct sh_cmd *)
{
    if (strcmp(n, "cd") == 0)
        return builtin_cd;
    if (strcmp(n, "exit") == 0)
        return builtin_exit;
    if (strcmp(n, "export") == 0)
        return builtin_export;
    if (strcmp(n, "unset") == 0)
        return builtin_unset;
    if (strcmp(n, "wait") == 0)
        return builtin_wait;
    return NULL;
}

// The builtin for the command name of c (argv[0]), or NULL.
static int (*find_builtin(struct sh_cmd *c))(struct sh_cmd *)
{
    return c->argc > 0 ? find_builtin_name(c->argv[0]) : NULL;
}

// How many of the first words of c are NAME=value assignments.
static int count_assignments(const struct sh_cmd *c)
{
    int k = 0;
    while (k < c->argc) {
        const char *eq = strchr(c->argv[k], '=');
        if (eq == NULL || !valid_name(c->argv[k], (size_t)(eq - c->argv[k])))
            break;
        k++;
    }
    return k;
}

// Set the leading NAME=value words of c in the environment and remove
// them from its words.
static void take_assignments(struct sh_cmd *c)
{
    int k = count_assignments(c);
    for (int i = 0; i < k; i++)
        assign(c->argv[i]);
    memmove(c->argv, c->argv + k, (size_t)(c->argc - k + 1) * sizeof(c->argv[0]));
    c->argc -= k;
}

// Open path with flags onto descriptor fd; false (message printed) on failure.
static bool redirect(const char *path, int flags, int fd)
{
    int f = open(path, flags, 0644);
    if (f < 0) {
        fprintf(stderr, "minish: %s: %s\n", path, strerror(errno));
        return false;
    }
    if (f != fd) {
        dup2(f, fd);
        close(f);
    }
    return true;
}

// Apply the redirections of c in this (child) process.
static bool apply_redirections(struct sh_cmd *c)
{
    if (c->in && !redirect(c->in, O_RDONLY, 0))
        return false;
    if (c->out && !redirect(c->out, O_WRONLY | O_CREAT | (c->append ? O_APPEND : O_TRUNC), 1))
        return false;
    if (c->err_to_out)
        dup2(1, 2);
    if (c->err && !redirect(c->err, O_WRONLY | O_CREAT | (c->err_append ? O_APPEND : O_TRUNC), 2))
        return false;
    return true;
}

// In a forked child: set up signals, descriptors and run command c.
static __attribute__((noreturn)) void child(struct sh_cmd *c, int in, int out, int close_fd,
                                            bool background)
{
    bool ignore_int = background && !sh.interactive;
    signal(SIGINT, ignore_int ? SIG_IGN : SIG_DFL);
    signal(SIGQUIT, ignore_int ? SIG_IGN : SIG_DFL);
    if (in >= 0) {
        dup2(in, 0);
        close(in);
    }
    if (out >= 0) {
        dup2(out, 1);
        close(out);
    }
    if (close_fd >= 0)
        close(close_fd);
    if (!apply_redirections(c))
        _exit(1);
    take_assignments(c);
    if (c->argc == 0)
        _exit(0);
    int (*b)(struct sh_cmd *) = find_builtin(c);
    if (b)
        _exit(b(c));
    execvp(c->argv[0], c->argv);
    int e = errno;
    if (e == ENOENT)
        fprintf(stderr, "minish: %s: not found\n", c->argv[0]);
    else
        fprintf(stderr, "minish: %s: %s\n", c->argv[0], strerror(e));
    _exit(e == ENOENT ? 127 : 126);
}

// Print what happened to a job whose last process ended with status
// (nothing for Ctrl-C or a closed pipe, which the user knows of).
static void report(int status)
{
    if (!WIFSIGNALED(status))
        return;
    int sig = WTERMSIG(status);
    if (sig == SIGINT || sig == SIGPIPE)
        return;
    if (sig == SIGSEGV)
        fprintf(stderr, "Segmentation fault\n");
    else
        fprintf(stderr, "killed by signal %d\n", sig);
}

// Give the console to process group pg (terminal sessions only).
static void give_console(pid_t pg)
{
    if (sh.interactive)
        tcsetpgrp(0, pg);
}

// Run command c in the shell itself: a builtin, or assignments alone (or
// nothing but redirections), with its redirections in force only while
// it runs. Assignments before a builtin stay set. Returns its status.
static int run_in_shell(struct sh_cmd *c)
{
    bool redirected = c->in || c->out || c->err || c->err_to_out;
    int saved[3] = { -1, -1, -1 };
    if (redirected) {
        fflush(stdout);
        fflush(stderr);
        for (int fd = 0; fd < 3; fd++)
            saved[fd] = dup(fd);
    }
    int r = 1;
    if (apply_redirections(c)) {
        take_assignments(c);
        int (*b)(struct sh_cmd *) = find_builtin(c);
        r = b ? b(c) : 0;
    }
    if (redirected) {
        fflush(stdout);
        fflush(stderr);
        for (int fd = 0; fd < 3; fd++) {
            if (saved[fd] >= 0) {
                dup2(saved[fd], fd);
                close(saved[fd]);
            }
        }
    }
    return r;
}

// Run the expanded job j: fork its commands joined by pipes, then wait
// for them unless it runs in the background.
static void run_job(struct sh_pipeline *j)
{
    struct sh_cmd *first = &j->cmds[0];
    if (j->count == 1 && !j->background) {
        int k = count_assignments(first);
        if (k == first->argc || find_builtin_name(first->argv[k])) {
            sh.status = run_in_shell(first);
            return;
        }
    }
    pid_t pids[SH_MAX_CMDS];
    int started = 0;
    pid_t pgid = 0;
    int prev = -1;
    for (int i = 0; i < j->count; i++) {
        int p[2] = { -1, -1 };
        if (i < j->count - 1 && pipe(p) < 0) {
            perror("minish: pipe");
            break;
        }
        pid_t pid = fork();
        if (pid < 0) {
            perror("minish: fork");
            close(p[0]);
            close(p[1]);
            break;
        }
        if (pid == 0) {
            if (sh.interactive || j->background)
                setpgid(0, pgid);
            child(&j->cmds[i], prev, p[1], p[0], j->background);
        }
        if (sh.interactive || j->background)
            setpgid(pid, pgid ? pgid : pid);
        if (pgid == 0)
            pgid = pid;
        pids[started++] = pid;
        if (prev >= 0)
            close(prev);
        if (p[1] >= 0)
            close(p[1]);
        prev = p[0];
    }
    if (prev >= 0)
        close(prev);
    if (started == 0) {
        sh.status = 1;
        return;
    }
    if (j->background) {
        sh.last_background = pids[started - 1];
        if (sh.interactive) {
            printf("[%d] %d\n", ++sh.next_job, (int)pids[started - 1]);
            fflush(stdout);
        }
        sh.status = 0;
        return;
    }
    give_console(pgid);
    int status = 0;
    for (int i = 0; i < started; i++) {
        int st;
        while (waitpid(pids[i], &st, 0) < 0 && errno == EINTR)
            ;
        if (i == started - 1)
            status = st;
    }
    give_console(sh.pgid);
    report(status);
    sh.status = status_value(status);
}

// Reap finished background jobs and say so (terminal sessions).
static void reap_background(void)
{
    int st;
    pid_t pid;
    while ((pid = waitpid(-1, &st, WNOHANG)) > 0) {
        if (!sh.interactive)
            continue;
        if (WIFSIGNALED(st))
            printf("[%d] killed by signal %d\n", (int)pid, WTERMSIG(st));
        else
            printf("[%d] done, status %d\n", (int)pid, WEXITSTATUS(st));
    }
}

// Parse one line of text and run its jobs in order, expanding each just
// before it runs (so that $? is the status of the job before it).
static void run_line(const char *text)
{
    const char *err;
    if (sh_parse(text, &line, &err) < 0) {
        fprintf(stderr, "minish: %s\n", err);
        sh.status = 2;
        return;
    }
    for (int i = 0; i < line.njobs; i++) {
        fflush(stdout);
        if (sh_expand(&line, i, &pipeline, lookup, NULL, &err) < 0) {
            fprintf(stderr, "minish: %s\n", err);
            sh.status = 1;
            continue;
        }
        run_job(&pipeline);
    }
}

// SIGINT in an interactive shell: at the prompt the console has dropped
// the line and echoed "^C" and a newline; show a new prompt.
static void on_interrupt(int sig)
{
    (void)sig;
    if (at_prompt)
        write(1, "$ ", 2);
}

// Read lines from f and run them until end of file; prompt on a terminal.
static void run_file(FILE *f)
{
    char *buf = NULL;
    size_t cap = 0;
    for (;;) {
        reap_background();
        if (sh.interactive) {
            fputs("$ ", stdout);
            fflush(stdout);
        }
        at_prompt = 1;
        ssize_t n = getline(&buf, &cap, f);
        at_prompt = 0;
        if (n < 0)
            break;
        run_line(buf);
    }
    free(buf);
    if (sh.interactive)
        putchar('\n');
}

int main(int argc, char **argv)
{
    if (getenv("PATH") == NULL)
        setenv("PATH", "/bin", 1);
    if (argc >= 3 && strcmp(argv[1], "-c") == 0) {
        // sh -c TEXT [NAME [ARGS...]]: NAME is $0, ARGS are $1...
        sh.nargs = 1;
        sh.args[0] = argc > 3 ? argv[3] : argv[0];
        for (int i = 4; i < argc && sh.nargs < MAX_POSITIONAL; i++)
            sh.args[sh.nargs++] = argv[i];
        run_line(argv[2]);
        return sh.status;
    }
    if (argc >= 2) {
        FILE *f = fopen(argv[1], "r");
        if (f == NULL) {
            fprintf(stderr, "minish: %s: %s\n", argv[1], strerror(errno));
            return 127;
        }
        fcntl(fileno(f), F_SETFD, FD_CLOEXEC);   // commands do not inherit the script
        for (int i = 1; i < argc && sh.nargs < MAX_POSITIONAL; i++)
            sh.args[sh.nargs++] = argv[i];
        run_file(f);
        fclose(f);
        return sh.status;
    }
    sh.nargs = 1;
    sh.args[0] = argv[0];
    sh.interactive = isatty(0);
    if (sh.interactive) {
        signal(SIGINT, on_interrupt);
        signal(SIGQUIT, SIG_IGN);
        setpgid(0, 0);
        sh.pgid = getpgrp();
        give_console(sh.pgid);
    }
    run_file(stdin);
    return sh.status;
}
