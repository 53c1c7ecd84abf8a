// The line discipline of the console: what happens to each input byte
// before a program reads it. Pure logic (no hardware, no sleeping): the tty
// feeds it bytes from the interrupt handler and reads lines out of it;
// tests/unit/test_ldisc.c feeds it bytes on the host.
//
// Canonical mode (ICANON) edits a line: printable bytes are buffered and
// echoed, backspace or DEL erases one ("\b \b"), Ctrl-U erases the line,
// CR or LF completes it (CR becomes LF), Ctrl-D completes it without
// itself, or at the start of a line makes a read return 0 (end of file).
// With ISIG, Ctrl-C discards the line, echoes "^C\n" and asks for SIGINT
// (Ctrl-\ likewise for SIGQUIT, Ctrl-Z for SIGTSTP). Without ICANON every
// byte is readable at once. ECHO turns echoing on.
#ifndef FS_LDISC_H
#define FS_LDISC_H

#include "kernel/types.h"
#include "kernel/fs/fsparam.h"

// A cell of the input queue is a byte, maybe with LDISC_EOL (the last byte
// of a completed line), or the end-of-file mark LDISC_EOF.
#define LDISC_EOL 0x100
#define LDISC_EOF 0x200

// Bits of what ldisc_input asks of its caller.
#define LDISC_WAKE   1      // input became readable: wake the readers
#define LDISC_SIGNAL 2      // send ld->signal to the foreground process group

struct ldisc {
    uint32_t lflag;                         // ICANON, ECHO, ISIG
    void (*echo)(void *arg, const char *s, int n);  // where echoed bytes go
    void *echo_arg;                         // its first argument
    char line[TTY_LINE_MAX];                // the line being edited
    uint32_t line_len;                      // bytes in line
    uint16_t queue[TTY_BUF_SIZE];           // cells ready for readers (a ring)
    uint32_t head;                          // index of the oldest cell
    uint32_t count;                         // cells in the queue
    uint32_t lines;                         // cells with LDISC_EOL or LDISC_EOF in it
    int signal;                             // the signal LDISC_SIGNAL asks for
};

// Start empty in canonical mode with echo and signals.
void ldisc_init(struct ldisc *ld, void (*echo)(void *arg, const char *s, int n), void *arg);
// Process one input byte; returns LDISC_* bits.
int ldisc_input(struct ldisc *ld, char c);
// True when a read would return now (a line, or any byte when raw).
bool ldisc_readable(const struct ldisc *ld);
// Move readable input to buf (n bytes at most): at most one line in
// canonical mode. Returns bytes, 0 for end of file, -EAGAIN when nothing is
// readable.
int ldisc_read(struct ldisc *ld, char *buf, size_t n);
// Change the modes. Leaving canonical mode makes the line being edited
// readable; entering it ends what is queued as a line. Returns LDISC_WAKE
// when input became readable.
int ldisc_set_lflag(struct ldisc *ld, uint32_t lflag);

#endif
