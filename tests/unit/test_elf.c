// Unit tests of the ELF32 executable checks (kernel/elf.c): two real static
// i386 programs (tests/unit/data/hello.c, built by mkdata.sh and checked in
// as elf_samples.h), each field of them changed, every truncation, and
// executables written here with many segments.
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "kernel/elf.h"
#include "data/elf_samples.h"

// hello.elf as "readelf -lh" shows it (rebuilding it changes these).
#define HELLO_ENTRY      0x08048094u
#define HELLO_PHOFF      52
#define HELLO_PHNUM      3          // text, data, GNU_STACK
#define HELLO_FILE_END   0xf0u      // end of the data segment's file bytes

// Program header fields.
#define P_TYPE    0
#define P_OFFSET  4
#define P_VADDR   8
#define P_FILESZ  16
#define P_MEMSZ   20
#define P_FLAGS   24

static uint8_t buf[16384];

static void put16(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

// Put a fresh copy of hello.elf in buf.
static void load_hello(void)
{
    memcpy(buf, hello_elf, hello_elf_len);
}

// Set field off of program header i of the copy in buf.
static void set_ph(int i, int off, uint32_t v)
{
    put32(buf + HELLO_PHOFF + 32 * i + off, v);
}

// Parse the first len bytes of buf from a heap copy (so that ASan sees a
// read past len); check that a refused file leaves the plan untouched.
static int parse(size_t len, struct elf_plan *plan)
{
    uint8_t *copy = malloc(len ? len : 1);
    assert_non_null(copy);
    memcpy(copy, buf, len);
    struct elf_plan before;
    memset(plan, 0xA5, sizeof(*plan));
    memset(&before, 0xA5, sizeof(before));
    int rc = elf_parse(copy, len, plan);
    free(copy);
    if (rc != ELF_OK)
        assert_memory_equal(plan, &before, sizeof(before));
    return rc;
}

static int parse_hello_as_changed(void)
{
    struct elf_plan plan;
    return parse(hello_elf_len, &plan);
}

static void test_hello(void **state)
{
    struct elf_plan p;
    load_hello();
    assert_int_equal(parse(hello_elf_len, &p), ELF_OK);
    assert_int_equal(p.entry, HELLO_ENTRY);
    assert_int_equal(p.nseg, 2);
    assert_int_equal(p.seg[0].vaddr, 0x08048000);
    assert_int_equal(p.seg[0].memsz, 0xeb);
    assert_int_equal(p.seg[0].offset, 0);
    assert_int_equal(p.seg[0].filesz, 0xeb);
    assert_int_equal(p.seg[0].flags, ELF_SEG_R | ELF_SEG_X);
    assert_int_equal(p.seg[1].vaddr, 0x080490ec);
    assert_int_equal(p.seg[1].memsz, 0x114);
    assert_int_equal(p.seg[1].offset, 0xec);
    assert_int_equal(p.seg[1].filesz, 4);
    assert_int_equal(p.seg[1].flags, ELF_SEG_R | ELF_SEG_W);
    assert_int_equal(p.brk, 0x0804a000);
    // The data segment's file bytes are the initialised int (5).
    assert_int_equal(hello_elf[p.seg[1].offset], 5);
}

// The default layout of GNU ld (-z separate-code): four segments, R, RX, R, RW.
static void test_hello_separate_code(void **state)
{
    struct elf_plan p;
    memcpy(buf, hello_sep_elf, hello_sep_elf_len);
    assert_int_equal(parse(hello_sep_elf_len, &p), ELF_OK);
    assert_int_equal(p.nseg, 4);
    const uint32_t flags[4] = { ELF_SEG_R, ELF_SEG_R | ELF_SEG_X, ELF_SEG_R,
                                ELF_SEG_R | ELF_SEG_W };
    for (int i = 0; i < 4; i++) {
        assert_int_equal(p.seg[i].flags, flags[i]);
        if (i > 0)
            assert_true(p.seg[i].vaddr >= p.seg[i - 1].vaddr + p.seg[i - 1].memsz);
    }
    assert_true(p.entry >= p.seg[1].vaddr && p.entry < p.seg[1].vaddr + p.seg[1].memsz);
    assert_int_equal(p.brk % 4096, 0);
    assert_true(p.brk >= p.seg[3].vaddr + p.seg[3].memsz);
}

static void test_truncated_at_every_length(void **state)
{
    struct elf_plan p;
    load_hello();
    for (size_t len = 0; len <= hello_elf_len; len++) {
        int want;
        if (len < 52)
            want = ELF_ESHORT;
        else if (len < HELLO_PHOFF + 32 * HELLO_PHNUM)
            want = ELF_EPHTABLE;
        else if (len < HELLO_FILE_END)
            want = ELF_ESEGFILE;
        else
            want = ELF_OK;
        assert_int_equal(parse(len, &p), want);
    }
    memcpy(buf, hello_sep_elf, hello_sep_elf_len);
    for (size_t len = 0; len <= hello_sep_elf_len; len++) {
        int rc = parse(len, &p);
        assert_true(rc == ELF_OK || rc == ELF_ESHORT || rc == ELF_EPHTABLE ||
                    rc == ELF_ESEGFILE);
        assert_int_equal(rc == ELF_OK, len >= 0x2018 + 4);
    }
}

static void test_header_fields(void **state)
{
    struct {
        int off;        // byte of the header to change
        int width;      // 1, 2 or 4 bytes
        uint32_t value;
        int want;
    } cases[] = {
        { 0, 1, 0x7e, ELF_EMAGIC },
        { 1, 1, 'e', ELF_EMAGIC },
        { 2, 1, 'l', ELF_EMAGIC },
        { 3, 1, 'f', ELF_EMAGIC },
        { 4, 1, 2, ELF_ECLASS },        // ELFCLASS64
        { 4, 1, 0, ELF_ECLASS },
        { 5, 1, 2, ELF_EDATA },         // big-endian
        { 5, 1, 0, ELF_EDATA },
        { 6, 1, 0, ELF_EVERSION },
        { 6, 1, 2, ELF_EVERSION },
        { 20, 4, 0, ELF_EVERSION },
        { 20, 4, 0x100, ELF_EVERSION },
        { 16, 2, 3, ELF_ETYPE },        // ET_DYN
        { 16, 2, 1, ELF_ETYPE },        // ET_REL
        { 16, 2, 0x102, ELF_ETYPE },
        { 18, 2, 62, ELF_EMACHINE },    // x86-64
        { 18, 2, 0x103, ELF_EMACHINE },
        { 42, 2, 0, ELF_EPHENTSIZE },
        { 42, 2, 56, ELF_EPHENTSIZE },
        { 42, 2, 31, ELF_EPHENTSIZE },
        { 44, 2, 0, ELF_ENOLOAD },
        { 44, 2, 0xFFFF, ELF_EPHTABLE },
        { 44, 2, 18, ELF_EPHTABLE },    // 52 + 18 * 32 > 596 bytes
        { 28, 4, 0xFFFFFFF0u, ELF_EPHTABLE },
        { 28, 4, 596 - 95, ELF_EPHTABLE },
        { 28, 4, 596, ELF_EPHTABLE },
        { 24, 4, 0, ELF_EENTRY },
        { 24, 4, 0x08048000u - 1, ELF_EENTRY },
        { 24, 4, 0x08048000u + 0xeb, ELF_EENTRY },   // one past the text
        { 24, 4, 0x080490ecu, ELF_EENTRY },          // the data segment
        { 24, 4, 0x08048000u, ELF_OK },
        { 24, 4, 0x08048000u + 0xea, ELF_OK },       // the last byte of text
        { 7, 1, 3, ELF_OK },                         // OS ABI: not checked
        { 36, 4, 0xFFFFFFFFu, ELF_OK },              // e_flags
        { 32, 4, 0xFFFFFFFFu, ELF_OK },              // section headers: unused
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        load_hello();
        uint8_t *p = buf + cases[i].off;
        if (cases[i].width == 1)
            p[0] = (uint8_t)cases[i].value;
        else if (cases[i].width == 2)
            put16(p, cases[i].value);
        else
            put32(p, cases[i].value);
        int rc = parse_hello_as_changed();
        if (rc != cases[i].want)
            print_error("case %zu (offset %d = 0x%x)\n", i, cases[i].off, cases[i].value);
        assert_int_equal(rc, cases[i].want);
    }
}

// Program header 0 is the text, 1 the data (0x80490ec, offset 0xec,
// filesz 4, memsz 0x114), 2 is PT_GNU_STACK.
static void test_segment_fields(void **state)
{
    struct {
        int ph;
        int off;
        uint32_t value;
        int want;
    } cases[] = {
        { 1, P_OFFSET, 597, ELF_ESEGFILE },
        { 1, P_OFFSET, 0xFFFFF0ECu, ELF_ESEGFILE },   // offset + filesz wraps
        { 1, P_FILESZ, 596 - 0xec + 1, ELF_ESEGFILE },
        { 1, P_FILESZ, 0xFFFFFFFFu, ELF_ESEGFILE },
        { 1, P_FILESZ, 0x115, ELF_ESEGSIZE },
        { 1, P_MEMSZ, 3, ELF_ESEGSIZE },
        { 1, P_MEMSZ, 4, ELF_OK },
        { 1, P_VADDR, 0xec, ELF_ENULLPAGE },
        { 1, P_VADDR, 0xC00000ECu, ELF_ESEGRANGE },
        { 1, P_VADDR, 0xFFFFF0ECu, ELF_ESEGRANGE },   // vaddr + memsz wraps
        { 1, P_VADDR, 0xBFFFF0ECu, ELF_OK },          // ends 0xe00 below
        { 1, P_MEMSZ, 0xFFFFFFFFu, ELF_ESEGRANGE },
        { 1, P_VADDR, 0x080490EDu, ELF_EALIGN },
        { 1, P_VADDR, 0x080480ECu, ELF_EOVERLAP },    // the text's page
        { 1, P_VADDR, 0x080470ECu, ELF_OK },          // below the text, own page
        { 1, P_MEMSZ, 0x10000, ELF_OK },
        { 0, P_FLAGS, 4, ELF_EENTRY },                // text not executable
        { 0, P_FLAGS, 1, ELF_OK },
        { 0, P_VADDR, 0, ELF_ENULLPAGE },
        { 2, P_TYPE, ELF_PT_INTERP, ELF_EINTERP },
        { 2, P_TYPE, ELF_PT_LOAD, ELF_OK },           // memsz 0: ignored
        { 0, P_TYPE, 6, ELF_EENTRY },                 // only data left (PT_PHDR)
        { 1, P_TYPE, 0x6474e551u, ELF_OK },           // data now GNU_STACK
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        load_hello();
        set_ph(cases[i].ph, cases[i].off, cases[i].value);
        int rc = parse_hello_as_changed();
        if (rc != cases[i].want)
            print_error("case %zu (ph %d field %d = 0x%x)\n", i, cases[i].ph,
                        cases[i].off, cases[i].value);
        assert_int_equal(rc, cases[i].want);
    }
}

static void test_segment_limits(void **state)
{
    struct elf_plan p;
    // Data ending exactly at the user limit is fine; one byte more is not.
    load_hello();
    set_ph(1, P_VADDR, 0xBFFFF0ECu);
    set_ph(1, P_MEMSZ, 0xF14);
    assert_int_equal(parse(hello_elf_len, &p), ELF_OK);
    assert_int_equal(p.brk, ELF_USER_LIMIT);
    set_ph(1, P_MEMSZ, 0xF15);
    assert_int_equal(parse(hello_elf_len, &p), ELF_ESEGRANGE);
    // Data below the text: the plan is sorted by address.
    load_hello();
    set_ph(1, P_VADDR, 0x080460ECu);
    assert_int_equal(parse(hello_elf_len, &p), ELF_OK);
    assert_int_equal(p.seg[0].vaddr, 0x080460EC);
    assert_int_equal(p.seg[1].vaddr, 0x08048000);
    assert_int_equal(p.brk, 0x08049000);
    // Below the text, ending in the text's first page: overlap.
    set_ph(1, P_MEMSZ, 0x1F15);
    assert_int_equal(parse(hello_elf_len, &p), ELF_EOVERLAP);
    // Ending where the text starts: adjacent pages, fine.
    set_ph(1, P_MEMSZ, 0x1F14);
    assert_int_equal(parse(hello_elf_len, &p), ELF_OK);
    // The lowest place allowed: the second page.
    load_hello();
    set_ph(1, P_VADDR, 0x10ECu);
    assert_int_equal(parse(hello_elf_len, &p), ELF_OK);
    assert_int_equal(p.seg[0].vaddr, 0x10EC);
    // A gap between the two segments' pages does not matter.
    load_hello();
    set_ph(1, P_VADDR, 0x100000ECu);
    assert_int_equal(parse(hello_elf_len, &p), ELF_OK);
    assert_int_equal(p.brk, 0x10001000);
}

// A hand-made executable: nseg PT_LOADs of one page each, two pages apart,
// all executable, entry in the first. Returns its length.
static size_t make_many(int nseg, uint32_t type)
{
    memset(buf, 0, sizeof(buf));
    memcpy(buf, hello_elf, ELF_EHDR_SIZE);
    put32(buf + 28, ELF_EHDR_SIZE);
    put16(buf + 44, (uint32_t)nseg);
    put32(buf + 24, 0x10000000u);
    for (int i = 0; i < nseg; i++) {
        uint8_t *ph = buf + ELF_EHDR_SIZE + 32 * i;
        put32(ph + P_TYPE, type);
        put32(ph + P_OFFSET, 0);
        put32(ph + P_VADDR, 0x10000000u + 0x2000u * (uint32_t)i);
        put32(ph + P_FILESZ, 16);
        put32(ph + P_MEMSZ, 0x1000);
        put32(ph + P_FLAGS, ELF_PF_R | ELF_PF_X);
    }
    return ELF_EHDR_SIZE + 32 * (size_t)nseg;
}

static void test_segment_count(void **state)
{
    struct elf_plan p;
    size_t len = make_many(ELF_MAX_SEGMENTS, ELF_PT_LOAD);
    assert_int_equal(parse(len, &p), ELF_OK);
    assert_int_equal(p.nseg, ELF_MAX_SEGMENTS);
    for (int i = 0; i < ELF_MAX_SEGMENTS; i++)
        assert_int_equal(p.seg[i].vaddr, 0x10000000u + 0x2000u * (uint32_t)i);
    len = make_many(ELF_MAX_SEGMENTS + 1, ELF_PT_LOAD);
    assert_int_equal(parse(len, &p), ELF_ETOOMANY);
    len = make_many(5, 4);   // PT_NOTE only
    assert_int_equal(parse(len, &p), ELF_ENOLOAD);
    // Two segments at the same address, and in reverse order.
    len = make_many(2, ELF_PT_LOAD);
    put32(buf + ELF_EHDR_SIZE + 32 + P_VADDR, 0x10000000u);
    assert_int_equal(parse(len, &p), ELF_EOVERLAP);
    put32(buf + ELF_EHDR_SIZE + P_VADDR, 0x10001000u);
    put32(buf + 24, 0x10001000u);
    assert_int_equal(parse(len, &p), ELF_OK);
    assert_int_equal(p.seg[0].vaddr, 0x10000000u);
    assert_int_equal(p.seg[1].vaddr, 0x10001000u);
}

// The file need not be aligned in memory.
static void test_unaligned_buffer(void **state)
{
    struct elf_plan p;
    uint8_t *copy = malloc(hello_elf_len + 1);
    assert_non_null(copy);
    memcpy(copy + 1, hello_elf, hello_elf_len);
    assert_int_equal(elf_parse(copy + 1, hello_elf_len, &p), ELF_OK);
    assert_int_equal(p.entry, HELLO_ENTRY);
    free(copy);
}

static void test_strerror_is_distinct(void **state)
{
    for (int a = ELF_EENTRY; a <= ELF_OK; a++) {
        assert_string_not_equal(elf_strerror(a), elf_strerror(1));
        for (int b = ELF_EENTRY; b < a; b++)
            assert_string_not_equal(elf_strerror(a), elf_strerror(b));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hello),
        cmocka_unit_test(test_hello_separate_code),
        cmocka_unit_test(test_truncated_at_every_length),
        cmocka_unit_test(test_header_fields),
        cmocka_unit_test(test_segment_fields),
        cmocka_unit_test(test_segment_limits),
        cmocka_unit_test(test_segment_count),
        cmocka_unit_test(test_unaligned_buffer),
        cmocka_unit_test(test_strerror_is_distinct),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
