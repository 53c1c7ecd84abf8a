fuzz_envelope_SRCS := kernel/envelope.c
