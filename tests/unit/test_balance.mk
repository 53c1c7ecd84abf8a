test_balance_SRCS := ssi/balance.c ssi/loadvec.c tools/balance_sim.c
