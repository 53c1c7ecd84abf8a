fuzz_mig_proto_SRCS := ssi/mig_proto.c
