// Internet addresses (IPv4).
#ifndef _NETINET_IN_H
#define _NETINET_IN_H
#include <stdint.h>
#include <sys/socket.h>

typedef uint16_t in_port_t;
typedef uint32_t in_addr_t;

struct in_addr {
    in_addr_t s_addr;        // network byte order
};

// Same layout as the kernel's struct api_sockaddr_in.
struct sockaddr_in {
    sa_family_t sin_family;  // AF_INET
    in_port_t sin_port;      // network byte order
    struct in_addr sin_addr; // network byte order
    unsigned char sin_zero[8];
};

#define INADDR_NONE      0xffffffffu
#define INADDR_BROADCAST 0xffffffffu
#define INADDR_LOOPBACK  0x7f000001u
#define INET_ADDRSTRLEN  16
#define IPPROTO_IP       0

uint16_t htons(uint16_t x);
uint16_t ntohs(uint16_t x);
uint32_t htonl(uint32_t x);
uint32_t ntohl(uint32_t x);

#endif
