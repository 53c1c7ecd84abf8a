fuzz_nic_rx_SRCS := drivers/net/nic.c net/frame_ring.c kernel/format.c
