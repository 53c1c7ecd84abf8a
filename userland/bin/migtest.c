// migtest [-m NODE] TEST ARGS: small programs that the migration tests
// (tests/cluster/test_migrate.py) move while they run. With -m, the
// program first moves itself to NODE (it writes /proc/PID/goto; the move
// happens before that write returns) and says where it is.
//
//   lines N FILE NODE   N times, 20 ms apart: "tick I" to stdout and "line I"
//                       to FILE; it moves to NODE after a third of them and
//                       home after two thirds
//   copy SRC DST NODE   copy SRC to DST 4 KiB at a time; it moves to NODE
//                       after a third of it and home after two thirds
//   sum FILE            "sum HEX bytes N" of FILE
//   produce N           N numbered lines to stdout
//   consume PIDFILE     its pid into PIDFILE, then read numbered lines
//                       from stdin (10 ms each) and check their order
//   readline            read one line from stdin, print "got: LINE"
//   sleep MS            nanosleep MS ms, print how long it slept
//   clock STOP          read both clocks until STOP exists; count the
//                       readings that went back
//   spin                burn CPU until killed
//   fsum STOP           sum a series in x87 registers (long double, round
//                       toward zero) until STOP exists, then sum the same
//                       terms again and say whether both sums are the same
//                       bit for bit: a move that lost or garbled the FPU
//                       state (registers, tags, control word) shows
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/time.h>

static void usage(void)
{
    fprintf(stderr, "usage: migtest [-m node] lines|copy|sum|produce|consume|readline|"
                    "sleep|clock|spin|fsum args\n");
    exit(2);
}

static void msleep(long ms)
{
    struct timespec t = { ms / 1000, (ms % 1000) * 1000000 };
    while (nanosleep(&t, &t) < 0 && errno == EINTR)
        ;
}

static long long mono_us(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000000 + t.tv_nsec / 1000;
}

static bool exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

// The node this process runs on, from /proc/PID/where; -1 if unknown.
static long where(void)
{
    char path[64], buf[32];
    snprintf(path, sizeof(path), "/proc/%d/where", (int)getpid());
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return -1;
    ssize_t n = read(fd, buf, sizeof(buf) - 1);
    close(fd);
    if (n <= 0)
        return -1;
    buf[n] = '\0';
    return strtol(buf, NULL, 10);
}

// Move this process to node (a number, or "home").
static int move_self(const char *node)
{
    char path[64];
    snprintf(path, sizeof(path), "/proc/%d/goto", (int)getpid());
    int fd = open(path, O_WRONLY);
    if (fd < 0 || write(fd, node, strlen(node)) < 0) {
        fprintf(stderr, "migtest: move to %s: %s\n", node, strerror(errno));
        return -1;
    }
    close(fd);
    printf("migtest: pid %d runs on node %ld\n", (int)getpid(), where());
    fflush(stdout);
    return 0;
}

static int t_lines(long n, const char *file, const char *node)
{
    int fd = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) {
        perror(file);
        return 1;
    }
    for (long i = 0; i < n; i++) {
        if ((i == n / 3 && move_self(node) < 0) || (i == 2 * n / 3 && move_self("home") < 0))
            return 1;
        char line[32];
        int len = snprintf(line, sizeof(line), "line %ld\n", i);
        printf("tick %ld\n", i);
        fflush(stdout);
        if (write(fd, line, (size_t)len) != len) {
            perror(file);
            return 1;
        }
        msleep(20);
    }
    close(fd);
    return 0;
}

static int t_copy(const char *src, const char *dst, const char *node)
{
    int in = open(src, O_RDONLY), out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    struct stat st;
    if (in < 0 || out < 0 || fstat(in, &st) < 0) {
        perror("migtest copy");
        return 1;
    }
    static char buf[4096];
    long done = 0;
    int moves = 0;
    ssize_t n;
    while ((n = read(in, buf, sizeof(buf))) > 0) {
        if (write(out, buf, (size_t)n) != n) {
            perror(dst);
            return 1;
        }
        done += n;
        if ((moves == 0 && done >= st.st_size / 3 && move_self(node) < 0) ||
            (moves == 1 && done >= 2 * st.st_size / 3 && move_self("home") < 0))
            return 1;
        if ((moves == 0 && done >= st.st_size / 3) || (moves == 1 && done >= 2 * st.st_size / 3))
            moves++;
    }
    close(in);
    close(out);
    return n < 0 ? 1 : 0;
}

static int t_sum(const char *file)
{
    int fd = open(file, O_RDONLY);
    if (fd < 0) {
        perror(file);
        return 1;
    }
    static unsigned char buf[8192];
    uint32_t a = 1, b = 0;   // Adler-32
    unsigned long total = 0;
    ssize_t n;
    while ((n = read(fd, buf, sizeof(buf))) > 0) {
        for (ssize_t i = 0; i < n; i++) {
            a = (a + buf[i]) % 65521;
            b = (b + a) % 65521;
        }
        total += (unsigned long)n;
    }
    close(fd);
    printf("sum %08x bytes %lu\n", (unsigned)(b << 16 | a), total);
    return 0;
}

static int t_produce(long n)
{
    for (long i = 0; i < n; i++)
        printf("%ld\n", i);
    return 0;
}

static int t_consume(const char *pidfile)
{
    FILE *f = fopen(pidfile, "w");
    if (!f) {
        perror(pidfile);
        return 1;
    }
    fprintf(f, "%d\n", (int)getpid());
    fclose(f);
    char line[64];
    long want = 0, bad = 0;
    while (fgets(line, sizeof(line), stdin)) {
        if (strtol(line, NULL, 10) != want)
            bad++;
        want++;
        msleep(10);
    }
    printf("consumed %ld lines, %ld out of order\n", want, bad);
    return bad ? 1 : 0;
}

static int t_readline(void)
{
    char line[256];
    printf("migtest: reading\n");
    fflush(stdout);
    if (!fgets(line, sizeof(line), stdin)) {
        printf("migtest: end of input\n");
        return 1;
    }
    line[strcspn(line, "\n")] = '\0';
    printf("got: %s (on node %ld)\n", line, where());
    return 0;
}

static int t_sleep(long ms)
{
    long long t0 = mono_us();
    printf("migtest: sleeping %ld ms\n", ms);
    fflush(stdout);
    struct timespec t = { ms / 1000, (ms % 1000) * 1000000 };
    int r = nanosleep(&t, NULL);
    long long took = mono_us() - t0;
    printf("slept %lld ms, result %d, on node %ld\n", took / 1000, r, where());
    return r == 0 ? 0 : 1;
}

static int t_clock(const char *stop)
{
    long long last_mono = mono_us(), last_real = 0, back = 0, readings = 0;
    for (;;) {
        for (int i = 0; i < 1000; i++) {
            long long m = mono_us();
            struct timeval tv;
            gettimeofday(&tv, NULL);
            long long r = (long long)tv.tv_sec * 1000000 + tv.tv_usec;
            if (m < last_mono || r < last_real)
                back++;
            last_mono = m;
            last_real = r;
            readings++;
        }
        if (exists(stop))
            break;
    }
    printf("clock: %lld readings, %lld went back\n", readings, back);
    return back ? 1 : 0;
}

// Three sums of the batch of terms from n: kept in x87 registers (the inner
// loop calls nothing), so a move in the middle carries them as FPU state.
static void fsum_batch(long n, long count, long double s[3])
{
    long double a = s[0], b = s[1], c = s[2];
    for (long i = n; i < n + count; i++) {
        long double x = (long double)(i + 1);
        a += 1.0L / (x * x);
        b += 1.0L / x;
        c += x / (x + 3.0L);
    }
    s[0] = a;
    s[1] = b;
    s[2] = c;
}

static unsigned short fpu_control(void)
{
    unsigned short cw;
    __asm__ volatile("fnstcw %0" : "=m"(cw));
    return cw;
}

static int t_fsum(const char *stop)
{
    // Not the default control word (0x037F): round toward zero.
    unsigned short cw = 0x0F7F;
    __asm__ volatile("fldcw %0" : : "m"(cw));
    const long batch = 20000;
    long double first[3] = { 0, 0, 0 }, again[3] = { 0, 0, 0 };
    long n = 0;
    do {
        fsum_batch(n, batch, first);
        n += batch;
    } while (!exists(stop));
    unsigned short cw_after = fpu_control();
    for (long i = 0; i < n; i += batch)
        fsum_batch(i, batch, again);
    bool same = cw_after == cw;
    for (int k = 0; k < 3; k++)   // the 10 bytes of each (long double has padding)
        same = same && memcmp(&first[k], &again[k], 10) == 0;
    printf("fsum: %ld terms, sums %.17g %.17g %.17g, control word %04x, %s, on node %ld\n", n,
           (double)first[0], (double)first[1], (double)first[2], cw_after,
           same ? "same" : "DIFFERENT", where());
    return same ? 0 : 1;
}

static int t_spin(void)
{
    volatile unsigned long x = 0;
    for (;;)
        x++;
    return 0;
}

int main(int argc, char **argv)
{
    int c;
    const char *node = NULL;
    while ((c = getopt(argc, argv, "m:")) != -1) {
        if (c == 'm')
            node = optarg;
        else
            usage();
    }
    if (optind >= argc)
        usage();
    if (node && move_self(node) < 0)
        return 1;
    const char *t = argv[optind];
    char **a = argv + optind + 1;
    int n = argc - optind - 1;
    if (strcmp(t, "lines") == 0 && n == 3)
        return t_lines(strtol(a[0], NULL, 10), a[1], a[2]);
    if (strcmp(t, "copy") == 0 && n == 3)
        return t_copy(a[0], a[1], a[2]);
    if (strcmp(t, "sum") == 0 && n == 1)
        return t_sum(a[0]);
    if (strcmp(t, "produce") == 0 && n == 1)
        return t_produce(strtol(a[0], NULL, 10));
    if (strcmp(t, "consume") == 0 && n == 1)
        return t_consume(a[0]);
    if (strcmp(t, "readline") == 0 && n == 0)
        return t_readline();
    if (strcmp(t, "sleep") == 0 && n == 1)
        return t_sleep(strtol(a[0], NULL, 10));
    if (strcmp(t, "clock") == 0 && n == 1)
        return t_clock(a[0]);
    if (strcmp(t, "spin") == 0 && n == 0)
        return t_spin();
    if (strcmp(t, "fsum") == 0 && n == 1)
        return t_fsum(a[0]);
    usage();
    return 2;
}
