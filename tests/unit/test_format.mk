test_format_SRCS := kernel/format.c
