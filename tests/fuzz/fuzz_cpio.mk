fuzz_cpio_SRCS := kernel/cpio.c
