test_isa_cfg_SRCS := drivers/net/isa_cfg.c
