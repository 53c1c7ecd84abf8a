fuzz_transport_SRCS := ssi/transport.c ssi/wire.c ssi/replay.c ssi/siphash.c
