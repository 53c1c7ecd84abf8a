test_replay_SRCS := ssi/replay.c
