# The test includes kernel/klib/string.c itself (its functions renamed, so
# that the host's C library keeps its own): it is a prerequisite, not a
# source to compile beside it.
test_kstring_SRCS :=
$(BUILD)/unit/test_kstring: kernel/klib/string.c
