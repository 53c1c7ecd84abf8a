test_syscall_rows_SRCS := kernel/envelope.c kernel/syscall_table.c
