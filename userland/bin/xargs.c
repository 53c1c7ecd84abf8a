// xargs [-n N] [-I REPLACE] [-t] [COMMAND [ARG...]]: run COMMAND (echo by
// default) with the words of standard input as more arguments, as many at a
// time as fit (or N with -n); with -I, once per input line, REPLACE in the
// arguments standing for the line. Words are separated by blanks and
// newlines; quotes ('...' "...") and backslash keep blanks in a word.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#define MAX_ARGS 256
#define MAX_WORD 1024

static int trace;

static void usage(int status)
{
    fprintf(status ? stderr : stdout,
            "usage: xargs [-n N] [-I REPLACE] [-t] [COMMAND [ARG...]]\n"
            "  run COMMAND (echo) with the words read from standard input as arguments\n"
            "  -n N        at most N words per run\n"
            "  -I REPLACE  one run per input line, REPLACE in the arguments standing for it\n"
            "  -t          print each command on standard error before running it\n");
    exit(status);
}

// Run argv; its exit status (126/127 when it cannot be run).
static int run(char **argv)
{
    if (trace) {
        for (int i = 0; argv[i]; i++)
            fprintf(stderr, "%s%s", i ? " " : "", argv[i]);
        fputc('\n', stderr);
    }
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) {
        fprintf(stderr, "xargs: fork: %s\n", strerror(errno));
        return 126;
    }
    if (pid == 0) {
        execvp(argv[0], argv);
        fprintf(stderr, "xargs: %s: %s\n", argv[0], strerror(errno));
        _exit(errno == ENOENT ? 127 : 126);
    }
    int st;
    if (waitpid(pid, &st, 0) < 0)
        return 126;
    return WIFEXITED(st) ? WEXITSTATUS(st) : 125;
}

// The next word of standard input into w; 0 at the end.
static int next_word(char *w)
{
    int c, n = 0, quote = 0;
    while ((c = getchar()) == ' ' || c == '\t' || c == '\n')
        ;
    if (c == EOF)
        return 0;
    for (; c != EOF; c = getchar()) {
        if (quote) {
            if (c == quote) {
                quote = 0;
                continue;
            }
        } else if (c == '\'' || c == '"') {
            quote = c;
            continue;
        } else if (c == '\\') {
            if ((c = getchar()) == EOF)
                break;
        } else if (c == ' ' || c == '\t' || c == '\n') {
            break;
        }
        if (n < MAX_WORD - 1)
            w[n++] = (char)c;
    }
    w[n] = '\0';
    return 1;
}

// argument a with every REPLACE in it replaced by line (into out).
static void substitute(const char *a, const char *rep, const char *line, char *out, size_t cap)
{
    size_t n = 0, rl = strlen(rep);
    while (*a && n + 1 < cap) {
        if (rl && strncmp(a, rep, rl) == 0) {
            for (const char *l = line; *l && n + 1 < cap; l++)
                out[n++] = *l;
            a += rl;
        } else {
            out[n++] = *a++;
        }
    }
    out[n] = '\0';
}

int main(int argc, char **argv)
{
    long per_run = MAX_ARGS;
    const char *replace = NULL;
    int c;
    if (argc == 2 && strcmp(argv[1], "--help") == 0)
        usage(0);
    // Options stop at the command: "xargs -n 1 grep -v x" gives grep its -v.
    while (optind < argc && argv[optind][0] == '-' &&
           (c = getopt(argc, argv, "+n:I:t")) != -1) {
        if (c == 'n' && (per_run = strtol(optarg, NULL, 10)) > 0)
            continue;
        else if (c == 'I')
            replace = optarg;
        else if (c == 't')
            trace = 1;
        else
            usage(1);
    }
    static char *base[MAX_ARGS + 2];
    int nbase = 0;
    if (optind >= argc)
        base[nbase++] = "echo";
    for (int i = optind; i < argc && nbase < MAX_ARGS / 2; i++)
        base[nbase++] = argv[i];
    int status = 0;
    if (replace) {
        char *line = NULL;
        size_t cap = 0;
        ssize_t len;
        static char args[MAX_ARGS][MAX_WORD];
        while ((len = getline(&line, &cap, stdin)) >= 0) {
            if (len > 0 && line[len - 1] == '\n')
                line[--len] = '\0';
            if (len == 0)
                continue;
            char *av[MAX_ARGS + 1];
            for (int i = 0; i < nbase; i++) {
                substitute(base[i], replace, line, args[i], MAX_WORD);
                av[i] = args[i];
            }
            av[nbase] = NULL;
            int r = run(av);
            if (r)
                status = r >= 126 ? r : 123;
        }
        return status;
    }
    static char words[MAX_ARGS][MAX_WORD];
    char *av[MAX_ARGS + 2];
    int more = 1, ran = 0;
    while (more) {
        int n = nbase;
        memcpy(av, base, sizeof(char *) * (size_t)nbase);
        while (n - nbase < per_run && n < MAX_ARGS && (more = next_word(words[n])))
            av[n] = words[n], n++;
        if (n == nbase && ran)
            break;
        av[n] = NULL;
        int r = run(av);
        ran = 1;
        if (r)
            status = r >= 126 ? r : 123;
        if (r >= 126)
            break;
    }
    return status;
}
