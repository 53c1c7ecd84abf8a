// VGA text console (see vga.h). Scrolls, handles \n \r \b \t, and moves the
// hardware cursor.
#include "drivers/vga.h"
#include "kernel/param.h"
#include "kernel/x86.h"
#include <string.h>

#define COLS 80
#define ROWS 25
#define VGA_TEXT (KERNBASE + 0xB8000)

static uint16_t *screen = (uint16_t *)VGA_TEXT;
static int row, col;
static unsigned char color = 0x07;   // light grey on black

static void move_cursor(void)
{
    uint16_t pos = (uint16_t)(row * COLS + col);
    outb(0x3D4, 14);
    outb(0x3D5, pos >> 8);
    outb(0x3D4, 15);
    outb(0x3D5, pos & 0xFF);
}

void vga_init(void)
{
    for (int i = 0; i < COLS * ROWS; i++)
        screen[i] = (uint16_t)(color << 8 | ' ');
    row = col = 0;
    move_cursor();
}

void vga_set_color(unsigned char attr)
{
    color = attr;
}

void vga_putc(char c)
{
    switch (c) {
    case '\n':
        col = 0;
        row++;
        break;
    case '\r':
        col = 0;
        break;
    case '\b':
        if (col > 0) {
            col--;
            screen[row * COLS + col] = (uint16_t)(color << 8 | ' ');
        }
        break;
    case '\t':
        col = (col + 8) & ~7;
        break;
    default:
        screen[row * COLS + col] = (uint16_t)(color << 8 | (unsigned char)c);
        col++;
    }
    if (col >= COLS) {
        col = 0;
        row++;
    }
    if (row >= ROWS) {
        memmove(screen, screen + COLS, (ROWS - 1) * COLS * 2);
        for (int i = 0; i < COLS; i++)
            screen[(ROWS - 1) * COLS + i] = (uint16_t)(color << 8 | ' ');
        row = ROWS - 1;
    }
    move_cursor();
}
