test_pipe_ring_SRCS := kernel/fs/pipe_ring.c
