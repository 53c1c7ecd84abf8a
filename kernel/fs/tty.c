// The console terminal (see tty.h). One console: its state is global. Its
// line discipline is shared with the interrupt handler, so every access
// happens with interrupts off; readers sleep on &console until a line (or
// any byte, in raw mode) is there.
#include "kernel/fs/tty.h"
#include "kernel/fs/ldisc.h"
#include "kernel/x86.h"
#include "kernel/api/errno.h"
#include "kernel/console.h"
#include "kernel/sched.h"
#include "drivers/serial.h"

// The console's state.
struct tty {
    struct ldisc ld;                        // input editing and the input queue
    int fg_pgrp;                            // foreground process group (0: none)
    void (*signal)(int pgrp, int sig);      // sends a signal to a group
};

static struct tty console;

// Echo from the line discipline goes to the screen and the serial line.
static void tty_echo(void *arg, const char *s, int n)
{
    console_write(s, n);
}

void tty_init(void)
{
    ldisc_init(&console.ld, tty_echo, NULL);
    serial_enable_rx(tty_input);
}

void tty_set_signal_handler(void (*fn)(int pgrp, int sig))
{
    console.signal = fn;
}

void tty_set_fg_pgrp(int pgrp)
{
    console.fg_pgrp = pgrp;
}

// A received byte: edit, echo, wake readers, maybe signal.
void tty_input(char c)
{
    uint32_t fl = intr_save();
    int r = ldisc_input(&console.ld, c);
    int sig = console.ld.signal, pgrp = console.fg_pgrp;
    if (r & LDISC_WAKE)
        wakeup(&console);
    intr_restore(fl);
    if ((r & LDISC_SIGNAL) && console.signal && pgrp > 0)
        console.signal(pgrp, sig);
}

// Wait for input, then take a line (or what is there, in raw mode).
static int tty_read(struct file *f, void *buf, size_t n)
{
    if (n == 0)
        return 0;
    uint32_t fl = intr_save();
    while (!ldisc_readable(&console.ld)) {
        int r;
        if (f->flags & O_NONBLOCK)
            r = -EAGAIN;
        else if (signal_pending())
            r = -EINTR;
        else {
            sleep(&console);
            continue;
        }
        intr_restore(fl);
        return r;
    }
    int r = ldisc_read(&console.ld, buf, n);
    intr_restore(fl);
    return r;
}

// Output goes straight to the console.
static int tty_write(struct file *f, const void *buf, size_t n)
{
    size_t done = 0;
    while (done < n) {
        int chunk = n - done > 0x10000 ? 0x10000 : (int)(n - done);
        console_write((const char *)buf + done, chunk);
        done += (size_t)chunk;
    }
    return (int)done;
}

// Terminal control: modes, foreground group, window size.
static int tty_ioctl(struct file *f, uint32_t req, void *arg)
{
    uint32_t fl;
    switch (req) {
    case TCGETS:
        ((struct api_termios *)arg)->c_lflag = console.ld.lflag;
        return 0;
    case TCSETS:
        fl = intr_save();
        if (ldisc_set_lflag(&console.ld, ((struct api_termios *)arg)->c_lflag) & LDISC_WAKE)
            wakeup(&console);
        intr_restore(fl);
        return 0;
    case TIOCGPGRP:
        *(int32_t *)arg = console.fg_pgrp;
        return 0;
    case TIOCSPGRP:
        if (*(int32_t *)arg <= 0)
            return -EINVAL;
        console.fg_pgrp = *(int32_t *)arg;
        return 0;
    case TIOCGWINSZ: {
        struct api_winsize *ws = arg;
        ws->ws_row = TTY_ROWS;
        ws->ws_col = TTY_COLS;
        ws->ws_xpixel = ws->ws_ypixel = 0;
        return 0;
    }
    default:
        return -EINVAL;
    }
}

const struct file_ops tty_fops = {
    .read = tty_read,
    .write = tty_write,
    .ioctl = tty_ioctl,
    .seekable = false,
};
