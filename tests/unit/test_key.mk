test_key_SRCS := ssi/key.c
