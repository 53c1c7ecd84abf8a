// The two layouts of the x87 state, and the conversion between them, so
// that a process can move between a Pentium (fnsave, 108 bytes) and a
// Pentium II or later (fxsave, 512 bytes). Pure: tested on the host
// (tests/unit/test_fpu_format.c).
#ifndef KERNEL_FPU_FORMAT_H
#define KERNEL_FPU_FORMAT_H

#include "kernel/types.h"

#define FNSAVE_SIZE 108   // 32-bit protected mode fnsave area
#define FXSAVE_SIZE 512

#define MXCSR_DEFAULT 0x1F80   // all SSE exceptions masked, round to nearest

// The x87 part of fn (fnsave layout) as an fxsave area in fx: control,
// status and tag words, the last instruction and operand pointers and
// opcode, the eight registers. The SSE part is the clean one: MXCSR at its
// default, XMM0-7 zero.
void fpu_fn_to_fx(const uint8_t fn[FNSAVE_SIZE], uint8_t fx[FXSAVE_SIZE]);

// The other way. fxsave keeps one tag bit per register (empty or not);
// fnsave wants two (valid, zero, special, empty), computed here from each
// register's contents, as fnsave itself would. Returns 0, or -1 when the
// SSE part is in use (MXCSR not the default, or an XMM register not zero):
// a CPU without SSE cannot carry it, and fn is then left untouched.
int fpu_fx_to_fn(const uint8_t fx[FXSAVE_SIZE], uint8_t fn[FNSAVE_SIZE]);

#endif
