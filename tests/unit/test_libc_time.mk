test_libc_time_SRCS := userland/libc/src/timeconv.c
