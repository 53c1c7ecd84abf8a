// Socket system calls (IPv4 UDP).
#include <sys/socket.h>
#include <netinet/in.h>
#include <stddef.h>
#include "syscall.h"

_Static_assert(sizeof(struct sockaddr_in) == sizeof(struct api_sockaddr_in), "sockaddr_in");
_Static_assert(offsetof(struct sockaddr_in, sin_addr) == offsetof(struct api_sockaddr_in, sin_addr),
               "sin_addr");

// socket(2)
int socket(int domain, int type, int protocol)
{
    return __syscall_ret(SC3(SYS_socket, domain, type, protocol));
}

// bind(2)
int bind(int fd, const struct sockaddr *addr, socklen_t len)
{
    return __syscall_ret(SC3(SYS_bind, fd, addr, len));
}

// sendto(2)
ssize_t sendto(int fd, const void *buf, size_t n, int flags,
               const struct sockaddr *to, socklen_t len)
{
    return __syscall_ret(__syscall6(SYS_sendto, fd, (long)buf, (long)n, flags, (long)to, (long)len));
}

// recvfrom(2)
ssize_t recvfrom(int fd, void *buf, size_t n, int flags,
                 struct sockaddr *from, socklen_t *len)
{
    return __syscall_ret(__syscall6(SYS_recvfrom, fd, (long)buf, (long)n, flags, (long)from,
                                    (long)len));
}

// setsockopt(2)
int setsockopt(int fd, int level, int name, const void *val, socklen_t len)
{
    return __syscall_ret(__syscall6(SYS_setsockopt, fd, level, name, (long)val, (long)len, 0));
}
