// udpblast [-p PORT] [-n COUNT] [-s SIZE] [-w WINDOW] [-t MS] ADDR: a UDP
// echo client for udpecho. Sends COUNT datagrams (default 1000) to
// ADDR:PORT (default 7), at most WINDOW (default 1) waiting for their echo
// at once, and checks every echo byte for byte against what was sent.
// SIZE fixes the payload size (4..8192); without it the sizes are mixed,
// 4..1472. A datagram whose echo has not come MS milliseconds (default
// 1000) after the last progress is counted lost; after BLAST_GIVE_UP
// such timeouts in a row the rest count as lost unsent. Prints the counts, the
// throughput of echoed payload in Mbit/s (one direction) and the round
// trip min/avg/max. Exits 0 when every datagram came back intact.
// With -r the server is the receipt service (udpsink=): each datagram is
// answered by its 4-byte sequence number only, so the payload crosses the
// link once; the throughput is then of the bytes sent and receipted.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#define BLAST_PORT      7
#define BLAST_HDR       4        // bytes of the sequence number that starts each payload
#define BLAST_MIXED_MAX 1472     // largest mixed size: one Ethernet frame
#define BLAST_SIZE_MAX  8192     // the kernel's UDP_DGRAM_MAX
#define BLAST_GIVE_UP   3        // timeouts in a row, nothing echoed, before the rest is lost

// What happened to one datagram.
enum dgram_state { D_UNSENT = 0, D_FLIGHT, D_OK, D_LOST, D_BAD };

static uint8_t txbuf[BLAST_SIZE_MAX], rxbuf[BLAST_SIZE_MAX + 1];

// The time stamp counter: the round trips are timed with it, converted to
// time at the end with the rate measured over the whole run.
static uint64_t tsc(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

// Microseconds of the monotonic clock.
static uint64_t now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

// The payload size of datagram seq.
static size_t dgram_size(uint32_t seq, long fixed)
{
    if (fixed > 0)
        return (size_t)fixed;
    return BLAST_HDR + (seq * 7919u) % (BLAST_MIXED_MAX - BLAST_HDR + 1);
}

// Byte i of datagram seq (after its sequence number).
static uint8_t dgram_byte(uint32_t seq, size_t i)
{
    return (uint8_t)(seq * 31u + i * 7u + (i >> 8));
}

// Fill txbuf with datagram seq; returns its size.
static size_t dgram_fill(uint32_t seq, long fixed)
{
    size_t n = dgram_size(seq, fixed);
    memcpy(txbuf, &seq, BLAST_HDR);
    for (size_t i = BLAST_HDR; i < n; i++)
        txbuf[i] = dgram_byte(seq, i);
    return n;
}

// True when the n bytes in rxbuf are exactly datagram seq.
static int dgram_check(uint32_t seq, size_t n, long fixed)
{
    if (n != dgram_size(seq, fixed))
        return 0;
    for (size_t i = BLAST_HDR; i < n; i++)
        if (rxbuf[i] != dgram_byte(seq, i))
            return 0;
    return 1;
}

static void usage(void)
{
    fprintf(stderr, "usage: udpblast [-r] [-p port] [-n count] [-s size] [-w window] [-t ms] address\n");
    exit(2);
}

int main(int argc, char **argv)
{
    long port = BLAST_PORT, count = 1000, fixed = 0, window = 1, timeout_ms = 1000;
    int c, receipts = 0;
    while ((c = getopt(argc, argv, "rp:n:s:w:t:")) != -1) {
        switch (c) {
        case 'r': receipts = 1; break;
        case 'p': port = strtol(optarg, NULL, 10); break;
        case 'n': count = strtol(optarg, NULL, 10); break;
        case 's': fixed = strtol(optarg, NULL, 10); break;
        case 'w': window = strtol(optarg, NULL, 10); break;
        case 't': timeout_ms = strtol(optarg, NULL, 10); break;
        default: usage();
        }
    }
    if (optind != argc - 1 || port <= 0 || port > 65535 || count <= 0 || window <= 0 ||
        timeout_ms <= 0 || (fixed && (fixed < BLAST_HDR || fixed > BLAST_SIZE_MAX)))
        usage();
    struct sockaddr_in to;
    memset(&to, 0, sizeof(to));
    to.sin_family = AF_INET;
    to.sin_port = htons((uint16_t)port);
    if (!inet_aton(argv[optind], &to.sin_addr)) {
        fprintf(stderr, "udpblast: bad address %s\n", argv[optind]);
        return 2;
    }
    uint8_t *state = calloc((size_t)count, 1);
    uint64_t *sent_at = calloc((size_t)count, sizeof(uint64_t));
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    if (!state || !sent_at || fd < 0) {
        perror("udpblast");
        return 1;
    }
    struct timeval tv = { timeout_ms / 1000, (timeout_ms % 1000) * 1000 };
    if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) < 0) {
        perror("udpblast: setsockopt");
        return 1;
    }
    printf("udpblast: %ld datagrams to %s:%ld, ", count, argv[optind], port);
    if (fixed)
        printf("%ld bytes each, window %ld\n", fixed, window);
    else
        printf("sizes %d..%d, window %ld\n", BLAST_HDR, BLAST_MIXED_MAX, window);

    long next = 0, inflight = 0, ok = 0, lost = 0, bad = 0, stray = 0, silent = 0;
    uint64_t bytes = 0, rtt_min = UINT64_MAX, rtt_max = 0, rtt_sum = 0;
    uint64_t t0 = now_us(), c0 = tsc();
    while (next < count || inflight > 0) {
        while (inflight < window && next < count) {
            size_t n = dgram_fill((uint32_t)next, fixed);
            sent_at[next] = tsc();
            if (sendto(fd, txbuf, n, 0, (struct sockaddr *)&to, sizeof(to)) < 0) {
                perror("udpblast: sendto");
                return 1;
            }
            state[next++] = D_FLIGHT;
            inflight++;
        }
        ssize_t n = recvfrom(fd, rxbuf, sizeof(rxbuf), 0, NULL, NULL);
        uint64_t got = tsc();
        if (n < 0 && errno == EAGAIN) {
            for (long i = 0; i < next; i++)
                if (state[i] == D_FLIGHT) {
                    state[i] = D_LOST;
                    lost++;
                }
            inflight = 0;
            if (++silent >= BLAST_GIVE_UP) {
                lost += count - next;     // the server is gone: do not wait for each
                next = count;
            }
            continue;
        }
        if (n < 0) {
            perror("udpblast: recvfrom");
            return 1;
        }
        uint32_t seq;
        if (n < BLAST_HDR || (memcpy(&seq, rxbuf, BLAST_HDR), seq >= (uint32_t)next) ||
            state[seq] != D_FLIGHT) {
            stray++;
            continue;
        }
        inflight--;
        silent = 0;
        if (receipts) {
            if (n != BLAST_HDR) {
                state[seq] = D_BAD;
                bad++;
                continue;
            }
            n = (ssize_t)dgram_size(seq, fixed);   // the bytes this receipt stands for
        } else if (!dgram_check(seq, (size_t)n, fixed)) {
            state[seq] = D_BAD;
            bad++;
            continue;
        }
        state[seq] = D_OK;
        ok++;
        bytes += (uint64_t)n;
        uint64_t rtt = got - sent_at[seq];
        rtt_sum += rtt;
        if (rtt < rtt_min)
            rtt_min = rtt;
        if (rtt > rtt_max)
            rtt_max = rtt;
    }
    uint64_t elapsed = now_us() - t0, cycles = tsc() - c0;
    double us_per_cycle = cycles ? (double)elapsed / (double)cycles : 0;
    double secs = elapsed / 1e6;
    printf("datagrams: sent %ld ok %ld lost %ld bad %ld stray %ld\n", count, ok, lost, bad, stray);
    printf("bytes: %llu %s in %.3f s\n", (unsigned long long)bytes,
           receipts ? "receipted" : "echoed", secs);
    printf("throughput: %.3f Mbit/s\n", secs > 0 ? bytes * 8.0 / secs / 1e6 : 0.0);
    if (ok)
        printf("rtt min/avg/max = %.3f/%.3f/%.3f ms\n", rtt_min * us_per_cycle / 1000,
               (double)rtt_sum / ok * us_per_cycle / 1000, rtt_max * us_per_cycle / 1000);
    return ok == count ? 0 : 1;
}
