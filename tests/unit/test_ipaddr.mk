test_ipaddr_SRCS := net/ipaddr.c kernel/format.c
