# cluster-os: build, run and test.
#
#   make            kernel, initrd and bootable ISO under build/
#   make run        boot a 3-node cluster in QEMU, node 1's console on this terminal
#   make test       every test: unit (host, sanitizers), mutants, fuzz (short), cluster (QEMU)
#
# Missing Debian packages are installed by tools/deps.sh (as root), which
# every entry point runs first.

BUILD   := build
KCC     := i686-linux-gnu-gcc
NASM    := nasm
HOSTCC  := gcc
PYTEST  := /usr/bin/python3 -m pytest
# The CPU floor: everything runs on a Pentium (i586) and later. boot.asm
# checks the CPU at boot and says so on one below it; tools/check-floor.sh
# checks that no later instruction crept into the binaries.
MARCH   := i586
# Every object depends on build/march, which changes only when MARCH does:
# a new floor rebuilds everything, not just what was touched.
MARCH_STAMP := $(BUILD)/march
$(shell mkdir -p $(BUILD); [ "$$(cat $(MARCH_STAMP) 2>/dev/null)" = "$(MARCH)" ] || \
        echo "$(MARCH)" > $(MARCH_STAMP))

# Recursive (=) so the compiler is asked only when a recipe runs, after
# tools/deps.sh has installed it on a fresh machine.
KCFLAGS = -std=gnu11 -m32 -march=$(MARCH) -O2 -g -ffreestanding -fno-builtin -nostdinc \
           -isystem $(shell $(KCC) -print-file-name=include) \
           -fno-pic -fno-pie -fno-stack-protector -fno-omit-frame-pointer \
           -fno-strict-aliasing -fno-optimize-sibling-calls -mno-sse -mno-sse2 -mno-mmx -mno-80387 \
           -Wall -Wextra -Werror -Wno-unused-parameter -I. -Ikernel/klib
KLDFLAGS := -m32 -nostdlib -static -no-pie -Wl,--build-id=none -Wl,-z,noexecstack -T kernel/kernel.ld

# Kernel sources: every .c of these directories is part of the kernel.
KDIRS   := kernel kernel/klib kernel/fs mm drivers drivers/net net ssi
KSRCS   := $(foreach d,$(KDIRS),$(wildcard $(d)/*.c))
KASMS   := $(wildcard boot/*.asm)
KOBJS   := $(patsubst %.asm,$(BUILD)/%.o,$(KASMS)) $(patsubst %.c,$(BUILD)/%.o,$(KSRCS))

# lwIP 2.1.3 (unpacked by tools/deps.sh, never committed): the parts the
# kernel uses, NO_SYS=1 raw API (IPv4, ARP, ICMP, UDP, DHCP), built with
# the kernel's flags. net/ has the port (lwipopts.h, arch/cc.h).
LWIP      := $(BUILD)/lwip-2.1.3/src
LWIP_SRCS := core/init.c core/def.c core/inet_chksum.c core/ip.c core/mem.c core/memp.c \
             core/netif.c core/pbuf.c core/raw.c core/timeouts.c core/udp.c \
             core/ipv4/dhcp.c core/ipv4/etharp.c core/ipv4/icmp.c core/ipv4/ip4.c \
             core/ipv4/ip4_addr.c core/ipv4/ip4_frag.c netif/ethernet.c
LWIP_OBJS := $(patsubst %.c,$(BUILD)/lwip/%.o,$(LWIP_SRCS))
LWIP_INC  := -I$(LWIP)/include -Inet -Inet/libc
KOBJS     += $(LWIP_OBJS)

DEPS_OK := $(BUILD)/.deps-ok

.PHONY: all deps run netboot test unit floor mutants fuzz cluster-test net-soak soak bench-boot bench-proc bench-cluster bench-net bench-migrate bench-balance balance-sim demo clean
all: $(BUILD)/kernel.elf $(BUILD)/initrd.cpio $(BUILD)/cluster-os.iso

deps $(DEPS_OK): tools/deps.sh
	@tools/deps.sh

# --- kernel ---------------------------------------------------------------

$(BUILD)/%.o: %.c $(MARCH_STAMP) | $(DEPS_OK)
	@mkdir -p $(dir $@)
	$(KCC) $(KCFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/net/%.o: KCFLAGS += $(LWIP_INC)
# SipHash's state is four 64-bit words, eight 32-bit registers where i386
# has seven to spare: let it have the frame pointer's register too (a leaf
# that never faults needs no frame for a stack trace). Each cluster datagram's
# MAC then costs a fifth less: 24k cycles instead of 29k for a chunk.
$(BUILD)/ssi/siphash.o: KCFLAGS += -fomit-frame-pointer

$(LWIP_OBJS): $(BUILD)/lwip/%.o: $(LWIP)/%.c $(MARCH_STAMP) | $(DEPS_OK)
	@mkdir -p $(dir $@)
	$(KCC) $(KCFLAGS) $(LWIP_INC) -MMD -MP -c $< -o $@

# The sources appear when tools/deps.sh unpacks lwIP.
$(addprefix $(LWIP)/,$(LWIP_SRCS)): | $(DEPS_OK) ;

$(BUILD)/boot/%.o: boot/%.asm | $(DEPS_OK)
	@mkdir -p $(dir $@)
	$(NASM) -f elf32 -g $< -o $@

$(BUILD)/kernel.elf: $(KOBJS) kernel/kernel.ld
	$(KCC) $(KLDFLAGS) -o $@ $(KOBJS) -lgcc

-include $(KOBJS:.o=.d)

# --- user programs (libc, init, sh, tools, usertests) ---------------------

include userland/userland.mk

# --- initrd and ISO -------------------------------------------------------

ROOTFS_FILES := $(shell find rootfs -type f 2>/dev/null)

$(BUILD)/initrd.cpio: $(ROOTFS_FILES) tools/mkinitrd.sh $(USER_PROGS) | $(DEPS_OK)
	tools/mkinitrd.sh $(BUILD)/root $@

$(BUILD)/cluster-os.iso: $(BUILD)/kernel.elf $(BUILD)/initrd.cpio boot/grub.cfg
	@rm -rf $(BUILD)/iso && mkdir -p $(BUILD)/iso/boot/grub
	cp $(BUILD)/kernel.elf $(BUILD)/initrd.cpio $(BUILD)/iso/boot/
	cp boot/grub.cfg $(BUILD)/iso/boot/grub/grub.cfg
	grub-mkrescue -o $@ $(BUILD)/iso 2>$(BUILD)/grub-mkrescue.log || \
	    { cat $(BUILD)/grub-mkrescue.log; exit 1; }

# --- running --------------------------------------------------------------

# A 3-node cluster (qemu/cluster: bridged taps in a private namespace as
# root, a VDE switch otherwise), attached to node 1's console.
# NIC=e1000|rtl8139|ne2k_pci|mixed picks the cards.
# BOOT=pxe boots the nodes over the network instead (no disk, no -kernel).
NIC ?= e1000
BOOT ?= kernel
run: all
	qemu/cluster -n 3 -nic $(NIC) $(if $(filter pxe,$(BOOT)),--pxe)

# The network boot tree (docs/netboot.md): the root of a TFTP server from
# which PCs boot diskless. KEY=FILE puts the cluster key in it too (sent in
# the clear by TFTP: read the guide first).
NETBOOT := $(BUILD)/netboot
netboot: $(BUILD)/kernel.elf $(BUILD)/initrd.cpio
	tools/mknetboot.sh $(NETBOOT) $^ $(KEY)

# --- tests ----------------------------------------------------------------

test: unit floor mutants fuzz cluster-test

# The kernel and the programs hold to the CPU floor (MARCH).
floor: $(BUILD)/kernel.elf $(USER_PROGS)
	@tools/check-floor.sh i686-linux-gnu-objdump $^

# Unit tests: tests/unit/test_NAME.c, with the sources it tests listed in
# tests/unit/test_NAME.mk as test_NAME_SRCS. Built for the host under ASan
# and UBSan.
UNIT_TESTS := $(basename $(notdir $(wildcard tests/unit/test_*.c)))
include $(wildcard tests/unit/*.mk)
HOSTCFLAGS := -std=gnu11 -g -O1 -Wall -Wextra -Wno-unused-parameter -I. -Itests/unit \
              -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

.SECONDEXPANSION:
$(BUILD)/unit/%: tests/unit/%.c $$($$*_SRCS) | $(DEPS_OK)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOSTCFLAGS) -o $@ $< $($*_SRCS) -lcmocka

unit: $(addprefix $(BUILD)/unit/,$(UNIT_TESTS))
	@set -e; for t in $^; do echo "== $$t"; $$t; done

# Mutation testing: every unit test must fail on the bugs tools/mutants.py
# plants (a new unit test needs its mutants there). Part of make test.
mutants: | $(DEPS_OK)
	/usr/bin/python3 tools/mutants.py

# Fuzz targets: tests/fuzz/fuzz_NAME.c with tests/fuzz/fuzz_NAME.mk listing
# fuzz_NAME_SRCS; a short bounded run of each in make test (FUZZ_RUNS inputs).
FUZZ_TARGETS := $(basename $(notdir $(wildcard tests/fuzz/fuzz_*.c)))
include $(wildcard tests/fuzz/*.mk)
FUZZ_RUNS ?= 20000
$(BUILD)/fuzz/%: tests/fuzz/%.c $$($$*_SRCS) | $(DEPS_OK)
	@mkdir -p $(dir $@)
	clang -g -O1 -I. -fsanitize=fuzzer,address,undefined -o $@ $< $($*_SRCS)

fuzz: $(addprefix $(BUILD)/fuzz/,$(FUZZ_TARGETS))
	@set -e; for t in $^; do n=$$(basename $$t); echo "== $$t"; mkdir -p $(BUILD)/fuzz/corpus-$$n; \
	    seeds=; [ -d tests/fuzz/seeds/$$n ] && seeds=tests/fuzz/seeds/$$n; \
	    $$t -runs=$(FUZZ_RUNS) -seed=1 -max_len=4096 -artifact_prefix=$(BUILD)/fuzz/ \
	        $(BUILD)/fuzz/corpus-$$n $$seeds 2>$(BUILD)/fuzz/$$n.log || \
	        { tail -40 $(BUILD)/fuzz/$$n.log; exit 1; }; done

# Gossip simulator: the kernel's own ssi/gossip.c and ssi/loadvec.c (not a
# copy) simulating 16, 256 and 4096 nodes on a lossy network.
SIM_SRCS := tools/gossip-sim.c ssi/gossip.c ssi/loadvec.c ssi/prng.c ssi/wire.c \
            ssi/replay.c ssi/siphash.c
$(BUILD)/gossip-sim: $(SIM_SRCS) $(wildcard ssi/*.h)
	@mkdir -p $(dir $@)
	$(HOSTCC) -std=gnu11 -O2 -g -Wall -Wextra -Wno-unused-parameter -I. -o $@ $(SIM_SRCS)

.PHONY: sim
sim: $(BUILD)/gossip-sim
	$(BUILD)/gossip-sim

# Balancing simulator: the kernel's own ssi/balance.c on simulated clusters
# of 2 to 64 nodes, against round-robin and random placement.
BSIM_SRCS := tools/balance-sim.c tools/balance_sim.c ssi/balance.c ssi/loadvec.c
$(BUILD)/balance-sim: $(BSIM_SRCS) tools/balance_sim.h $(wildcard ssi/*.h)
	@mkdir -p $(dir $@)
	$(HOSTCC) -std=gnu11 -O2 -g -Wall -Wextra -Wno-unused-parameter -I. -o $@ $(BSIM_SRCS)

.PHONY: balance-sim
balance-sim: $(BUILD)/balance-sim
	$(BUILD)/balance-sim

cluster-test: all
	$(PYTEST) -q -m "not soak" tests/cluster

# Long or load-sensitive cluster runs: every kill point of
# tests/cluster/test_failures.py twenty times, 200 moves among three nodes,
# the 8 MiB program over 10% and 30% lossy links (tests/cluster/test_soak.py).
FAIL_TRIES ?= 20
soak: all
	@start=$$(date +%s); rc=0; \
	FAIL_TRIES=$(FAIL_TRIES) $(PYTEST) -q tests/cluster/test_failures.py || rc=1; \
	$(PYTEST) -q -m soak tests/cluster || rc=1; \
	t=$$(( $$(date +%s) - start )); \
	if [ $$rc = 0 ]; then r=passed; else r=FAILED; fi; \
	echo "make soak: $$r in $$((t / 60)) min $$((t % 60)) s"; \
	exit $$rc

# The UDP echo tests 20 times in a row, each on a fresh 2-node cluster
# (make test runs them once): run it on a loaded host to shake out losses.
NET_SOAK_RUNS ?= 20
net-soak: all
	@set -e; for i in $$(seq $(NET_SOAK_RUNS)); do echo "== net-soak run $$i"; \
	    $(PYTEST) -q tests/cluster/test_net_tools.py -k "first_burst or udpblast_against"; done

bench-boot: all netboot
	/usr/bin/python3 bench/boottime.py

bench-proc: all
	/usr/bin/python3 bench/proc.py

bench-cluster: all
	/usr/bin/python3 bench/cluster.py

bench-net: all
	/usr/bin/python3 bench/net

bench-migrate: all
	/usr/bin/python3 bench/migrate.py

bench-balance: all
	/usr/bin/python3 bench/balance.py

# The seed's demo: jobs started at node 1 of three spread by themselves.
demo: all
	/usr/bin/python3 tools/demo.py

clean:
	rm -rf $(BUILD)/kernel.elf $(BUILD)/initrd.cpio $(BUILD)/cluster-os.iso \
	       $(BUILD)/boot $(BUILD)/kernel $(BUILD)/mm $(BUILD)/drivers \
	       $(BUILD)/net $(BUILD)/lwip \
	       $(BUILD)/unit $(BUILD)/fuzz $(BUILD)/iso $(BUILD)/root \
	       $(BUILD)/userland userland/libc/libc.a
