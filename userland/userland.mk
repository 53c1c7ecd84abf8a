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
$(UBUILD)/bin/minish: $(UBUILD)/obj/sh_parse.o
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

# --- Lua 5.4: a program from Debian's sources, built unmodified -----------
# tools/deps.sh unpacks Debian's lua5.4 source (pinned by sha256 in
# tools/sources.sha256, never committed) to build/lua-5.4.4; its files are
# compiled as they are, against this C library, into /bin/lua (the
# interpreter; luac is left out). docs/ports.md tells how to add the next
# program the same way. Its own code, its own warnings: no -Werror.
LUA_DIR    := $(BUILD)/lua-5.4.4/src
LUA_NAMES  := lapi lcode lctype ldebug ldo ldump lfunc lgc llex lmem lobject lopcodes \
              lparser lstate lstring ltable ltm lundump lvm lzio lauxlib lbaselib \
              lcorolib ldblib liolib lmathlib loadlib loslib lstrlib ltablib lutf8lib \
              linit lua
LUA_OBJS   := $(patsubst %,$(UBUILD)/lua/%.o,$(LUA_NAMES))
LUA_CFLAGS  = -std=gnu99 -m32 -march=$(MARCH) -O2 -g -nostdinc \
    -isystem userland/libc/include -isystem $(UGCCINC) -I. \
    -fno-pic -fno-pie -fno-stack-protector -fno-asynchronous-unwind-tables -fno-unwind-tables

$(LUA_OBJS): $(UBUILD)/lua/%.o: $(LUA_DIR)/%.c $(MARCH_STAMP) | $(DEPS_OK)
	@mkdir -p $(dir $@)
	$(UCC) $(LUA_CFLAGS) -MMD -MP -c $< -o $@

# The sources appear when tools/deps.sh unpacks Lua.
$(patsubst %,$(LUA_DIR)/%.c,$(LUA_NAMES)): | $(DEPS_OK) ;

$(UBUILD)/bin/lua: $(LUA_OBJS) $(UCRT0) $(ULIBC) userland/user.ld
	@mkdir -p $(dir $@)
	$(UCC) $(ULDFLAGS) -o $@ $(UCRT0) $(LUA_OBJS) $(ULIBC) -lgcc

USER_PROGS += $(UBUILD)/bin/lua
-include $(LUA_OBJS:.o=.d)

# --- zlib 1.2.13: the library and its own two test programs ----------------
# From Debian's zlib source (unpacked by tools/deps.sh to
# build/zlib-1.2.13.dfsg): the library's files, built as they are, linked
# into zlib's test programs /bin/minigzip (gzip's format on standard input
# and output; -d to decompress) and /bin/zlibtest (zlib's test/example.c:
# its own self-test, exit status 0 when every check passes). The two
# defines are what zlib's configure finds on any POSIX system.
ZLIB_DIR   := $(BUILD)/zlib-1.2.13.dfsg
ZLIB_NAMES := adler32 crc32 deflate infback inffast inflate inftrees trees zutil compress \
              uncompr gzclose gzlib gzread gzwrite
ZLIB_OBJS  := $(patsubst %,$(UBUILD)/zlib/%.o,$(ZLIB_NAMES))
ZLIB_CFLAGS = $(LUA_CFLAGS) -DHAVE_UNISTD_H -DHAVE_STDARG_H -I$(ZLIB_DIR)

$(ZLIB_OBJS): $(UBUILD)/zlib/%.o: $(ZLIB_DIR)/%.c $(MARCH_STAMP) | $(DEPS_OK)
	@mkdir -p $(dir $@)
	$(UCC) $(ZLIB_CFLAGS) -MMD -MP -c $< -o $@

# The test programs live in zlib's test/ directory.
$(UBUILD)/zlib/example.o $(UBUILD)/zlib/minigzip.o: \
        $(UBUILD)/zlib/%.o: $(ZLIB_DIR)/test/%.c $(MARCH_STAMP) | $(DEPS_OK)
	@mkdir -p $(dir $@)
	$(UCC) $(ZLIB_CFLAGS) -MMD -MP -c $< -o $@

# The sources appear when tools/deps.sh unpacks zlib.
$(patsubst %,$(ZLIB_DIR)/%.c,$(ZLIB_NAMES)) $(ZLIB_DIR)/test/example.c \
        $(ZLIB_DIR)/test/minigzip.c: | $(DEPS_OK) ;

$(UBUILD)/bin/zlibtest: $(UBUILD)/zlib/example.o $(ZLIB_OBJS) $(UCRT0) $(ULIBC) userland/user.ld
	@mkdir -p $(dir $@)
	$(UCC) $(ULDFLAGS) -o $@ $(UCRT0) $(UBUILD)/zlib/example.o $(ZLIB_OBJS) $(ULIBC) -lgcc

$(UBUILD)/bin/minigzip: $(UBUILD)/zlib/minigzip.o $(ZLIB_OBJS) $(UCRT0) $(ULIBC) userland/user.ld
	@mkdir -p $(dir $@)
	$(UCC) $(ULDFLAGS) -o $@ $(UCRT0) $(UBUILD)/zlib/minigzip.o $(ZLIB_OBJS) $(ULIBC) -lgcc

USER_PROGS += $(UBUILD)/bin/zlibtest $(UBUILD)/bin/minigzip
-include $(ZLIB_OBJS:.o=.d) $(UBUILD)/zlib/example.d $(UBUILD)/zlib/minigzip.d

# --- dash 0.5.12: the POSIX shell, from Debian's source --------------------
# Built by its own configure and Makefile (tools/build-dash.sh), with the
# programs' compiler and flags and this C library, as /bin/dash, and
# copied as /bin/sh (the file system has no links): the console's shell,
# "#!/bin/sh" scripts and "sh -c" all get the whole POSIX language
# (functions, loops, case, here-documents, traps, $(...), $((...))) and
# job control (fg, bg, jobs, Ctrl-Z).
DASH_SRC     := $(BUILD)/dash-0.5.12
DASH_CFLAGS   = -m32 -march=$(MARCH) -O2 -g -nostdinc -isystem $(CURDIR)/userland/libc/include \
                -isystem $(UGCCINC) -I$(CURDIR) -fno-pic -fno-pie -fno-stack-protector \
                -fno-asynchronous-unwind-tables -fno-unwind-tables
DASH_LDFLAGS  = $(ULDFLAGS:userland/user.ld=$(CURDIR)/userland/user.ld) $(CURDIR)/$(UCRT0)
DASH_LIBS     = $(CURDIR)/$(ULIBC) -lgcc

$(UBUILD)/bin/dash: tools/build-dash.sh $(UCRT0) $(ULIBC) userland/user.ld $(MARCH_STAMP) | $(DEPS_OK)
	@mkdir -p $(dir $@)
	tools/build-dash.sh $(DASH_SRC) $(UBUILD)/dash $@ "$(UCC)" "$(DASH_CFLAGS)" \
	    "$(DASH_LDFLAGS)" "$(DASH_LIBS)"

$(UBUILD)/bin/sh: $(UBUILD)/bin/dash
	cp $< $@

USER_PROGS += $(UBUILD)/bin/dash $(UBUILD)/bin/sh
