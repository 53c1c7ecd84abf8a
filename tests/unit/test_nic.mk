test_nic_SRCS := drivers/net/nic.c kernel/format.c
