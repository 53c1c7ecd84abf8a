// Converting the x87 state between fnsave and fxsave (see fpu_format.h).
// The layouts are in the Intel SDM, vol. 1, figure 8-9 (fnsave, 32-bit
// protected mode) and vol. 2, table 3-53 (fxsave).
#include "kernel/fpu_format.h"
#include <string.h>

// fnsave: each field in a 32-bit slot.
#define FN_FCW   0
#define FN_FSW   4
#define FN_FTW   8    // two bits per physical register R0..R7
#define FN_FIP   12
#define FN_FCS   16   // selector, then the opcode's 11 bits at 18
#define FN_FOP   18
#define FN_FDP   20
#define FN_FDS   24
#define FN_ST    28   // ST(0)..ST(7), 10 bytes each

// fxsave.
#define FX_FCW   0
#define FX_FSW   2
#define FX_FTW   4    // one bit per physical register: 1 = not empty
#define FX_FOP   6
#define FX_FIP   8
#define FX_FCS   12
#define FX_FDP   16
#define FX_FDS   20
#define FX_MXCSR 24
#define FX_ST    32   // ST(0)..ST(7), 16 bytes each (10 used)
#define FX_XMM   160  // XMM0..XMM7, 16 bytes each
#define FX_XMM_END 288

// The full tag values.
#define TAG_VALID   0
#define TAG_ZERO    1
#define TAG_SPECIAL 2   // NaN, infinity, denormal, unnormal
#define TAG_EMPTY   3

static uint16_t get16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t get32(const uint8_t *p) { return (uint32_t)get16(p) | (uint32_t)get16(p + 2) << 16; }
static void put16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
static void put32(uint8_t *p, uint32_t v) { put16(p, (uint16_t)v); put16(p + 2, (uint16_t)(v >> 16)); }

// TOP, the physical number of ST(0), from the status word.
static int top_of(uint16_t fsw)
{
    return (fsw >> 11) & 7;
}

// What fnsave would tag an 80-bit register holding r.
static int tag_of(const uint8_t r[10])
{
    uint16_t exponent = get16(r + 8) & 0x7FFF;
    bool integer_bit = (r[7] & 0x80) != 0;
    bool fraction_zero = true;   // the 64-bit significand all zero
    for (int i = 0; i < 8; i++)
        if (r[i])
            fraction_zero = false;
    if (exponent == 0x7FFF)
        return TAG_SPECIAL;   // infinity or NaN
    if (exponent == 0)
        return fraction_zero ? TAG_ZERO : TAG_SPECIAL;   // zero, or denormal
    return integer_bit ? TAG_VALID : TAG_SPECIAL;     // normal, or unnormal
}

void fpu_fn_to_fx(const uint8_t fn[FNSAVE_SIZE], uint8_t fx[FXSAVE_SIZE])
{
    memset(fx, 0, FXSAVE_SIZE);
    put16(fx + FX_FCW, get16(fn + FN_FCW));
    put16(fx + FX_FSW, get16(fn + FN_FSW));
    uint16_t ftw = get16(fn + FN_FTW);
    uint8_t abridged = 0;
    for (int r = 0; r < 8; r++)
        if (((ftw >> (2 * r)) & 3) != TAG_EMPTY)
            abridged |= (uint8_t)(1 << r);
    fx[FX_FTW] = abridged;
    put16(fx + FX_FOP, get16(fn + FN_FOP) & 0x7FF);
    put32(fx + FX_FIP, get32(fn + FN_FIP));
    put16(fx + FX_FCS, get16(fn + FN_FCS));
    put32(fx + FX_FDP, get32(fn + FN_FDP));
    put16(fx + FX_FDS, get16(fn + FN_FDS));
    put32(fx + FX_MXCSR, MXCSR_DEFAULT);
    for (int i = 0; i < 8; i++)
        memcpy(fx + FX_ST + 16 * i, fn + FN_ST + 10 * i, 10);
}

int fpu_fx_to_fn(const uint8_t fx[FXSAVE_SIZE], uint8_t fn[FNSAVE_SIZE])
{
    if (get32(fx + FX_MXCSR) != MXCSR_DEFAULT)
        return -1;
    for (int i = FX_XMM; i < FX_XMM_END; i++)
        if (fx[i])
            return -1;
    memset(fn, 0, FNSAVE_SIZE);
    uint16_t fsw = get16(fx + FX_FSW);
    put16(fn + FN_FCW, get16(fx + FX_FCW));
    put16(fn + FN_FSW, fsw);
    // Physical register r holds ST((r - TOP) mod 8); the registers are
    // stored in ST order, the tags in physical order.
    int top = top_of(fsw);
    uint16_t ftw = 0;
    for (int r = 0; r < 8; r++) {
        int st = (r - top) & 7;
        int tag = (fx[FX_FTW] >> r) & 1 ? tag_of(fx + FX_ST + 16 * st) : TAG_EMPTY;
        ftw |= (uint16_t)(tag << (2 * r));
    }
    put16(fn + FN_FTW, ftw);
    put32(fn + FN_FIP, get32(fx + FX_FIP));
    put16(fn + FN_FCS, get16(fx + FX_FCS));
    put16(fn + FN_FOP, get16(fx + FX_FOP) & 0x7FF);
    put32(fn + FN_FDP, get32(fx + FX_FDP));
    put16(fn + FN_FDS, get16(fx + FX_FDS));
    for (int i = 0; i < 8; i++)
        memcpy(fn + FN_ST + 10 * i, fx + FX_ST + 16 * i, 10);
    return 0;
}
