test_siphash_SRCS := ssi/siphash.c
