// FPU state per process (see fpu.h). We save eagerly on every switch: two
// instructions, and no device-not-available traps to reason about.
#include "kernel/fpu.h"
#include "kernel/console.h"
#include "kernel/x86.h"
#include <string.h>

#define CR0_MP 0x02        // monitor coprocessor
#define CR0_EM 0x04        // emulation: must be off
#define CR0_TS 0x08        // task switched: off, we save eagerly
#define CR0_NE 0x20        // report FPU errors as exceptions (#MF)
#define CR4_OSFXSR 0x200   // the OS saves SSE state with fxsave
#define CR4_OSXMMEXCPT 0x400

static bool has_fxsr;      // fxsave/fxrstor (and maybe SSE) available
static struct fpu_state clean;
static uint32_t mxcsr_mask;   // MXCSR bits this CPU accepts (fxrstor faults on others)

// Where fxsave keeps MXCSR and MXCSR_MASK (Intel SDM vol. 1, table 10-2).
#define FXSAVE_MXCSR      24
#define FXSAVE_MXCSR_MASK 28

static void cpuid(uint32_t leaf, uint32_t *a, uint32_t *b, uint32_t *c, uint32_t *d)
{
    __asm__ volatile("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d) : "a"(leaf), "c"(0));
}

void fpu_init(void)
{
    uint32_t a, b, c, d;
    cpuid(1, &a, &b, &c, &d);
    has_fxsr = (d >> 24) & 1;
    bool sse = (d >> 25) & 1;
    write_cr0((read_cr0() & ~(CR0_EM | CR0_TS)) | CR0_MP | CR0_NE);
    if (has_fxsr)
        write_cr4(read_cr4() | CR4_OSFXSR | (sse ? CR4_OSXMMEXCPT : 0));
    __asm__ volatile("fninit");
    memset(&clean, 0, sizeof(clean));
    fpu_save(&clean);
    if (has_fxsr) {
        memcpy(&mxcsr_mask, clean.bytes + FXSAVE_MXCSR_MASK, 4);
        if (mxcsr_mask == 0)
            mxcsr_mask = 0xFFBF;   // CPUs that leave the field 0 accept these bits
    }
    kprintf("fpu: x87%s%s\n", has_fxsr ? ", fxsave" : ", fnsave", sse ? ", SSE" : "");
}

void fpu_state_init(struct fpu_state *s)
{
    memcpy(s, &clean, sizeof(*s));
}

void fpu_save(struct fpu_state *s)
{
    if (has_fxsr)
        __asm__ volatile("fxsave (%0)" : : "r"(s->bytes) : "memory");
    else
        __asm__ volatile("fnsave (%0); frstor (%0)" : : "r"(s->bytes) : "memory");
}

void fpu_sanitize(struct fpu_state *s)
{
    if (!has_fxsr)
        return;
    uint32_t mxcsr;
    memcpy(&mxcsr, s->bytes + FXSAVE_MXCSR, 4);
    mxcsr &= mxcsr_mask;
    memcpy(s->bytes + FXSAVE_MXCSR, &mxcsr, 4);
}

void fpu_restore(const struct fpu_state *s)
{
    if (has_fxsr)
        __asm__ volatile("fxrstor (%0)" : : "r"(s->bytes) : "memory");
    else
        __asm__ volatile("frstor (%0)" : : "r"(s->bytes) : "memory");
}

bool fpu_uses_fxsave(void)
{
    return has_fxsr;
}
