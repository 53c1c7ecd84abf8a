test_gossip_SRCS := ssi/gossip.c ssi/loadvec.c ssi/prng.c ssi/wire.c ssi/replay.c ssi/siphash.c
