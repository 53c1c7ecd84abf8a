test_speed_SRCS := ssi/speed.c
