# The test includes kernel/klib/string.c itself (its functions renamed, so
# that the host's C library keeps its own): it is a prerequisite, not a
# source to compile beside it. tools/mutants.py plants its bugs there.
test_kstring_SRCS :=
test_kstring_INCLUDED := kernel/klib/string.c
$(BUILD)/unit/test_kstring: $(test_kstring_INCLUDED)
