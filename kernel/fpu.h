// The floating point unit (x87, and SSE when the CPU has it). Every process
// has its own FPU state, saved and restored on each switch, so programs that
// compute with doubles in parallel never see each other's registers.
#ifndef KERNEL_FPU_H
#define KERNEL_FPU_H

#include "kernel/types.h"

#define FPU_STATE_SIZE 512   // fxsave area (fnsave needs 108 of it)

// One process's FPU registers, as fxsave/fnsave store them.
struct fpu_state {
    uint8_t bytes[FPU_STATE_SIZE];
} __attribute__((aligned(16)));

// Turn on the FPU (and SSE if present) and make the clean state that new
// processes start from.
void fpu_init(void);
// The clean state: what execve gives a program.
void fpu_state_init(struct fpu_state *s);
void fpu_save(struct fpu_state *s);
// True when the CPU saves the FPU with fxsave (512 bytes), false for
// fnsave (108 bytes): a migrating process's FPU state says which it is.
bool fpu_uses_fxsave(void);
void fpu_restore(const struct fpu_state *s);
// Make an FPU image that came from user memory (a signal frame) safe to
// restore: clear the MXCSR bits this CPU reserves.
void fpu_sanitize(struct fpu_state *s);

#endif
