// Turning the machine off (see power.h).
//
// ACPI puts a PC in its soft-off state S5 by writing SLP_TYP (the value
// of the DSDT's \_S5 object) and SLP_EN (bit 13) to the PM1a control
// register, whose port the FADT gives. The virtual PCs this system is
// tested on have fixed answers: QEMU's PIIX4 has PM1a_CNT at 0x604 with
// \_S5 = 0, and Bochs (and QEMU before 2.0) at 0xB004. A real PC keeps its
// port elsewhere: there, without an ACPI table reader, the machine is
// stopped (interrupts off, hlt) and the console says it may be switched
// off.
#include "kernel/power.h"
#include "kernel/console.h"
#include "kernel/panic.h"
#include "kernel/x86.h"

#define ACPI_SLP_EN         (1u << 13)
#define QEMU_PIIX4_PM1A_CNT 0x604
#define BOCHS_PM1A_CNT      0xB004

void power_off(void)
{
    cli();
    kprintf("power: off\n");
    outw(QEMU_PIIX4_PM1A_CNT, ACPI_SLP_EN);   // SLP_TYP 0: S5 on these machines
    outw(BOCHS_PM1A_CNT, ACPI_SLP_EN);
    kprintf("power: cannot switch off here: the machine is stopped; switch it off\n");
    halt_forever();
}
