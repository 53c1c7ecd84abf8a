test_ldisc_SRCS := kernel/fs/ldisc.c
