// The console terminal, /dev/console: input bytes from the serial line
// (and later the keyboard) go through the line discipline (ldisc.h) to
// readers; output goes to the console (serial and VGA).
#ifndef FS_TTY_H
#define FS_TTY_H

#include "kernel/fs/vfs.h"

// How open files of the console behave (devfs gives them to /dev/console).
extern const struct file_ops tty_fops;

// Set up the line discipline and take input from the serial interrupt.
void tty_init(void);
// One input byte; callable from interrupt handlers.
void tty_input(char c);
// Register how a signal reaches a process group (Ctrl-C sends SIGINT to
// the foreground group). Until then, and while the foreground group is 0,
// no signal is sent.
void tty_set_signal_handler(void (*fn)(int pgrp, int sig));
// Set the foreground process group (as TIOCSPGRP does).
void tty_set_fg_pgrp(int pgrp);

#endif
