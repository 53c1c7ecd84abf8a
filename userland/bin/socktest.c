// socktest: the error paths of the socket system calls, each checked for
// the exact errno. Prints one line per failed check and "socktest: ok"
// when all pass (exit 0), else "socktest: N failed" (exit 1).
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <netinet/in.h>

#define SOCKTEST_PORT 4711            // a port nothing else uses
#define BAD_POINTER ((void *)0x10)    // never mapped in a user program
#define STREAM_TYPE 1                 // SOCK_STREAM on Linux: not supported here

static int failures;   // checks that failed

// Check that a call returned -1 with errno want.
static void expect_err(const char *what, long ret, int want)
{
    if (ret != -1 || errno != want) {
        printf("FAIL %s: ret %ld errno %d (%s), want errno %d (%s)\n", what, ret, errno,
               strerror(errno), want, strerror(want));
        failures++;
    }
}

// Check that a call succeeded.
static void expect_ok(const char *what, long ret)
{
    if (ret < 0) {
        printf("FAIL %s: %s\n", what, strerror(errno));
        failures++;
    }
}

// An IPv4 address and port (host order).
static struct sockaddr_in addr(uint32_t ip, uint16_t port)
{
    struct sockaddr_in a;
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(ip);
    return a;
}

int main(void)
{
    expect_err("socket(AF_INET, SOCK_STREAM)", socket(AF_INET, STREAM_TYPE, 0), EPROTONOSUPPORT);
    expect_err("socket(AF_UNIX, SOCK_DGRAM)", socket(1, SOCK_DGRAM, 0), EAFNOSUPPORT);
    char buf[16] = "x";
    expect_err("sendto on a file", sendto(0, buf, 1, 0, NULL, 0), ENOTSOCK);
    expect_err("sendto on a closed fd", sendto(60, buf, 1, 0, NULL, 0), EBADF);

    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    expect_ok("socket(AF_INET, SOCK_DGRAM)", fd);
    struct sockaddr_in me = addr(INADDR_ANY, SOCKTEST_PORT);
    struct sockaddr_in peer = addr(0x7f000001, SOCKTEST_PORT);
    expect_ok("bind", bind(fd, (struct sockaddr *)&me, sizeof(me)));
    expect_err("bind twice", bind(fd, (struct sockaddr *)&me, sizeof(me)), EINVAL);
    int fd2 = socket(AF_INET, SOCK_DGRAM, 0);
    expect_err("bind a taken port", bind(fd2, (struct sockaddr *)&me, sizeof(me)), EADDRINUSE);
    expect_ok("close", close(fd2));
    expect_err("sendto bad buffer", sendto(fd, BAD_POINTER, 100, 0, (struct sockaddr *)&peer,
                                           sizeof(peer)), EFAULT);
    expect_err("sendto bad address", sendto(fd, buf, 1, 0, BAD_POINTER, sizeof(peer)), EFAULT);
    expect_err("sendto no address", sendto(fd, buf, 1, 0, NULL, 0), EDESTADDRREQ);
    expect_err("recvfrom bad buffer", recvfrom(fd, BAD_POINTER, 100, 0, NULL, NULL), EFAULT);
    expect_err("write on a socket", write(fd, buf, 1), EDESTADDRREQ);
    expect_err("setsockopt unknown option", setsockopt(fd, SOL_SOCKET, 12345, buf, 4), EINVAL);
    struct timeval tv = { 0, 200000 };
    expect_ok("setsockopt SO_RCVTIMEO", setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)));
    expect_err("recvfrom times out", recvfrom(fd, buf, sizeof(buf), 0, NULL, NULL), EAGAIN);
    struct sockaddr_in from;
    socklen_t short_len = sizeof(from) - 1;
    expect_err("recvfrom with too little room for the address",
               recvfrom(fd, buf, sizeof(buf), 0, (struct sockaddr *)&from, &short_len), EINVAL);
    expect_ok("close socket", close(fd));
    expect_err("sendto after close", sendto(fd, buf, 1, 0, (struct sockaddr *)&peer, sizeof(peer)),
               EBADF);
    if (failures) {
        printf("socktest: %d failed\n", failures);
        return 1;
    }
    printf("socktest: ok\n");
    return 0;
}
