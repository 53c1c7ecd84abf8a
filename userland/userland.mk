# User programs: the C library (userland/libc/libc.a) and one program per
# userland/bin/NAME.c, linked static at 0x08048000 into build/userland/bin/.
# Included by the top-level Makefile, which makes the initrd depend on
# $(USER_PROGS).

UCC      := i686-linux-gnu-gcc
UAR      := i686-linux-gnu-ar
# Recursive (=): the compiler is asked only when a recipe runs, after
# tools/deps.sh has installed it on a fresh machine.
UGCCINC   = $(shell $(UCC) -print-file-name=include 2>/dev/null)
UBUILD   := $(BUILD)/userland

# Installed programs keep their symbols but not their debug information
# (-Wl,-S): the objects under build/userland/obj have it.
# Programs are compiled hosted (the compiler may treat printf, memcpy ...
# as the standard functions); the library itself freestanding, so that the
# compiler never turns its own memset loop into a call to memset.
UCFLAGS_COMMON = -std=gnu11 -m32 -march=$(MARCH) -O2 -g -nostdinc \
    -isystem userland/libc/include -isystem $(UGCCINC) -I. \
    -fno-pic -fno-pie -fno-stack-protector -fno-strict-aliasing \
    -fno-asynchronous-unwind-tables -fno-unwind-tables \
    -Wall -Wextra -Werror
UCFLAGS       = $(UCFLAGS_COMMON)
ULIBCFLAGS    = $(UCFLAGS_COMMON) -ffreestanding -fno-tree-loop-distribute-patterns
ULDFLAGS     := -m32 -nostdlib -static -no-pie -Wl,--build-id=none -Wl,-z,noexecstack -Wl,-S \
                -Wl,-z,max-page-size=4096 -T userland/user.ld

ULIBC_CSRCS  := $(wildcard userland/libc/src/*.c)
ULIBC_SSRCS  := $(wildcard userland/libc/src/*.S)
ULIBC_OBJS   := $(patsubst userland/libc/src/%.c,$(UBUILD)/libc/%.o,$(ULIBC_CSRCS)) \
                $(patsubst userland/libc/src/%.S,$(UBUILD)/libc/%.o,$(ULIBC_SSRCS))
ULIBC        := userland/libc/libc.a
UCRT0        := $(UBUILD)/libc/crt0.o

# Every userland/bin/NAME.c is a program, except the helper modules listed
# here, which are linked into the programs named below (the ut_*.c files
# hold the cases of usertests).
USER_MODULES := userland/bin/sh_parse.c userland/bin/procfile.c userland/bin/targets.c $(wildcard userland/bin/ut_*.c)
USER_MODOBJS := $(patsubst userland/bin/%.c,$(UBUILD)/obj/%.o,$(USER_MODULES))
USER_SRCS    := $(filter-out $(USER_MODULES),$(wildcard userland/bin/*.c))
USER_PROGS   := $(patsubst userland/bin/%.c,$(UBUILD)/bin/%,$(USER_SRCS))

.PHONY: userland
userland: $(USER_PROGS)

$(UBUILD)/libc/%.o: userland/libc/src/%.c $(MARCH_STAMP) | $(DEPS_OK)
	@mkdir -p $(dir $@)
	$(UCC) $(ULIBCFLAGS) -MMD -MP -c $< -o $@

$(UBUILD)/libc/%.o: userland/libc/src/%.S $(MARCH_STAMP) | $(DEPS_OK)
	@mkdir -p $(dir $@)
	$(UCC) $(ULIBCFLAGS) -MMD -MP -c $< -o $@

$(ULIBC): $(filter-out $(UCRT0),$(ULIBC_OBJS))
	@rm -f $@
	$(UAR) rcs $@ $^

$(UBUILD)/obj/%.o: userland/bin/%.c $(MARCH_STAMP) | $(DEPS_OK)
	@mkdir -p $(dir $@)
	$(UCC) $(UCFLAGS) -MMD -MP -c $< -o $@

# The programs that link helper modules.
$(UBUILD)/bin/sh: $(UBUILD)/obj/sh_parse.o
$(UBUILD)/bin/cp $(UBUILD)/bin/mv: $(UBUILD)/obj/targets.o
$(UBUILD)/bin/ps $(UBUILD)/bin/free $(UBUILD)/bin/uptime $(UBUILD)/bin/usertests \
    $(UBUILD)/bin/mosctl $(UBUILD)/bin/mosmon $(UBUILD)/bin/migrate $(UBUILD)/bin/jobspawn \
    $(UBUILD)/bin/df: \
    $(UBUILD)/obj/procfile.o
$(UBUILD)/bin/usertests: $(patsubst userland/bin/%.c,$(UBUILD)/obj/%.o,$(wildcard userland/bin/ut_*.c))

$(UBUILD)/bin/%: $(UBUILD)/obj/%.o $(UCRT0) $(ULIBC) userland/user.ld
	@mkdir -p $(dir $@)
	$(UCC) $(ULDFLAGS) -o $@ $(UCRT0) $< $(filter $(USER_MODOBJS),$^) $(ULIBC) -lgcc

-include $(ULIBC_OBJS:.o=.d) $(patsubst userland/bin/%.c,$(UBUILD)/obj/%.d,$(wildcard userland/bin/*.c))

# The programs' objects are intermediate files to make; keep them, so that
# a second make relinks nothing.
.SECONDARY: $(patsubst userland/bin/%.c,$(UBUILD)/obj/%.o,$(wildcard userland/bin/*.c)) $(UCRT0)
