// ELF32 executables for exec: check every byte that exec would trust and
// turn the file into a plan, the list of segments to map and copy.
//
//     struct elf_plan plan;
//     int rc = elf_parse(file, len, &plan);
//     if (rc != ELF_OK)
//         return -ENOEXEC;                  // elf_strerror(rc) says why
//     for (int i = 0; i < plan.nseg; i++)
//         map plan.seg[i].memsz bytes at plan.seg[i].vaddr, copy filesz
//         bytes from file + offset, zero the rest;
//     heap from plan.brk, jump to plan.entry.
//
// Only static i386 executables (ET_EXEC, no PT_INTERP) are accepted. Each
// PT_LOAD must lie inside the file and inside user space
// [ELF_NULL_GUARD, ELF_USER_LIMIT), and no two may share a page, so that
// each becomes one region of the address space (mm/region.h) with its own
// protection. Pure: tested in tests/unit/test_elf.c, fuzzed in
// tests/fuzz/fuzz_elf.c.
#ifndef KERNEL_ELF_H
#define KERNEL_ELF_H

#include "kernel/types.h"
#include "kernel/param.h"

#define ELF_MAX_SEGMENTS  16          // PT_LOAD segments accepted
#define ELF_USER_LIMIT    KERNBASE    // every segment ends at or below this
#define ELF_NULL_GUARD    PAGE_SIZE   // no segment in the first page

// Values of the ELF32 format (System V ABI and its i386 supplement).
#define ELF_EHDR_SIZE     52          // sizeof(Elf32_Ehdr)
#define ELF_PHDR_SIZE     32          // sizeof(Elf32_Phdr)
#define ELF_CLASS32       1           // e_ident[EI_CLASS]
#define ELF_DATA_LSB      1           // e_ident[EI_DATA]: little-endian
#define ELF_VERSION_1     1           // EV_CURRENT
#define ELF_ET_EXEC       2           // e_type: executable
#define ELF_EM_386        3           // e_machine: Intel 80386
#define ELF_PT_LOAD       1           // p_type: loadable segment
#define ELF_PT_INTERP     3           // p_type: needs a dynamic loader
#define ELF_PF_X          1           // p_flags
#define ELF_PF_W          2
#define ELF_PF_R          4

// Protection of a planned segment (the same bits as mm/region.h's
// REGION_PROT_R/W/X, so exec can pass them on unchanged).
#define ELF_SEG_R         1
#define ELF_SEG_W         2
#define ELF_SEG_X         4

// What elf_parse returns: ELF_OK or the first reason the file is refused.
enum elf_result {
    ELF_OK         = 0,
    ELF_ESHORT     = -1,    // shorter than the ELF header
    ELF_EMAGIC     = -2,    // not "\177ELF"
    ELF_ECLASS     = -3,    // not 32-bit
    ELF_EDATA      = -4,    // not little-endian
    ELF_EVERSION   = -5,    // e_ident[EI_VERSION] or e_version is not 1
    ELF_ETYPE      = -6,    // not an executable (ET_EXEC)
    ELF_EMACHINE   = -7,    // not for i386
    ELF_EPHENTSIZE = -8,    // program headers are not 32 bytes
    ELF_EPHTABLE   = -9,    // program header table outside the file
    ELF_EINTERP    = -10,   // dynamically linked (PT_INTERP)
    ELF_ENOLOAD    = -11,   // no PT_LOAD segment to map
    ELF_ETOOMANY   = -12,   // more than ELF_MAX_SEGMENTS PT_LOAD segments
    ELF_ESEGFILE   = -13,   // a segment's file bytes run past the file
    ELF_ESEGSIZE   = -14,   // a segment's filesz is larger than its memsz
    ELF_ESEGRANGE  = -15,   // a segment wraps or reaches ELF_USER_LIMIT
    ELF_ENULLPAGE  = -16,   // a segment starts in the first page
    ELF_EALIGN     = -17,   // vaddr and offset differ modulo PAGE_SIZE
    ELF_EOVERLAP   = -18,   // two segments overlap or share a page
    ELF_EENTRY     = -19,   // the entry point is not in an executable segment
};

// One segment to load: memsz bytes at vaddr, the first filesz of them
// copied from the file at offset, the rest zero.
struct elf_segment {
    uint32_t vaddr;         // first byte in user memory (>= ELF_NULL_GUARD)
    uint32_t memsz;         // bytes in memory (> 0); vaddr + memsz <= ELF_USER_LIMIT
    uint32_t offset;        // where the file bytes start in the file
    uint32_t filesz;        // bytes from the file (<= memsz; inside the file)
    uint32_t flags;         // ELF_SEG_R | ELF_SEG_W | ELF_SEG_X
};

// What exec does with a checked executable.
struct elf_plan {
    uint32_t entry;         // first instruction, inside an executable segment
    uint32_t brk;           // page-aligned end of the highest segment: the heap's start
    int nseg;               // segments in seg[] (1..ELF_MAX_SEGMENTS)
    struct elf_segment seg[ELF_MAX_SEGMENTS];   // sorted by vaddr, no page shared
};

// Check the len bytes at file as an i386 static executable and fill *plan.
// Returns ELF_OK, or a negative ELF_E* (then *plan is left unchanged).
// Never reads outside [file, file + len). PT_LOAD segments with memsz 0 map
// nothing and are left out of the plan; other program headers are ignored.
int elf_parse(const void *file, size_t len, struct elf_plan *plan);

// A short description of an elf_parse result, e.g. "not for i386".
const char *elf_strerror(int result);

#endif
