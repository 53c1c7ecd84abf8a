test_frame_ring_SRCS := net/frame_ring.c
