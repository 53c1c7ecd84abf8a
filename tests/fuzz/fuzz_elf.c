// libFuzzer target for the ELF32 executable checks (kernel/elf.c): any
// bytes as an executable. When elf_parse accepts them, the plan must keep
// every promise elf.h makes, since exec trusts it without looking again:
// file bytes inside the input, segments inside user space and sorted with
// no page shared, the entry in an executable segment, brk above them all.
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/elf.h"

static volatile unsigned sink;   // keeps the reads of the segments' bytes

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct elf_plan plan;
    int rc = elf_parse(data, size, &plan);
    if (elf_strerror(rc) == NULL)
        abort();
    if (rc != ELF_OK)
        return 0;
    if (plan.nseg < 1 || plan.nseg > ELF_MAX_SEGMENTS)
        abort();
    int entry_in_x = 0;
    unsigned sum = 0;
    for (int i = 0; i < plan.nseg; i++) {
        const struct elf_segment *s = &plan.seg[i];
        if (s->offset > size || s->filesz > size - s->offset || s->filesz > s->memsz)
            abort();
        if (s->memsz == 0 || s->vaddr < ELF_NULL_GUARD || s->vaddr >= ELF_USER_LIMIT ||
            s->memsz > ELF_USER_LIMIT - s->vaddr)
            abort();
        if (s->vaddr % PAGE_SIZE != s->offset % PAGE_SIZE)
            abort();
        if (i > 0) {
            const struct elf_segment *prev = &plan.seg[i - 1];
            uint32_t prev_last_page = (prev->vaddr + prev->memsz - 1) / PAGE_SIZE;
            if (s->vaddr / PAGE_SIZE <= prev_last_page)
                abort();
        }
        if ((s->flags & ELF_SEG_X) && plan.entry >= s->vaddr &&
            plan.entry - s->vaddr < s->memsz)
            entry_in_x = 1;
        if (plan.brk % PAGE_SIZE != 0 || plan.brk < s->vaddr + s->memsz)
            abort();
        for (uint32_t j = 0; j < s->filesz; j++)
            sum += data[s->offset + j];
    }
    if (!entry_in_x || plan.brk > ELF_USER_LIMIT)
        abort();
    sink = sum;
    return 0;
}
