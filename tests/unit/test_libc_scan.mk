test_libc_scan_SRCS := userland/libc/src/scan.c userland/libc/src/strconv.c
