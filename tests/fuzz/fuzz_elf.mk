fuzz_elf_SRCS := kernel/elf.c
