// Turning the machine off (mosctl halt, after the node has left the
// cluster).
#ifndef KERNEL_POWER_H
#define KERNEL_POWER_H

// Power the machine off; where that cannot be done, stop it with
// interrupts off and say it may be switched off. Never returns.
void power_off(void) __attribute__((noreturn));

#endif
