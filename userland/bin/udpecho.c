// udpecho [-p PORT]: a UDP echo server. Every datagram that arrives on
// PORT (default 7) goes back to its sender unchanged. Runs until killed.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/socket.h>
#include <netinet/in.h>

#define UDPECHO_PORT 7        // the echo service's port
#define UDPECHO_MAX  8192     // the largest datagram the kernel keeps

static char buf[UDPECHO_MAX];   // one datagram

int main(int argc, char **argv)
{
    long port = UDPECHO_PORT;
    int c;
    while ((c = getopt(argc, argv, "p:")) != -1) {
        if (c != 'p') {
            fprintf(stderr, "usage: udpecho [-p port]\n");
            return 2;
        }
        port = strtol(optarg, NULL, 10);
    }
    if (port <= 0 || port > 65535 || optind != argc) {
        fprintf(stderr, "usage: udpecho [-p port]\n");
        return 2;
    }
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    if (fd < 0) {
        perror("udpecho: socket");
        return 1;
    }
    struct sockaddr_in me;
    memset(&me, 0, sizeof(me));
    me.sin_family = AF_INET;
    me.sin_port = htons((uint16_t)port);
    me.sin_addr.s_addr = htonl(INADDR_ANY);
    if (bind(fd, (struct sockaddr *)&me, sizeof(me)) < 0) {
        perror("udpecho: bind");
        return 1;
    }
    printf("udpecho: listening on port %ld\n", port);
    fflush(stdout);
    for (;;) {
        struct sockaddr_in from;
        socklen_t len = sizeof(from);
        ssize_t n = recvfrom(fd, buf, sizeof(buf), 0, (struct sockaddr *)&from, &len);
        if (n < 0) {
            if (errno == EINTR || errno == EAGAIN)
                continue;
            perror("udpecho: recvfrom");
            return 1;
        }
        if (sendto(fd, buf, (size_t)n, 0, (struct sockaddr *)&from, len) < 0)
            perror("udpecho: sendto");
    }
}
