fuzz_wire_SRCS := ssi/wire.c ssi/replay.c ssi/siphash.c
