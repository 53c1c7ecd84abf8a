test_libc_sort_SRCS := userland/libc/src/sort.c
