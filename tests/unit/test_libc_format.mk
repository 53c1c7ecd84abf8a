test_libc_format_SRCS := userland/libc/src/fmt.c userland/libc/src/fmt_float.c
