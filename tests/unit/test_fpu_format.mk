test_fpu_format_SRCS := kernel/fpu_format.c
