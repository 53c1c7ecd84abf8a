test_libc_strconv_SRCS := userland/libc/src/strconv.c
