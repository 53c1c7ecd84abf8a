test_shebang_SRCS := kernel/shebang.c
