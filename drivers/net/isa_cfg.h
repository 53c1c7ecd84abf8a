// The setting "ne2k_isa=PORT,IRQ" of the kernel command line: where an ISA
// NE2000 sits. Pure: tested in tests/unit.
#ifndef DRIVERS_NET_ISA_CFG_H
#define DRIVERS_NET_ISA_CFG_H

#include "kernel/types.h"

// Parse "PORT,IRQ": PORT in hex with or without 0x (1..0xFFE0, room for the
// card's 32 ports), IRQ in decimal (0..15). False, with *port and *irq
// untouched, for anything else.
bool isa_cfg_parse(const char *s, uint16_t *port, int *irq);

#endif
