test_libc_malloc_SRCS := userland/libc/src/arena.c
