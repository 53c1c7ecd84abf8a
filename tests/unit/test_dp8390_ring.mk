test_dp8390_ring_SRCS := drivers/net/dp8390_ring.c
