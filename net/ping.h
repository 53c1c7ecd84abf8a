// ICMP echo from the kernel: the boot-time peer check now, the ping tool
// later. Any context may call it (the sending is a request to the network
// context).
#ifndef NET_PING_H
#define NET_PING_H

#include "kernel/types.h"

#define PING_SLOTS    8      // pings waiting for their reply at once
#define PING_DATA_MAX 1024   // payload bytes after the ICMP header

// Send one echo request with size payload bytes to ip (host order) and
// wait up to timeout_ms for the reply. Returns the round trip time in
// milliseconds (timer resolution: 1000/HZ), -ETIMEDOUT, -EBUSY when
// PING_SLOTS pings are waiting already, -EINVAL for a size over
// PING_DATA_MAX, or -ENOMEM.
int net_ping(uint32_t ip, uint16_t size, uint32_t timeout_ms);

#endif
