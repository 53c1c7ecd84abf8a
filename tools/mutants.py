#!/usr/bin/python3
"""Mutation testing of the host unit tests: prove that every test can fail.

Each entry of MUTANTS below plants one small bug (an off-by-one in a bound,
a dropped check, a wrong comparison, a skipped step) in a module that a unit
test in tests/unit/ claims to guard. The script copies the source tree to a
temporary directory, checks that every test passes there unmutated (the
baseline), then for each mutant applies the edit to the copy, builds that one
test exactly as `make unit` does (tests/unit/test_NAME.mk lists its sources)
and runs it. A test that now fails has KILLED its mutant; one that still
passes lets the mutant SURVIVE, which means the test misses that bug.

Run from anywhere, with the Debian packages of `make unit` installed:

    /usr/bin/python3 tools/mutants.py                  # every mutant
    /usr/bin/python3 tools/mutants.py test_wire heap   # only these tests
    /usr/bin/python3 tools/mutants.py -v wire          # and how each was killed
    make mutants                                       # the same as the first

It prints one line per mutant (status, test, file, what the bug breaks),
then a summary. The exit status is 0 only when every mutant was killed: it is
1 if a mutant survived or did not compile, a baseline failed, a snippet is
not found exactly once in its file, or a unit test has no mutant at all.
The working tree is never modified.
"""

import argparse
import concurrent.futures
import queue
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# The mutants: which test must catch the bug, the module it is planted in,
# the exact text replaced (found exactly once), its replacement, and what
# the bug breaks.
MUTANTS = [
    # --- kernel/cmdline.c ---------------------------------------------------
    dict(test="test_cmdline", file="kernel/cmdline.c",
         find="memset(c->original + (eq + 1 - c->text), '*', strlen(eq + 1));",
         replace="memset(c->original + (eq + 1 - c->text), '*', strlen(eq + 1) - 1);",
         what="the last character of the cluster key stays visible in the banner copy"),
    dict(test="test_cmdline", file="kernel/cmdline.c",
         find="            c->settings[i].value = value;\n            return;",
         replace="            return;",
         what="a repeated setting keeps its first value instead of the last"),

    # --- kernel/klib/string.c -----------------------------------------------
    dict(test="test_kstring", file="kernel/klib/string.c",
         find='size_t words = n / 4, bytes = n % 4;\n    __asm__ volatile("rep movsl"',
         replace='size_t words = n / 4, bytes = n % 4 ? n % 4 - 1 : 0;\n    __asm__ volatile("rep movsl"',
         what="memcpy drops the last byte of a length that is not a multiple of four"),
    dict(test="test_kstring", file="kernel/klib/string.c",
         find="uint32_t w = (unsigned char)c * 0x01010101u;",
         replace="uint32_t w = (unsigned char)c * 0x00010101u;",
         what="memset leaves every fourth byte of the word-sized run unset"),
    dict(test="test_kstring", file="kernel/klib/string.c",
         find="if (d < s || d >= s + n)",
         replace="if (d < s || d > s)",
         what="memmove copies forward over an overlap that starts below the source's end"),

    # --- kernel/cpio.c ------------------------------------------------------
    dict(test="test_cpio", file="kernel/cpio.c",
         find="if (need >= outsize - n)   // keep one byte for the NUL",
         replace="if (need > outsize - n)   // keep one byte for the NUL",
         what="a normalised name that fills the buffer leaves no room for its NUL"),
    dict(test="test_cpio", file="kernel/cpio.c",
         find="if (checked && (f[F_MODE] & CPIO_S_IFMT) == CPIO_S_IFREG) {",
         replace="if (checked && (f[F_MODE] & CPIO_S_IFMT) == CPIO_S_IFDIR) {",
         what="the 070702 checksum is checked for directories, never for regular files"),
    dict(test="test_cpio", file="kernel/cpio.c",
         find="if (clen == 2 && comp[0] == '.' && comp[1] == '.')",
         replace="if (clen == 2 && comp[0] == '.' && comp[1] == '.' && n == 0)",
         what="a '..' component is refused only at the start of a name (x/../y passes)"),

    # --- drivers/net/dp8390_ring.c ------------------------------------------
    dict(test="test_dp8390_ring", file="drivers/net/dp8390_ring.c",
         find="if (count < HEADER || (uint32_t)count + CRC > ring)",
         replace="if (count < HEADER)",
         what="a byte count longer than the ring is believed"),
    dict(test="test_dp8390_ring", file="drivers/net/dp8390_ring.c",
         find="if (p >= stop)",
         replace="if (p > stop)",
         what="a frame ending exactly at the ring's stop page does not wrap to start"),

    # --- kernel/elf.c -------------------------------------------------------
    dict(test="test_elf", file="kernel/elf.c",
         find="p.entry - s->vaddr < s->memsz",
         replace="p.entry - s->vaddr <= s->memsz",
         what="an entry point one byte past the executable segment is accepted"),
    dict(test="test_elf", file="kernel/elf.c",
         find="s->memsz > ELF_USER_LIMIT - s->vaddr",
         replace="s->memsz >= ELF_USER_LIMIT - s->vaddr",
         what="a segment ending exactly at the user limit is refused"),
    dict(test="test_elf", file="kernel/elf.c",
         find="if (page_down(p.seg[i].vaddr) < page_end(&p.seg[i - 1]))",
         replace="if (p.seg[i].vaddr < p.seg[i - 1].vaddr + p.seg[i - 1].memsz)",
         what="segments sharing a page are not an overlap (only their bytes are compared)"),

    # --- kernel/envelope.c --------------------------------------------------
    dict(test="test_syscall_rows", file="kernel/envelope.c",
         find="if (r->buf[i] && !(borrow && i < d->nargs && carries_in(&d->arg[i])))",
         replace="if (r->buf[i] && !(borrow && i < d->nargs))",
         what="freeing a borrowed request frees nothing: its outgoing buffers leak"),
    dict(test="test_envelope", file="kernel/envelope.c",
         find="if ((d->arg[i].flags & ARGF_RETLEN) && n != out_bytes(&d->arg[i], r, i))",
         replace="if ((d->arg[i].flags & ARGF_RETLEN) && n > out_bytes(&d->arg[i], r, i))",
         what="a read reply may carry fewer bytes than its ret: old heap bytes reach the user"),
    dict(test="test_envelope", file="kernel/envelope.c",
         find="            n += 4 + buflen(r, i);\n    return n;\n}\n\nint envelope_pack_reply",
         replace="            n += 4 + out_bytes(&d->arg[i], r, i);\n    return n;\n}\n\nint envelope_pack_reply",
         what="the room for a reply counts a read's bytes from the result not yet known"),
    dict(test="test_envelope", file="kernel/envelope.c",
         find="        if (n > buflen(r, i))\n            return ENV_ELEN;\n",
         replace="",
         what="a reply longer than the caller's buffer is copied into it"),
    dict(test="test_envelope", file="kernel/envelope.c",
         find="            if (a->kind == ARG_STR && ((char *)r->buf[i])[n - 1] != '\\0')\n"
              "                err = ENV_ELEN;\n",
         replace="",
         what="a string argument without its NUL reaches the handler"),
    dict(test="test_envelope", file="kernel/envelope.c",
         find="n = r->ret <= 0 ? 0 : ((uint32_t)r->ret < n ? (uint32_t)r->ret : n);",
         replace="n = r->ret <= 0 ? 0 : n;",
         what="a read reply carries the whole buffer, not only the bytes read"),

    # --- kernel/syscall_table.c with kernel/envelope.c ----------------------
    dict(test="test_syscall_rows", file="kernel/envelope.c",
         find="    return a->kind == ARG_STR || a->kind == ARG_IN || a->kind == ARG_INOUT ||\n",
         replace="    return a->kind == ARG_STR || a->kind == ARG_IN ||\n",
         what="the bytes of an in-and-out argument (ioctl's, recvfrom's length) stay behind"),
    dict(test="test_syscall_rows", file="kernel/envelope.c",
         find="            if (!(a->flags & ARGF_NULLOK)) {\n                err = ENV_ELEN;\n                break;\n            }\n",
         replace="",
         what="a NULL pointer reaches a handler whose row does not allow one"),
    dict(test="test_syscall_rows", file="kernel/syscall_table.c",
         find='[SYS_read]     = { "read",     sys_read,     3, RUN_HOME,  { VAL, OUT(2), VAL } },',
         replace='[SYS_read]     = { "read",     sys_read,     3, RUN_HOME,  { VAL, OUT(1), VAL } },',
         what="read's buffer is sized by the buffer's own address"),
    dict(test="test_syscall_rows", file="kernel/syscall_table.c",
         find="{ ARG_OUT, ARGF_NULLOK | ARGF_ERRTOO, -1, sizeof(struct api_timespec), 0 } } },",
         replace="{ ARG_OUT, ARGF_NULLOK | ARGF_ERRTOO, -1, 0, 0 } } },",
         what="nanosleep's remaining time has no size: nothing would come back"),

    # --- ssi/mig_proto.c ------------------------------------------------------
    dict(test="test_mig_proto", file="ssi/mig_proto.c",
         find="        if (extra == 0)\n            return false;   // an image header or a page batch follows",
         replace="",
         what="a BEGIN or PAGES request with nothing after its fixed part is taken"),
    dict(test="test_mig_proto", file="ssi/mig_proto.c",
         find="    if (plen > PATH_MAX)\n        return false;\n",
         replace="",
         what="an exec path longer than any path a system call accepts is taken"),
    dict(test="test_mig_proto", file="ssi/mig_proto.c",
         find="    return nul_at(path, plen) == plen - 1;",
         replace="    return path[plen - 1] == '\\0';",
         what="an exec path with a NUL inside it is taken (the deputy would read a shorter path)"),
    dict(test="test_mig_proto", file="ssi/mig_proto.c",
         find="        ok = extra == sizeof(struct dep_exit);",
         replace="        ok = extra >= sizeof(struct dep_exit);",
         what="a DEP_EXIT with bytes after its dep_exit is taken"),
    dict(test="test_mig_proto", file="ssi/mig_proto.c",
         find="    return r->ret == 0 && *size <= max && len - head == *size;",
         replace="    return r->ret == 0 && len - head == *size;",
         what="an exec answer with more file bytes than the room asked for is taken"),
    dict(test="test_mig_proto", file="ssi/mig_proto.c",
         find="    return nul_at((const uint8_t *)r->reason, MIG_REASON_MAX) < MIG_REASON_MAX;",
         replace="    return true;",
         what="a refusal's reason without its NUL is printed past its end"),

    # --- ssi/split.c -----------------------------------------------------------
    dict(test="test_split", file="ssi/split.c",
         find="    if (r.ret == -EFBIG && x->tries < SPLIT_EXEC_TRIES && need > x->max &&",
         replace="    if (r.ret == -EFBIG && need > x->max &&",
         what="a program that keeps growing is asked for again and again"),
    dict(test="test_split", file="ssi/split.c",
         find="        need <= EXEC_FILE_MAX) {",
         replace="        true) {",
         what="a home that names a size beyond any program makes the node ask for that much"),
    dict(test="test_split", file="ssi/split.c",
         find="    if (err == 0 && len > max)\n        err = -EFBIG;",
         replace="    if (err == 0 && len >= max)\n        err = -EFBIG;",
         what="a program of exactly the first room is asked for twice"),
    dict(test="test_split", file="ssi/split.c",
         find="    if ((uint32_t)r->ret / PID_NODE_SPAN != home || r->ret % PID_NODE_SPAN == 0)",
         replace="    if ((uint32_t)r->ret / PID_NODE_SPAN != home)",
         what="a child is made with pid number 0 of its home"),
    dict(test="test_split", file="ssi/split.c",
         find="    *uticks = e->utime_us / us_per_tick;",
         replace="    *uticks = e->utime_us / 10000;",
         what="CPU times are read at a fixed tick, whatever home's rate"),
    dict(test="test_split", file="ssi/split.c",
         find="    uint32_t size = err == 0 || err == -EFBIG ? len : 0;",
         replace="    uint32_t size = err == 0 ? len : 0;",
         what="home's -EFBIG does not say how much room the program needs"),

    # --- ssi/balance.c ----------------------------------------------------------
    dict(test="test_balance", file="ssi/balance.c",
         find="        uint32_t from = score(ra, -(int32_t)d, speed_of(a));",
         replace="        uint32_t from = score(ra, (int32_t)d, speed_of(a));",
         what="the process's own share counts against the source: moves that only swap an imbalance"),
    dict(test="test_balance", file="ssi/balance.c",
         find="    if (n->node == p->self || !n->up || n->age_ms > p->stale_ms || n->avoid)",
         replace="    if (n->node == p->self || !n->up || n->avoid)",
         what="a node known only from old news is chosen"),
    dict(test="test_balance", file="ssi/balance.c",
         find="    if (n->node == p->self || !n->up || n->age_ms > p->stale_ms || n->avoid)",
         replace="    if (n->node == p->self || !n->up || n->age_ms > p->stale_ms)",
         what="a node that refused us a moment ago is chosen again at once"),
    dict(test="test_balance", file="ssi/balance.c",
         find="    if (n->blocks && !home_of_it)\n        return false;",
         replace="",
         what="a node that blocks arrivals is sent processes"),
    dict(test="test_balance", file="ssi/balance.c",
         find="(q->arrived && q->resident_ms < p->residency_ms)",
         replace="false",
         what="a process that just arrived may be moved on at once (ping-pong)"),
    dict(test="test_balance", file="ssi/balance.c",
         find="    if (node == q->home)\n        return 0;\n",
         replace="    return 0;\n",
         what="home calls cost nothing away: processes living on them are sent away"),
    dict(test="test_balance", file="ssi/balance.c",
         find="    return score(r, (int32_t)d, s) + margin_at(p, s) <= from_score;",
         replace="    return score(r, (int32_t)d, s) <= from_score;",
         what="the target takes a process that only swaps the imbalance"),
    dict(test="test_balance", file="ssi/balance.c",
         find="    while (at < max && v->free_kb[self] < p->usher_kb) {",
         replace="    while (at < max && v->free_kb[self] <= p->usher_kb) {",
         what="a node with exactly its threshold of free memory ushers processes off"),
    dict(test="test_balance", file="ssi/balance.c",
         find="        v.r[j] = (uint32_t)((uint64_t)nodes[j].load * speed_of(&nodes[j]) / LV_SPEED_REF);",
         replace="        v.r[j] = nodes[j].load;",
         what="the vector's load is taken as a run-queue length: speeds counted twice"),
    dict(test="test_balance", file="ssi/balance.c",
         find="    return (uint32_t)((uint64_t)p->margin * LV_SPEED_REF / s);",
         replace="    return p->margin;",
         what="the margin is counted on the reference CPU: fast nodes never balance"),
    dict(test="test_balance", file="ssi/balance.c",
         find="            m->sent[i].demand += demand;   // one sum per node",
         replace="            m->sent[i].demand = demand;   // one sum per node",
         what="only the last of several moves to one node is remembered"),
    dict(test="test_balance", file="ssi/balance.c",
         find="            } else if (d >= BAL_MIN_DEMAND && to + margin_at(p, speed_of(a)) <= from &&",
         replace="            } else if (d >= BAL_MIN_DEMAND && to <= from &&",
         what="no hysteresis: moves that gain nothing for the cluster"),

    # --- ssi/speed.c ------------------------------------------------------------
    dict(test="test_speed", file="ssi/speed.c",
         find="        if (e->run[i] > best)",
         replace="        if (best == 0 || e->run[i] < best)",
         what="the slowest (most disturbed) run is taken as the node's speed"),
    dict(test="test_speed", file="ssi/speed.c",
         find="    if (speed == 0)\n        return;\n",
         replace="",
         what="a run too short to count enters the estimate"),
    dict(test="test_speed", file="ssi/speed.c",
         find="    uint32_t median = v[n / 2], best = v[n - 1];",
         replace="    uint32_t median = v[0], best = v[n - 1];",
         what="the spread is measured from the slowest run, not the median"),

    # --- the blocks flag (ssi/gossip.c, ssi/loadvec.c) ----------------------------
    dict(test="test_gossip", file="ssi/gossip.c",
         find="    e->flags = (uint16_t)(wire_get32(q + 40) & GOSSIP_F_BLOCKS);",
         replace="    e->flags = 0;",
         what="a node that blocks arrivals is not known to: it keeps being sent processes"),
    dict(test="test_gossip", file="ssi/gossip.c",
         find="    wire_put32(q + 40, flags | (e->flags & GOSSIP_F_BLOCKS));",
         replace="    wire_put32(q + 40, flags);",
         what="mosctl block is never announced"),
    dict(test="test_loadvec", file="ssi/loadvec.c",
         find="    e->flags = in->flags & LV_F_BLOCKS;\n    e->state = LV_UP;",
         replace="    e->flags = 0;\n    e->state = LV_UP;",
         what="a merged entry loses the node's blocks flag"),

    # --- ssi/mig_rules.c, ssi/dep_queue.c ----------------------------------------
    dict(test="test_mig_sm", file="ssi/mig_rules.c",
         find="    if (link_failed && (route == MIG_ROUTE_HOME || stage == MIG_STAGE_COMMIT))\n",
         replace="    if (link_failed && route == MIG_ROUTE_HOME && stage == MIG_STAGE_COMMIT)\n",
         what="a guest whose commit answer was lost runs on while home runs it too"),
    dict(test="test_mig_sm", file="ssi/mig_rules.c",
         find="            return route == MIG_ROUTE_HOME ? MIG_FATE_MOVED : MIG_FATE_NEXT;   // home: DONE commits",
         replace="            return MIG_FATE_MOVED;   // home: DONE commits",
         what="home lets a process go when the target only holds it (no GO: it runs nowhere)"),
    dict(test="test_mig_sm", file="ssi/mig_rules.c",
         find="(route == MIG_ROUTE_HOME || stage == MIG_STAGE_COMMIT)",
         replace="route == MIG_ROUTE_HOME",
         what="a process going onward whose commit answer was lost runs on where it was while the target runs it"),
    dict(test="test_mig_sm", file="ssi/mig_rules.c",
         find="    if (stage == MIG_STAGE_GO)\n        return MIG_FATE_KILLED;",
         replace="    if (stage == MIG_STAGE_GO)\n        return MIG_FATE_STAYS;",
         what="after the commit a failed GO lets home run the process while the target may too"),
    dict(test="test_mig_sm", file="ssi/dep_queue.c",
         find="    if (seq > dq->last_seq) {\n        dq->early_cancel = seq;\n        return DEP_CANCEL_EARLY;\n    }\n",
         replace="",
         what="a cancel that overtakes its call is lost (a blocked call is never interrupted)"),
    dict(test="test_mig_sm", file="ssi/dep_queue.c",
         find="    if (seq > dq->last_seq) {",
         replace="    if (seq >= dq->last_seq) {",
         what="the cancel of a call already answered is kept for a call that never comes"),
    dict(test="test_mig_sm", file="ssi/dep_queue.c",
         find="    if (dq->running && dq->running->seq == seq)\n        return DEP_CANCEL_RUNNING;",
         replace="    if (dq->running)\n        return DEP_CANCEL_RUNNING;",
         what="a late cancel interrupts whatever call runs now"),

    # --- ssi/gossip.c, ssi/loadvec.c: an orderly leave ------------------------
    dict(test="test_gossip", file="ssi/gossip.c",
         find="        bool leaves = i == 0 && (wire_get32(",
         replace="        bool leaves = (wire_get32(",
         what="a node passing on gossip can declare a third node gone (hearsay LEAVING)"),
    dict(test="test_gossip", file="ssi/gossip.c",
         find="    if (g->excluded || g->leaving)\n        return 0;",
         replace="    if (g->excluded)\n        return 0;",
         what="a node that left goes on gossiping itself up"),
    dict(test="test_gossip", file="ssi/loadvec.c",
         find="e->incarnation, e->stamp) < 0)\n        return LV_MERGE_STALE;   // unknown, or an old word",
         replace="e->incarnation, e->stamp) <= 0)\n        return LV_MERGE_STALE;   // unknown, or an old word",
         what="a leave sent in the same millisecond as the last gossip is ignored"),

    # --- kernel/fpu_format.c ------------------------------------------------
    dict(test="test_fpu_format", file="kernel/fpu_format.c",
         find="int st = (r - top) & 7;", replace="int st = r;",
         what="tags computed for the wrong registers when the stack is rotated"),
    dict(test="test_fpu_format", file="kernel/fpu_format.c",
         find="return fraction_zero ? TAG_ZERO : TAG_SPECIAL;", replace="return TAG_ZERO;",
         what="a denormal is tagged zero"),
    dict(test="test_fpu_format", file="kernel/fpu_format.c",
         find="if (((ftw >> (2 * r)) & 3) != TAG_EMPTY)", replace="if (((ftw >> (2 * r)) & 3) == TAG_VALID)",
         what="zero and special registers are marked empty in fxsave"),
    dict(test="test_fpu_format", file="kernel/fpu_format.c",
         find="        if (fx[i])\n            return -1;", replace="        if (fx[i] && i < 160)\n            return -1;",
         what="XMM registers in use are dropped silently on the way to a CPU without SSE"),

    dict(test="test_libc_format", file="userland/libc/src/fmt_float.c",
         find="if (rest > half || (rest == half && (full & 1)))", replace="if (rest >= half)",
         what="%.Na rounds a half away from zero, not to even"),
    dict(test="test_libc_format", file="userland/libc/src/fmt_float.c",
         find="int e2 = v == 0 ? 0 : biased ? biased - 1023 : -1022;",
         replace="int e2 = v == 0 ? 0 : biased - 1023;",
         what="%a gives subnormals the exponent -1023"),
    dict(test="test_libc_format", file="userland/libc/src/fmt.c",
         find="    if (hex && finite) {", replace="    if (hex) {",
         what="%a prints 0xinf"),

    # --- kernel/shebang.c ---------------------------------------------------
    dict(test="test_shebang", file="kernel/shebang.c",
         find="    if (end == SHEBANG_LINE_MAX)\n        return -ENOEXEC;", replace="",
         what="a #! line longer than the limit is cut and run"),
    dict(test="test_shebang", file="kernel/shebang.c",
         find="    while (last > i && (blank(file[last - 1]) || file[last - 1] == '\\r'))",
         replace="    while (last > i && blank(file[last - 1]))",
         what="a DOS line's carriage return ends up in the interpreter's argument"),
    dict(test="test_shebang", file="kernel/shebang.c",
         find="    for (int k = argv && argv[0] ? 1 : 0; argv && argv[k]; k++) {",
         replace="    for (int k = 0; argv && argv[k]; k++) {",
         what="the script's own argv[0] is passed on after its path"),
    dict(test="test_shebang", file="kernel/shebang.c",
         find="    if (n >= max)\n        return -E2BIG;\n    out[n] = NULL;",
         replace="    out[n] = NULL;",
         what="the ending NULL is written past the caller's array"),

    # --- kernel/format.c ----------------------------------------------------
    dict(test="test_format", file="kernel/format.c",
         find="int total = n + (neg ? 1 : 0);",
         replace="int total = n;",
         what="the minus sign is not counted in the field width (%05d of -42)"),
    dict(test="test_format", file="kernel/format.c",
         find="(prec < 0 || n < prec)",
         replace="(prec < 0 || n <= prec)",
         what="%.Ns prints one character more than the precision"),

    # --- mm/frame.c ---------------------------------------------------------
    dict(test="test_frame", file="mm/frame.c",
         find="uint64_t end)\n{\n    uint64_t first = (start + FRAME_SIZE - 1) >> FRAME_SHIFT;\n    uint64_t last = end >> FRAME_SHIFT;\n    if (last > p->nframes)\n        last = p->nframes;\n    uint32_t n = 0;",
         replace="uint64_t end)\n{\n    uint64_t first = start >> FRAME_SHIFT;\n    uint64_t last = end >> FRAME_SHIFT;\n    if (last > p->nframes)\n        last = p->nframes;\n    uint32_t n = 0;",
         what="releasing the initrd frees the partial frame at its start, which may hold something else"),
    dict(test="test_frame", file="mm/frame.c",
         find="        if (p->ref[f] != FRAME_RESERVED || f == 0)\n            continue;",
         replace="        if (f == 0)\n            continue;",
         what="a release frees frames in use"),
    dict(test="test_frame", file="mm/frame.c",
         find="    if (first == 0)\n        first = 1;   // frame 0 is the \"no frame\" answer\n",
         replace="",
         what="frame 0, the 'no frame' answer, is added to the pool"),
    dict(test="test_frame", file="mm/frame.c",
         find="uint64_t last = (end + FRAME_SIZE - 1) >> FRAME_SHIFT;",
         replace="uint64_t last = end >> FRAME_SHIFT;",
         what="a reserved range is not rounded out: its partial last frame is handed out"),
    dict(test="test_frame", file="mm/frame.c",
         find="if (p->ref[f] == 0 || p->ref[f] == FRAME_RESERVED)",
         replace="if (p->ref[f] == FRAME_RESERVED)",
         what="unref of a free frame (a double free) is not caught"),

    # --- net/frame_ring.c ---------------------------------------------------
    dict(test="test_frame_ring", file="net/frame_ring.c",
         find=">= r->nslots) {",
         replace="> r->nslots) {",
         what="a full ring takes one frame more, overwriting the oldest"),
    dict(test="test_frame_ring", file="net/frame_ring.c",
         find="    if (__atomic_load_n(&r->head, __ATOMIC_ACQUIRE) != r->tail)\n"
              "        __atomic_store_n(&r->tail, r->tail + 1, __ATOMIC_RELEASE);",
         replace="    __atomic_store_n(&r->tail, r->tail + 1, __ATOMIC_RELEASE);",
         what="popping an empty ring moves the tail past the head"),
    dict(test="test_frame_ring", file="net/frame_ring.c",
         find="    __atomic_store_n(&s->buf, NULL, __ATOMIC_RELEASE);\n    r->bare++;",
         replace="    r->bare++;",
         what="a taken buffer stays in its slot: the next frame overwrites what the stack holds"),
    dict(test="test_frame_ring", file="net/frame_ring.c",
         find="    for (uint32_t k = head; k != r->tail + r->nslots; k++) {",
         replace="    for (uint32_t k = head + 1; k != r->tail + r->nslots; k++) {",
         what="a buffer given back skips the slot the card fills next"),
    dict(test="test_frame_ring", file="net/frame_ring.c",
         find="    if (r->bare == 1 && !__atomic_load_n(&s->buf, __ATOMIC_ACQUIRE)) {",
         replace="    if (r->bare >= 1 && !__atomic_load_n(&s->buf, __ATOMIC_ACQUIRE)) {",
         what="with several slots bare, the last emptied gets the buffer before the one the card fills next"),

    # --- ssi/gossip.c -------------------------------------------------------
    dict(test="test_gossip", file="ssi/gossip.c",
         find="count > GOSSIP_MAX_ENTRIES ||",
         replace="count > GOSSIP_MAX_ENTRIES + 1 ||",
         what="a payload with one entry more than the maximum is accepted"),
    dict(test="test_gossip", file="ssi/gossip.c",
         find="first.node != src ||\n        first.addr != src_addr || first.incarnation != inc)",
         replace="first.node != src ||\n        first.incarnation != inc)",
         what="a first entry claiming another address than the sender's is believed"),
    dict(test="test_gossip", file="ssi/gossip.c",
         find="if (e->hot && n < news) {",
         replace="if (e->hot && n < k) {",
         what="news takes every slot of a message instead of at most half"),
    dict(test="test_gossip", file="ssi/gossip.c",
         find="        if (age >= timeout)\n            continue;\n",
         replace="",
         what="entries older than the down timeout are still passed on"),
    dict(test="test_gossip", file="ssi/gossip.c",
         find="        if (age >= timeout)",
         replace="        if (age > timeout)",
         what="an entry exactly the down timeout old is still passed on"),

    # --- mm/heap.c ----------------------------------------------------------
    dict(test="test_heap", file="mm/heap.c",
         find="    if (prev && (char *)prev + prev->size == (char *)b) {\n"
              "        prev->size += b->size;\n"
              "        set_next(prev, next_of(b));\n"
              "        b->magic = 0;\n"
              "    } else if (prev) {",
         replace="    if (prev) {",
         what="a freed block is not merged with the free block just below it"),
    dict(test="test_heap", file="mm/heap.c",
         find="size_t need = ALIGN16(HDR + n + sizeof(uint32_t));",
         replace="size_t need = ALIGN16(HDR + n);",
         what="no room is kept for the canary: it lands on the next block's header"),
    dict(test="test_heap", file="mm/heap.c",
         find="    if (canary != HEAP_CANARY) {\n"
              "        // Leak the block rather than reuse memory whose neighbours may be\n"
              "        // trashed; the report says where to look.\n"
              "        fault(h, HEAP_OVERRUN, ptr);\n"
              "        return;\n"
              "    }\n",
         replace="",
         what="free no longer checks the canary: overruns go unreported"),

    # --- net/ipaddr.c -------------------------------------------------------
    dict(test="test_ipaddr", file="net/ipaddr.c",
         find="if (digits == 0 || v > max ||",
         replace="if (v > max ||",
         what="an empty part (10..0.1) reads as 0"),
    dict(test="test_ipaddr", file="net/ipaddr.c",
         find="number(&s, 32, &p)",
         replace="number(&s, 33, &p)",
         what="a prefix length of 33 is accepted"),

    # --- drivers/net/isa_cfg.c ----------------------------------------------
    dict(test="test_isa_cfg", file="drivers/net/isa_cfg.c",
         find="p > 0xFFE0)",
         replace="p > 0xFFFF)",
         what="a port whose 32 registers run past 0xFFFF is accepted"),
    dict(test="test_isa_cfg", file="drivers/net/isa_cfg.c",
         find="q > 15 || p == 0 ||",
         replace="q > 15 ||",
         what="port 0 is accepted"),

    # --- ssi/key.c ----------------------------------------------------------
    dict(test="test_key", file="ssi/key.c",
         find="    if (!any)\n        return -1;",
         replace="",
         what="an all-zero (forgotten) cluster key is accepted"),
    dict(test="test_key", file="ssi/key.c",
         find="if (end - start != 2 * CLUSTER_KEY_SIZE)",
         replace="if (end - start < 2 * CLUSTER_KEY_SIZE)",
         what="a key with extra hex digits is accepted (the extra ones ignored)"),

    # --- kernel/fs/ldisc.c --------------------------------------------------
    dict(test="test_ldisc", file="kernel/fs/ldisc.c",
         find="if (ld->line_len >= TTY_LINE_MAX - 1)",
         replace="if (ld->line_len >= TTY_LINE_MAX)",
         what="a full line leaves no room for its newline (a read returns one byte too many)"),
    dict(test="test_ldisc", file="kernel/fs/ldisc.c",
         find="if (n == 0 || TTY_BUF_SIZE - ld->count < n)",
         replace="if (n == 0)",
         what="a line is completed into a queue without room for it (its tail is lost)"),

    # --- userland/libc/src/fmt.c, fmt_float.c -------------------------------
    dict(test="test_libc_format", file="userland/libc/src/fmt.c",
         find="    if (s->prec == 0 && v == 0)\n        blen = 0;\n",
         replace="",
         what="%.0d of zero prints '0' instead of nothing"),
    dict(test="test_libc_format", file="userland/libc/src/fmt_float.c",
         find="bool up = next > '5' || (next == '5' && (more || odd));",
         replace="bool up = next >= '5';",
         what="exact halves round up instead of to even (%.0f of 0.5 gives 1)"),
    dict(test="test_libc_format", file="userland/libc/src/fmt_float.c",
         find="if (p > ex && ex >= -4)",
         replace="if (p > ex && ex > -4)",
         what="%g switches to the exponent form one decade too early (1e-4)"),

    # --- userland/libc/src/getopt_core.c ------------------------------------
    dict(test="test_libc_getopt", file="userland/libc/src/getopt_core.c",
         find="        if (a[1] == '-' && a[2] == '\\0') {\n            st->optind++;\n",
         replace="        if (a[1] == '-' && a[2] == '\\0') {\n",
         what="'--' ends the options but is left in the operands"),
    dict(test="test_libc_getopt", file="userland/libc/src/getopt_core.c",
         find="return colon ? ':' : '?';",
         replace="return '?';",
         what="a missing option argument is reported as '?' even with a leading ':'"),

    # --- userland/libc/src/arena.c ------------------------------------------
    dict(test="test_libc_malloc", file="userland/libc/src/arena.c",
         find="return s < 2 * HDR ? 2 * HDR : s;",
         replace="return s;",
         what="a tiny request gets a block too small to hold a free block's link"),
    dict(test="test_libc_malloc", file="userland/libc/src/arena.c",
         find="    if (prev && (char *)prev + prev->size == (char *)b) {\n"
              "        prev->size += b->size;\n"
              "        prev->next = b->next;\n"
              "    } else if (prev) {",
         replace="    if (prev) {",
         what="a freed block is not merged with the free block just below it"),

    # --- userland/libc/src/scan.c -------------------------------------------
    dict(test="test_libc_scan", file="userland/libc/src/scan.c",
         find="        if (width && (size_t)width < n)\n            n = (size_t)width;\n",
         replace="",
         what="a field width does not limit a numeric conversion (%2d reads 12345)"),
    dict(test="test_libc_scan", file="userland/libc/src/scan.c",
         find="if (conv != 'c' && conv != '[')",
         replace="if (conv != '[')",
         what="%c skips leading white space"),
    dict(test="test_libc_scan", file="userland/libc/src/scan.c",
         find="    return stored == 0 ? -1 : stored;",
         replace="    return stored;",
         what="input that runs out before any conversion gives 0, not EOF"),

    # --- userland/libc/src/sort.c -------------------------------------------
    dict(test="test_libc_sort", file="userland/libc/src/sort.c",
         find="for (size_t i = 0; i < s->size; i++) {",
         replace="for (size_t i = 0; i + 1 < s->size; i++) {",
         what="swap leaves the last byte of each element in place"),
    dict(test="test_libc_sort", file="userland/libc/src/sort.c",
         find="for (size_t i = 1; i < n; i++)",
         replace="for (size_t i = 1; i + 1 < n; i++)",
         what="insertion sort never places the last element of a short run"),

    # --- userland/libc/src/strconv.c ----------------------------------------
    dict(test="test_libc_strconv", file="userland/libc/src/strconv.c",
         find="(p[1] == 'x' || p[1] == 'X') &&\n        digit_value(p[2]) < 16) {",
         replace="(p[1] == 'x' || p[1] == 'X')) {",
         what="'0x' without a hex digit after it is eaten as a prefix (strtol(\"0xg\") ends late)"),
    dict(test="test_libc_strconv", file="userland/libc/src/strconv.c",
         find="if (over || mag > lim) {",
         replace="if (over || mag >= lim) {",
         what="the most negative value (LLONG_MIN) is reported out of range"),

    # --- userland/libc/src/timeconv.c ---------------------------------------
    dict(test="test_libc_time", file="userland/libc/src/timeconv.c",
         find="long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;",
         replace="long long doe = yoe * 365 + yoe / 4 + doy;",
         what="century years are leap years when turning a date into days"),
    dict(test="test_libc_time", file="userland/libc/src/timeconv.c",
         find="if (o->len + n >= o->max) {",
         replace="if (o->len + n > o->max) {",
         what="strftime fills the buffer to the end, leaving no room for the NUL"),

    # --- ssi/loadvec.c ------------------------------------------------------
    dict(test="test_loadvec", file="ssi/loadvec.c",
         find="(h > hole && h <= j)",
         replace="(h >= hole && h <= j)",
         what="removal leaves an entry whose home is the hole behind it (it is lost)"),
    dict(test="test_loadvec", file="ssi/loadvec.c",
         find="in->stamp, e->incarnation, e->stamp) <= 0)",
         replace="in->stamp, e->incarnation, e->stamp) < 0)",
         what="an entry of the same version as the known one is merged again"),
    dict(test="test_loadvec", file="ssi/loadvec.c",
         find="e->node != self && loadvec_age(e, now) >= timeout_ms",
         replace="e->node != self && loadvec_age(e, now) > timeout_ms",
         what="a node is marked down one millisecond after its timeout, not at it"),

    # --- drivers/net/nic.c --------------------------------------------------
    dict(test="test_nic", file="drivers/net/nic.c",
         find="if (((const uint8_t *)frame)[0] & 1)",
         replace="if (((const uint8_t *)frame)[0] & 0x80)",
         what="multicast is told by the wrong bit of the first address byte"),
    dict(test="test_nic", file="drivers/net/nic.c",
         find="if (len < ETH_ZLEN || len > ETH_FRAME_MAX) {",
         replace="if (len < ETH_HLEN || len > ETH_FRAME_MAX) {",
         what="runts shorter than the minimum frame (but holding a header) are passed up"),
    dict(test="test_nic", file="drivers/net/nic.c",
         find="if (len < ETH_ZLEN || len > ETH_FRAME_MAX) {",
         replace="if (len < ETH_ZLEN || len >= ETH_FRAME_MAX) {",
         what="a full-size frame is counted as a length error"),

    # --- drivers/pci_ids.c --------------------------------------------------
    dict(test="test_pci_ids", file="drivers/pci_ids.c",
         find="if (d->irq == PCI_NO_IRQ || d->pin == 0)",
         replace="if (d->irq == PCI_NO_IRQ)",
         what="a device without an interrupt pin shows a stale interrupt line"),

    # --- kernel/fs/pipe_ring.c ----------------------------------------------
    dict(test="test_pipe_ring", file="kernel/fs/pipe_ring.c",
         find="    memcpy(r->buf, (const uint8_t *)src + first, n - first);\n",
         replace="",
         what="a write that wraps past the end of the storage loses its second piece"),
    dict(test="test_pipe_ring", file="kernel/fs/pipe_ring.c",
         find="r->head = (r->head + n) % r->cap;",
         replace="r->head = r->head + n;",
         what="the read position does not wrap around the end of the storage"),

    # --- kernel/fs/ramfs.c --------------------------------------------------
    dict(test="test_ramfs", file="kernel/fs/ramfs.c",
         find="    if (off + done > ip->size)\n        ip->size = off + (uint32_t)done;",
         replace="    ip->size = off + (uint32_t)done;",
         what="a write inside a file cuts its size to the end of the write"),
    dict(test="test_ramfs", file="kernel/fs/ramfs.c",
         find="if (strncmp((*pp)->name, name, len) == 0 && (*pp)->name[len] == '\\0')",
         replace="if (strncmp((*pp)->name, name, len) == 0)",
         what="lookup matches a prefix: 'alph' finds 'alpha'"),
    dict(test="test_ramfs", file="kernel/fs/ramfs.c",
         find="uint32_t keep = (size + PAGE_SIZE - 1) / PAGE_SIZE;",
         replace="uint32_t keep = size / PAGE_SIZE;",
         what="truncating into a page frees that page and the bytes kept in it"),
    dict(test="test_ramfs", file="kernel/fs/ramfs.c",
         find="        odir->nlink--;\n        ndir->nlink++;\n",
         replace="",
         what="moving a directory leaves both parents' link counts unchanged"),

    # --- mm/region.c --------------------------------------------------------
    dict(test="test_region", file="mm/region.c",
         find="if (i < m->count && m->r[i].start < end)",
         replace="if (i < m->count && m->r[i].start <= end)",
         what="a region touching the next one is refused as an overlap"),
    dict(test="test_region", file="mm/region.c",
         find="if (i + 1 < m->count && new_end > m->r[i + 1].start)",
         replace="if (i + 1 < m->count && new_end >= m->r[i + 1].start)",
         what="brk cannot grow the heap up to the next region"),
    dict(test="test_region", file="mm/region.c",
         find="    if (n > REGION_MAX)\n        return REGION_EFULL;\n",
         replace="",
         what="a split of a full map writes a region past the end of the table"),
    dict(test="test_region", file="mm/region.c",
         find="if (i > 0 && r.start < n.r[i - 1].end)",
         replace="if (i > 0 && r.start < n.r[i - 1].start)",
         what="a serialized region starting inside the previous one is accepted"),

    # --- ssi/replay.c -------------------------------------------------------
    dict(test="test_replay", file="ssi/replay.c",
         find="if (back >= REPLAY_WINDOW)",
         replace="if (back > REPLAY_WINDOW)",
         what="a number exactly one window below the top is looked up past the bitmap"),
    dict(test="test_replay", file="ssi/replay.c",
         find="if (incarnation > w->incarnation && silent) {",
         replace="if (silent) {",
         what="after a silence, another address takes over an id without a newer incarnation"),
    dict(test="test_replay", file="ssi/replay.c",
         find="seq > w->prev_top",
         replace="seq >= w->prev_top",
         what="a replay of the previous incarnation's last datagram is taken for a second live node"),

    # --- userland/bin/sh_parse.c --------------------------------------------
    dict(test="test_sh_parse", file="userland/bin/sh_parse.c",
         find="if (pipe_pending || (job == NULL && t != T_END)) {",
         replace="if (job == NULL && t != T_END) {",
         what="a '|' with no command after it ('a |') is accepted"),
    dict(test="test_sh_parse", file="userland/bin/sh_parse.c",
         find="if (c->argc >= SH_MAX_ARGS) {",
         replace="if (c->argc > SH_MAX_ARGS) {",
         what="one argument more than argv holds is stored"),
    dict(test="test_sh_parse", file="userland/bin/sh_parse.c",
         find="(!quoted && produced == 0)",
         replace="(produced == 0)",
         what="a quoted empty word ('' or \"\") is dropped"),

    # --- ssi/siphash.c ------------------------------------------------------
    dict(test="test_siphash", file="ssi/siphash.c",
         find="uint64_t last = (uint64_t)(len & 0xff) << 56;",
         replace="uint64_t last = 0;",
         what="the message length is left out of the last word"),
    dict(test="test_siphash", file="ssi/siphash.c",
         find="    for (int i = 0; i < 4; i++)\n        sipround(&v0, &v1, &v2, &v3);",
         replace="    for (int i = 0; i < 2; i++)\n        sipround(&v0, &v1, &v2, &v3);",
         what="two finalisation rounds instead of four"),
    dict(test="test_siphash", file="ssi/siphash.c",
         find="    __builtin_memcpy(&w, p, 8);",
         replace="    __builtin_memcpy(&w, p, 7);\n    w &= 0x00ffffffffffffffull;",
         what="a message word loses its last byte"),

    dict(test="test_gossip", file="ssi/gossip.c",
         find="(type == WIRE_HELLO && count != 1) || ",
         replace="",
         what="a HELLO may carry other nodes' entries (hearsay passed as an announcement)"),
    dict(test="test_replay", file="ssi/replay.c",
         find="    if (seq == 0)\n        return REPLAY_TOO_OLD;\n",
         replace="",
         what="sequence number 0 is accepted from a new sender"),
    dict(test="test_cmdline", file="kernel/cmdline.c",
         find="if (r > (0x7fffffffL - d) / base)",
         replace="if (r > 0x7fffffffL / base)",
         what="2147483648 parses: it overflows a 32-bit long"),
    # --- ssi/transport.c ----------------------------------------------------
    dict(test="test_transport", file="ssi/transport.c",
         find="        if (done.reply_to)\n            owe_ack(",
         replace="        if (0)\n            owe_ack(",
         what="an answer's ACK goes at once, ahead of the asker's next request"),
    dict(test="test_transport", file="ssi/transport.c",
         find="        send_owed_ack(t, p);   // after the DATA: the peer reads that first",
         replace="        ;",
         what="an owed ACK waits the whole delay although a request to that peer just left"),
    dict(test="test_transport", file="ssi/transport.c",
         find="if (p->used && p->ack_owed && now_ms >= p->owed_at + TRANSPORT_ACK_DELAY_MS)",
         replace="if (p->used && p->ack_owed && now_ms + 1 >= p->owed_at + TRANSPORT_ACK_DELAY_MS)",
         what="an owed ACK leaves a millisecond before it is due"),
    dict(test="test_transport", file="ssi/transport.c",
         find="    if (p->next_id == 0)\n        p->next_id = 1;",
         replace="    p->next_id = 1;",
         what="ids start again at 1 in a new session: a late answer completes a newer message"),
    dict(test="test_transport", file="ssi/transport.c",
         find="    if (done.reply_to)\n        answered_by_reply(t, p, done.reply_to, now);",
         replace="",
         what="an answer does not acknowledge its request: it waits for an RTO and goes again"),
    dict(test="test_transport", file="ssi/transport.c",
         find="    if (t->answered) {\n        t->stats.acks_saved++;\n        return;\n    }",
         replace="",
         what="a request answered at once is acknowledged too: four datagrams per call"),
    dict(test="test_transport", file="ssi/transport.c",
         find="        t->answered = true;   // this answer will acknowledge the request",
         replace="",
         what="(nothing is skipped: the ACK goes anyway)"),
    dict(test="test_transport", file="ssi/transport.c",
         find="    if (now_ms > p->alive_at)\n        p->alive_at = now_ms;",
         replace="",
         what="a node heard by gossip is still declared unreachable after the transport's silence"),
    dict(test="test_transport", file="ssi/transport.c",
         find="    return f->passed >= TRANSPORT_DUPACKS && now >= f->sent_at + srtt + srtt / 4 + 1;",
         replace="    return false;",
         what="a chunk lost among chunks that got through waits for its RTO"),
    dict(test="test_transport", file="ssi/transport.c",
         find="if (!f->used || (int32_t)(f->seq - seq) >= 0)",
         replace="if (!f->used || f->seq == seq)",
         what="a chunk just sent again counts ACKs of chunks sent before it: spurious retransmits"),
    dict(test="test_transport", file="ssi/transport.c",
         find="if (f->sent_at >= p->backoff_at && p->acked_at <= f->sent_at) {",
         replace="if (f->sent_at >= p->backoff_at) {",
         what="every RTO backs off while other chunks get through: a lossy link crawls"),
    dict(test="test_transport", file="ssi/transport.c",
         find="    new_incarnation(t, p, incarnation);\n",
         replace="",
         what="a reboot told by gossip is learnt only from the ACK of the next message, which fails"),
    dict(test="test_transport", file="ssi/transport.c",
         find="p->cwnd / 2 > TRANSPORT_CWND_MIN ? p->cwnd / 2 : TRANSPORT_CWND_MIN;",
         replace="p->cwnd / 2 > 2 ? p->cwnd / 2 : 2;",
         what="timeouts cut the window to 2 chunks: a lossy link spirals down"),
    dict(test="test_transport", file="ssi/transport.c",
         find="    if (p->cwnd < p->ssthresh) {",
         replace="    if (1) {",
         what="no congestion avoidance: the window doubles every round trip above ssthresh"),
    dict(test="test_transport", file="ssi/transport.c",
         find="    if (p->cwnd < win)\n        win = p->cwnd;",
         replace="",
         what="the congestion window is ignored when sending"),
    dict(test="test_transport", file="ssi/transport.c",
         find="            senders++;",
         replace="            senders += 0;",
         what="the receive window is not shared among concurrent senders"),
    dict(test="test_transport", file="ssi/transport.c",
         find="        fail_stalled(t, p, now_ms);",
         replace="",
         what="a message refused for ever never fails"),
    dict(test="test_transport", file="ssi/transport.c",
         find="if (c == chunk && f->tx == 1 && now >= f->sent_at)",
         replace="if (c == chunk && now >= f->sent_at)",
         what="Karn's rule dropped: the ACK of a retransmitted chunk is an RTT sample"),
    dict(test="test_transport", file="ssi/transport.c",
         find="c >= transport_nchunks(total) || n != chunk_len(total, c) ||",
         replace="n != chunk_len(total, c) ||",
         what="a chunk index past the end of the message is not refused"),
    dict(test="test_transport", file="ssi/transport.c",
         find="c == chunk ||\n"
              "                         (c > cum && c - cum - 1 < 64 && ((bits >> (c - cum - 1)) & 1));",
         replace="c == chunk;",
         what="the selective-ACK bitmap is ignored: chunks acked there are sent again"),
    dict(test="test_transport", file="ssi/transport.c",
         find="    p->delivered |= (uint64_t)1 << (id - p->base);\n",
         replace="",
         what="a message completed out of order is not recorded: its duplicate is delivered again"),
    dict(test="test_transport", file="ssi/transport.c",
         find="    if (n > t->cfg.mem_cap - (t->mem_used < t->cfg.mem_cap ? t->mem_used : t->cfg.mem_cap)) {\n"
              "        t->stats.nomem++;\n"
              "        return NULL;\n"
              "    }\n",
         replace="",
         what="reassembly memory is not capped: a peer's claims allocate without bound"),

    # --- ssi/image.c --------------------------------------------------------
    dict(test="test_image", file="ssi/image.c",
         find="!(fl & IMAGE_EFLAGS_IF) || !(fl & IMAGE_EFLAGS_ONE)",
         replace="!(fl & IMAGE_EFLAGS_ONE)",
         what="an image with interrupts off in user mode is accepted"),
    dict(test="test_image", file="ssi/image.c",
         find="(img->sig_mask & (1u | SIG_UNBLOCKABLE))",
         replace="(img->sig_mask & 1u)",
         what="an image that blocks SIGKILL is accepted"),
    dict(test="test_image", file="ssi/image.c",
         find="if ((va & (PAGE_SIZE - 1)) || va <= prev || !region_find(map, va))",
         replace="if ((va & (PAGE_SIZE - 1)) || va < prev || !region_find(map, va))",
         what="a page sent twice is accepted twice"),
    dict(test="test_image", file="ssi/image.c",
         find="    if (c.pos + n != len)\n        return IMAGE_ETRAIL;",
         replace="",
         what="bytes after the header's region map are ignored"),
    dict(test="test_image", file="ssi/image.c",
         find="    if (img->npages > region_map_pages(&img->map))",
         replace="    if (img->npages > region_map_pages(&img->map) + 1)",
         what="a header may promise one page more than its regions hold"),
    dict(test="test_image", file="ssi/image.c",
         find="(uint32_t)img->pid / PID_NODE_SPAN != img->home",
         replace="(uint32_t)img->pid / PID_NODE_SPAN < img->home",
         what="a pid of another home than the header says is accepted"),
    dict(test="test_image", file="ssi/image.c",
         find="        return IMAGE_FNSAVE_SIZE;",
         replace="        return IMAGE_FNSAVE_SIZE - 4;",
         what="the fnsave format loses the last word of its FPU state"),
    dict(test="test_image", file="ssi/image.c",
         find="        if (va >= r->start && va < r->end)",
         replace="        if (va >= r->start && va <= r->end)",
         what="the page just past a region gets an index (a bitmap bit of the next region)"),

    # --- kernel/fs/vfs.c, vfs_ops.c -----------------------------------------
    dict(test="test_vfs", file="kernel/fs/vfs.c",
         find="if (len > FS_NAME_MAX) {",
         replace="if (len > FS_NAME_MAX + 1) {",
         what="a path component one byte longer than FS_NAME_MAX is not ENAMETOOLONG"),
    dict(test="test_vfs", file="kernel/fs/vfs_ops.c",
         find="is_below(ndir, src)",
         replace="is_below(src, ndir)",
         what="renaming a directory into its own subtree is allowed (a cycle)"),
    dict(test="test_vfs", file="kernel/fs/vfs_ops.c",
         find="if (ip->ref > 1)\n        return -EBUSY;",
         replace="if (ip->ref > 2)\n        return -EBUSY;",
         what="a directory that is someone's cwd or open can be removed"),

    # --- ssi/wire.c ---------------------------------------------------------
    dict(test="test_wire", file="ssi/wire.c",
         find="for (int i = 0; i < WIRE_MAC_SIZE; i++)\n        diff |= a[i] ^ b[i];",
         replace="for (int i = 0; i < WIRE_MAC_SIZE - 1; i++)\n        diff |= a[i] ^ b[i];",
         what="the last byte of the MAC is not compared"),
    dict(test="test_wire", file="ssi/wire.c",
         find="if (len > WIRE_MAX_DATAGRAM || plen != len",
         replace="if (plen != len",
         what="an oversized datagram with a consistent length field passes the length check"),
    dict(test="test_wire", file="ssi/wire.c",
         find="    if (msg->h.dst != rx->node && msg->h.dst != WIRE_NODE_BROADCAST)\n"
              "        return WIRE_NOT_FOR_US;\n",
         replace="",
         what="datagrams addressed to another node are accepted"),
]

REPO = Path(__file__).resolve().parent.parent

# What a test build needs: the tracked source directories. rootfs/ too, so
# that test_cpio's archive-from-mkinitrd case runs here as in `make unit`
# instead of skipping itself.
COPY_DIRS = ["kernel", "mm", "drivers", "net", "ssi", "userland", "tests", "tools", "rootfs"]
COPY_IGNORE = shutil.ignore_patterns("*.o", "*.a", "*.d", "__pycache__", ".pytest_cache")

# The flags of HOSTCFLAGS in the top-level Makefile.
CFLAGS = ["-std=gnu11", "-g", "-O1", "-Wall", "-Wextra", "-Wno-unused-parameter",
          "-I.", "-Itests/unit", "-fsanitize=address,undefined",
          "-fno-sanitize-recover=all", "-fno-omit-frame-pointer"]

JOBS = 2               # the build machine has two cores
RUN_TIMEOUT = 60       # seconds for one test run; a hang counts as a kill
BUILD_TIMEOUT = 300    # seconds for one compile, far above the usual 2 s
DETAIL_LINES = 8       # lines of compiler or test output shown for a problem


def unit_tests(root):
    """Names of the unit tests: tests/unit/test_NAME.c."""
    return sorted(p.stem for p in (root / "tests/unit").glob("test_*.c"))


def mk_list(root, test, var):
    """The files listed in tests/unit/TEST.mk as TEST_VAR, or None."""
    mk = root / "tests/unit" / (test + ".mk")
    if not mk.exists():
        return None
    text = mk.read_text().replace("\\\n", " ")   # join continued lines
    m = re.search(r"^\s*" + re.escape(test) + "_" + var + r"\s*:?=(.*)$", text, re.MULTILINE)
    return m.group(1).split() if m else None


def test_sources(root, test):
    """The sources listed in tests/unit/TEST.mk as TEST_SRCS (compiled beside it)."""
    return mk_list(root, test, "SRCS")


def test_modules(root, test):
    """The modules a test guards: its TEST_SRCS and its TEST_INCLUDED (a module
    the test #includes itself, e.g. to rename functions the host also has)."""
    srcs = test_sources(root, test)
    if srcs is None:
        return None
    return srcs + (mk_list(root, test, "INCLUDED") or [])


def read(path):
    """The exact text of path (line endings untouched)."""
    with open(path, newline="") as f:
        return f.read()


def write(path, text):
    with open(path, "w", newline="") as f:
        f.write(text)


def check_entry(root, mutant, modules):
    """Why the table entry cannot be run, or None when it is fine."""
    if modules is None:
        return "BAD-ENTRY", "no test %s with a %s_SRCS line" % (mutant["test"], mutant["test"])
    if mutant["file"] not in modules or mutant["file"].startswith("tests/"):
        return "BAD-ENTRY", "%s is not a module under test of %s" % (mutant["file"], mutant["test"])
    if mutant["find"] == mutant["replace"]:
        return "BAD-ENTRY", "the replacement equals the snippet"
    text = read(root / mutant["file"])
    n = text.count(mutant["find"])
    if n != 1:
        return ("NOT-FOUND" if n == 0 else "NOT-UNIQUE"), "the snippet occurs %d times" % n
    return None


def tail(text, lines=DETAIL_LINES):
    return text.strip().splitlines()[-lines:]


def build(ws, test, srcs, out):
    """Build one test in workspace ws as `make unit` does; (ok, output)."""
    cmd = ["gcc", *CFLAGS, "-o", str(out), "tests/unit/%s.c" % test, *srcs, "-lcmocka"]
    try:
        r = subprocess.run(cmd, cwd=ws, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True, errors="replace", timeout=BUILD_TIMEOUT)
    except subprocess.TimeoutExpired:
        return False, "gcc timed out"
    return r.returncode == 0, r.stdout


def run(ws, binary):
    """Run a test binary from the top of workspace ws; (passed, output)."""
    try:
        r = subprocess.run([str(binary)], cwd=ws, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True, errors="replace", timeout=RUN_TIMEOUT)
    except subprocess.TimeoutExpired as e:
        out = e.stdout.decode(errors="replace") if isinstance(e.stdout, bytes) else (e.stdout or "")
        return False, out + "\n(timed out after %d s)" % RUN_TIMEOUT
    return r.returncode == 0, r.stdout


class Workspaces:
    """Private copies of the tree, one per parallel job: a mutant edits a file
    that the other job's test may compile too, so they must not share one."""

    def __init__(self, top, n):
        self.free = queue.Queue()
        for i in range(n):
            ws = top / ("tree%d" % i)
            for d in COPY_DIRS:
                # Later copies come from the first, so that all are the same
                # even while someone edits the working tree.
                src = (REPO if i == 0 else top / "tree0") / d
                if src.is_dir():
                    shutil.copytree(src, ws / d, symlinks=True, ignore=COPY_IGNORE)
            (ws / "build-mutants").mkdir(parents=True)
            self.free.put(ws)
        self.first = top / "tree0"

    def take(self):
        return self.free.get()

    def give(self, ws):
        self.free.put(ws)


def baseline(spaces, test, srcs):
    """Build and run test unmutated: None when it passes, else the reason."""
    ws = spaces.take()
    try:
        out = ws / "build-mutants" / test
        ok, log = build(ws, test, srcs, out)
        if not ok:
            return ["does not build:"] + tail(log)
        ok, log = run(ws, out)
        return None if ok else ["fails unmutated:"] + tail(log)
    finally:
        spaces.give(ws)


def try_mutant(spaces, mutant, srcs):
    """Apply one mutant in a workspace, build and run its test; (status, detail)."""
    ws = spaces.take()
    path = ws / mutant["file"]
    pristine = read(path)
    try:
        write(path, pristine.replace(mutant["find"], mutant["replace"], 1))
        out = ws / "build-mutants" / mutant["test"]
        ok, log = build(ws, mutant["test"], srcs, out)
        if not ok:
            errors = [l for l in log.splitlines() if "error" in l]
            return "BUILD-FAIL", errors[:DETAIL_LINES] or tail(log)
        passed, log = run(ws, out)
        return ("SURVIVED" if passed else "KILLED"), tail(log)
    finally:
        # The next mutant in this workspace starts from the pristine file.
        write(path, pristine)
        spaces.give(ws)


def line(status, mutant):
    return "%-11s %-18s %-30s %s" % (status, mutant["test"], mutant["file"], mutant["what"])


def main():
    ap = argparse.ArgumentParser(
        description="Mutation testing of the unit tests: each mutant must make its test fail.")
    ap.add_argument("tests", nargs="*",
                    help="only these tests (test_wire or wire); default: all")
    ap.add_argument("-v", "--verbose", action="store_true",
                    help="show the end of each mutated test's output (how it was killed)")
    args = ap.parse_args()
    sys.stdout.reconfigure(line_buffering=True)   # progress shows under make too

    all_tests = unit_tests(REPO)
    wanted = []
    for name in args.tests:
        name = Path(name).stem
        name = name if name.startswith("test_") else "test_" + name
        if name not in all_tests:
            ap.error("no unit test %s (tests/unit/%s.c)" % (name, name))
        wanted.append(name)
    selected = sorted(set(wanted)) if wanted else all_tests

    start = time.monotonic()
    problems = 0
    top = Path(tempfile.mkdtemp(prefix="mutants-"))
    try:
        spaces = Workspaces(top, JOBS)
        root = spaces.first
        srcs = {t: test_sources(root, t) for t in unit_tests(root)}

        # The table itself: every test covered, every snippet found once.
        mutants, invalid = [], []
        for m in MUTANTS:
            if m["test"] not in selected:
                continue
            bad = check_entry(root, m, test_modules(root, m["test"]))
            (invalid if bad else mutants).append((m, bad))
        for t in selected:
            if not any(m["test"] == t for m in MUTANTS):
                print("NO-MUTANT   %-18s the table has no mutant for this test" % t)
                problems += 1
        for m, (status, why) in invalid:
            print(line(status, m))
            print("            " + why)
            problems += 1

        # Baselines: a test must pass unmutated for its kills to mean anything.
        tests = sorted({m["test"] for m, _ in mutants} | set(selected))
        tests = [t for t in tests if srcs.get(t) is not None]
        with concurrent.futures.ThreadPoolExecutor(JOBS) as pool:
            results = pool.map(lambda t: baseline(spaces, t, srcs[t]), tests)
            broken = {}
            for t, why in zip(tests, results):
                if why:
                    broken[t] = why
                    print("BASELINE-FAIL %s %s" % (t, why[0]))
                    for l in why[1:]:
                        print("            " + l)
        problems += len(broken)
        print("baseline: %d of %d tests pass unmutated" % (len(tests) - len(broken), len(tests)))

        # The mutants, reported in table order as they finish.
        runnable = [m for m, _ in mutants if m["test"] not in broken]
        counts = {"KILLED": 0, "SURVIVED": 0, "BUILD-FAIL": 0}
        with concurrent.futures.ThreadPoolExecutor(JOBS) as pool:
            results = pool.map(lambda m: try_mutant(spaces, m, srcs[m["test"]]), runnable)
            for m, (status, detail) in zip(runnable, results):
                counts[status] += 1
                print(line(status, m))
                # A compile error is always shown; a test's output on request.
                if status == "BUILD-FAIL" or args.verbose:
                    for l in detail:
                        print("            " + l)
        skipped = len(mutants) - len(runnable)
        problems += counts["SURVIVED"] + counts["BUILD-FAIL"] + skipped
    finally:
        shutil.rmtree(top, ignore_errors=True)

    print("%d mutants of %d tests: %d killed, %d survived, %d did not compile, "
          "%d not run (baseline failed), %d bad table entries; %.0f s"
          % (len(mutants) + len(invalid), len(selected), counts["KILLED"], counts["SURVIVED"],
             counts["BUILD-FAIL"], skipped, len(invalid), time.monotonic() - start))
    return 0 if problems == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
