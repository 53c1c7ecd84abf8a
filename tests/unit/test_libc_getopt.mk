test_libc_getopt_SRCS := userland/libc/src/getopt_core.c
