// ELF32 executable checks and load plan (see elf.h). Pure: tested in
// tests/unit/test_elf.c, fuzzed in tests/fuzz/fuzz_elf.c.
//
// Fields are read byte by byte as little-endian, so the file needs no
// alignment; every sum is checked by subtraction so that none can wrap.
#include "kernel/elf.h"
#include <string.h>

// Offsets of the fields used, in the ELF header and in a program header.
#define EI_CLASS      4
#define EI_DATA       5
#define EI_VERSION    6
#define E_TYPE        16
#define E_MACHINE     18
#define E_VERSION     20
#define E_ENTRY       24
#define E_PHOFF       28
#define E_PHENTSIZE   42
#define E_PHNUM       44
#define P_TYPE        0
#define P_OFFSET      4
#define P_VADDR       8
#define P_FILESZ      16
#define P_MEMSZ       20
#define P_FLAGS       24

static uint32_t rd16(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t rd32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

static uint32_t page_down(uint32_t a)
{
    return a & ~(uint32_t)(PAGE_SIZE - 1);
}

// First page boundary at or above the last byte of [vaddr, vaddr + memsz);
// the caller has checked that vaddr + memsz <= ELF_USER_LIMIT.
static uint32_t page_end(const struct elf_segment *s)
{
    return page_down(s->vaddr + s->memsz + (PAGE_SIZE - 1));
}

// Check the ELF header (everything but the program headers).
static int check_header(const uint8_t *f, size_t len)
{
    static const uint8_t magic[4] = { 0x7f, 'E', 'L', 'F' };
    if (len < ELF_EHDR_SIZE)
        return ELF_ESHORT;
    if (memcmp(f, magic, sizeof(magic)) != 0)
        return ELF_EMAGIC;
    if (f[EI_CLASS] != ELF_CLASS32)
        return ELF_ECLASS;
    if (f[EI_DATA] != ELF_DATA_LSB)
        return ELF_EDATA;
    if (f[EI_VERSION] != ELF_VERSION_1 || rd32(f + E_VERSION) != ELF_VERSION_1)
        return ELF_EVERSION;
    if (rd16(f + E_TYPE) != ELF_ET_EXEC)
        return ELF_ETYPE;
    if (rd16(f + E_MACHINE) != ELF_EM_386)
        return ELF_EMACHINE;
    uint32_t phnum = rd16(f + E_PHNUM);
    if (phnum == 0)
        return ELF_ENOLOAD;
    if (rd16(f + E_PHENTSIZE) != ELF_PHDR_SIZE)
        return ELF_EPHENTSIZE;
    uint32_t phoff = rd32(f + E_PHOFF);
    // phnum < 2^16, so phnum * 32 cannot wrap.
    if (phoff > len || phnum * ELF_PHDR_SIZE > len - phoff)
        return ELF_EPHTABLE;
    return ELF_OK;
}

// Check one PT_LOAD program header p against the file and user space, and
// describe it in *s.
static int check_load(const uint8_t *p, size_t len, struct elf_segment *s)
{
    s->offset = rd32(p + P_OFFSET);
    s->vaddr = rd32(p + P_VADDR);
    s->filesz = rd32(p + P_FILESZ);
    s->memsz = rd32(p + P_MEMSZ);
    uint32_t pf = rd32(p + P_FLAGS);
    s->flags = ((pf & ELF_PF_R) ? ELF_SEG_R : 0) | ((pf & ELF_PF_W) ? ELF_SEG_W : 0) |
               ((pf & ELF_PF_X) ? ELF_SEG_X : 0);

    if (s->offset > len || s->filesz > len - s->offset)
        return ELF_ESEGFILE;
    if (s->filesz > s->memsz)
        return ELF_ESEGSIZE;
    if (s->memsz == 0)
        return ELF_OK;
    if (s->vaddr < ELF_NULL_GUARD)
        return ELF_ENULLPAGE;
    if (s->vaddr >= ELF_USER_LIMIT || s->memsz > ELF_USER_LIMIT - s->vaddr)
        return ELF_ESEGRANGE;
    if (s->vaddr % PAGE_SIZE != s->offset % PAGE_SIZE)
        return ELF_EALIGN;
    return ELF_OK;
}

// Insert s into the first n entries of seg[], kept sorted by vaddr.
static void insert_sorted(struct elf_segment *seg, int n, const struct elf_segment *s)
{
    int i = n;
    while (i > 0 && seg[i - 1].vaddr > s->vaddr) {
        seg[i] = seg[i - 1];
        i--;
    }
    seg[i] = *s;
}

int elf_parse(const void *file, size_t len, struct elf_plan *plan)
{
    const uint8_t *f = file;
    struct elf_plan p;
    int rc = check_header(f, len);
    if (rc != ELF_OK)
        return rc;

    uint32_t phoff = rd32(f + E_PHOFF);
    uint32_t phnum = rd16(f + E_PHNUM);
    p.nseg = 0;
    for (uint32_t i = 0; i < phnum; i++) {
        const uint8_t *ph = f + phoff + i * ELF_PHDR_SIZE;
        uint32_t type = rd32(ph + P_TYPE);
        if (type == ELF_PT_INTERP)
            return ELF_EINTERP;
        if (type != ELF_PT_LOAD)
            continue;
        struct elf_segment s;
        rc = check_load(ph, len, &s);
        if (rc != ELF_OK)
            return rc;
        if (s.memsz == 0)
            continue;
        if (p.nseg == ELF_MAX_SEGMENTS)
            return ELF_ETOOMANY;
        insert_sorted(p.seg, p.nseg, &s);
        p.nseg++;
    }
    if (p.nseg == 0)
        return ELF_ENOLOAD;

    // Sorted by vaddr: each segment must start on a page above the last
    // page of the one before.
    for (int i = 1; i < p.nseg; i++)
        if (page_down(p.seg[i].vaddr) < page_end(&p.seg[i - 1]))
            return ELF_EOVERLAP;

    p.entry = rd32(f + E_ENTRY);
    bool entry_ok = false;
    for (int i = 0; i < p.nseg; i++) {
        const struct elf_segment *s = &p.seg[i];
        if ((s->flags & ELF_SEG_X) && p.entry >= s->vaddr && p.entry - s->vaddr < s->memsz)
            entry_ok = true;
    }
    if (!entry_ok)
        return ELF_EENTRY;
    p.brk = page_end(&p.seg[p.nseg - 1]);
    *plan = p;
    return ELF_OK;
}

const char *elf_strerror(int result)
{
    switch (result) {
    case ELF_OK:         return "ok";
    case ELF_ESHORT:     return "shorter than an ELF header";
    case ELF_EMAGIC:     return "not an ELF file";
    case ELF_ECLASS:     return "not a 32-bit ELF file";
    case ELF_EDATA:      return "not little-endian";
    case ELF_EVERSION:   return "unknown ELF version";
    case ELF_ETYPE:      return "not an executable";
    case ELF_EMACHINE:   return "not for i386";
    case ELF_EPHENTSIZE: return "bad program header size";
    case ELF_EPHTABLE:   return "program headers outside the file";
    case ELF_EINTERP:    return "dynamically linked (needs an interpreter)";
    case ELF_ENOLOAD:    return "no loadable segment";
    case ELF_ETOOMANY:   return "too many loadable segments";
    case ELF_ESEGFILE:   return "segment data outside the file";
    case ELF_ESEGSIZE:   return "segment file size larger than memory size";
    case ELF_ESEGRANGE:  return "segment outside user space";
    case ELF_ENULLPAGE:  return "segment in the first page";
    case ELF_EALIGN:     return "segment address and offset not congruent";
    case ELF_EOVERLAP:   return "segments overlap";
    case ELF_EENTRY:     return "entry point not in an executable segment";
    default:             return "unknown ELF error";
    }
}
