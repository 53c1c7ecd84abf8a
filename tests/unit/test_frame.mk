test_frame_SRCS := mm/frame.c
