// The two 8259A interrupt controllers of the PC.
#ifndef DRIVERS_PIC_H
#define DRIVERS_PIC_H

#include "kernel/types.h"

// Remap IRQ 0-15 to vectors 32-47 (out of the CPU's exception range) and
// mask every line.
void pic_init(void);
void pic_enable(int irq);
void pic_disable(int irq);
// Acknowledge irq so the controller sends the next one.
void pic_eoi(int irq);
// True if the interrupt on irq 7 or 15 was spurious (nothing to acknowledge).
bool pic_spurious(int irq);

#endif
