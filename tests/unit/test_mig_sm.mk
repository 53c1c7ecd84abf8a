test_mig_sm_SRCS := ssi/mig_rules.c ssi/dep_queue.c
