test_loadvec_SRCS := ssi/loadvec.c
