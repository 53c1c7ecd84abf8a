test_sh_parse_SRCS := userland/bin/sh_parse.c
