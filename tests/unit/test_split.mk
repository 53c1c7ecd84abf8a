test_split_SRCS := ssi/split.c ssi/mig_proto.c
