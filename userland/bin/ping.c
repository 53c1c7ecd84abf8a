// ping [-c COUNT] [-s SIZE] [-i SECONDS] [-W SECONDS] ADDR: send ICMP echo
// requests to ADDR through the icmp_echo system call (there are no raw
// sockets), print one line per reply and, at the end, the classic
// statistics: transmitted, received, loss, round trip min/avg/max.
// Exits 0 when at least one reply came back, 1 otherwise, 2 on bad use.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <time.h>
#include <unistd.h>
#include <signal.h>
#include <sys/syscall.h>
#include <arpa/inet.h>

#define PING_ICMP_HDR   8      // bytes of the ICMP echo header
#define PING_IP_HDR     20     // bytes of the IPv4 header
#define PING_SIZE_MAX   1024   // the kernel's PING_DATA_MAX

static volatile sig_atomic_t interrupted;   // ^C: stop and print the statistics

// SIGINT: finish after the current request.
static void on_sigint(int sig)
{
    (void)sig;
    interrupted = 1;
}

// Sleep for us microseconds unless ^C came.
static void pause_us(long us)
{
    while (us > 0 && !interrupted) {
        long step = us > 100000 ? 100000 : us;
        usleep((useconds_t)step);
        us -= step;
    }
}

static void usage(void)
{
    fprintf(stderr, "usage: ping [-c count] [-s size] [-i seconds] [-W seconds] address\n");
    exit(2);
}

int main(int argc, char **argv)
{
    long count = -1, size = 56;
    double interval = 1.0, wait = 1.0;
    int c;
    while ((c = getopt(argc, argv, "c:s:i:W:")) != -1) {
        switch (c) {
        case 'c': count = strtol(optarg, NULL, 10); break;
        case 's': size = strtol(optarg, NULL, 10); break;
        case 'i': interval = strtod(optarg, NULL); break;
        case 'W': wait = strtod(optarg, NULL); break;
        default: usage();
        }
    }
    if (optind != argc - 1 || count == 0 || size < 0 || size > PING_SIZE_MAX || interval < 0 ||
        wait <= 0)
        usage();
    struct in_addr addr;
    if (!inet_aton(argv[optind], &addr)) {
        fprintf(stderr, "ping: bad address %s\n", argv[optind]);
        return 2;
    }
    signal(SIGINT, on_sigint);
    const char *name = argv[optind];
    printf("PING %s (%s) %ld(%ld) bytes of data.\n", name, name, size,
           size + PING_ICMP_HDR + PING_IP_HDR);
    long sent = 0, received = 0;
    long min = 0, max = 0;
    double sum = 0;
    for (long seq = 1; (count < 0 || seq <= count) && !interrupted; seq++) {
        long us = syscall(SYS_icmp_echo, (long)addr.s_addr, seq, size, (long)(wait * 1000));
        sent++;
        if (us >= 0) {
            received++;
            if (received == 1 || us < min)
                min = us;
            if (us > max)
                max = us;
            sum += us;
            printf("%ld bytes from %s: icmp_seq=%ld time=%.3f ms\n", size + PING_ICMP_HDR, name,
                   seq, us / 1000.0);
        } else if (errno == ETIMEDOUT) {
            printf("no answer from %s: icmp_seq=%ld\n", name, seq);
        } else {
            printf("ping: icmp_seq=%ld: %s\n", seq, strerror(errno));
        }
        if (count < 0 || seq < count) {
            long left = (long)(interval * 1000000) - (us > 0 ? us : (long)(wait * 1000000));
            pause_us(left);
        }
    }
    printf("\n--- %s ping statistics ---\n", name);
    printf("%ld packets transmitted, %ld received, %ld%% packet loss\n", sent, received,
           sent ? (sent - received) * 100 / sent : 0);
    if (received)
        printf("rtt min/avg/max = %.3f/%.3f/%.3f ms\n", min / 1000.0, sum / received / 1000.0,
               max / 1000.0);
    return received ? 0 : 1;
}
