// Sockets (IPv4 UDP).
#ifndef _SYS_SOCKET_H
#define _SYS_SOCKET_H
#include <stdint.h>
#include <sys/types.h>
#include "kernel/api/types.h"

typedef unsigned int socklen_t;
typedef uint16_t sa_family_t;

#define PF_INET AF_INET

// A generic socket address.
struct sockaddr {
    sa_family_t sa_family;   // AF_*
    char sa_data[14];        // the address proper
};

int socket(int domain, int type, int protocol);
int bind(int fd, const struct sockaddr *addr, socklen_t len);
ssize_t sendto(int fd, const void *buf, size_t n, int flags,
               const struct sockaddr *to, socklen_t len);
ssize_t recvfrom(int fd, void *buf, size_t n, int flags,
                 struct sockaddr *from, socklen_t *len);
int setsockopt(int fd, int level, int name, const void *val, socklen_t len);

#endif
