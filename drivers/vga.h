// The VGA text screen (80x25 at physical 0xB8000).
#ifndef DRIVERS_VGA_H
#define DRIVERS_VGA_H

void vga_init(void);
void vga_putc(char c);
// Set the colour of what follows (VGA attribute byte, e.g. 0x4F white on red).
void vga_set_color(unsigned char attr);

#endif
