// The console's line discipline (see ldisc.h).
#include "kernel/fs/ldisc.h"
#include "kernel/api/types.h"
#include "kernel/api/errno.h"

#define CTRL(c) ((c) & 0x1F)
#define BS  0x08
#define DEL 0x7F

void ldisc_init(struct ldisc *ld, void (*echo)(void *arg, const char *s, int n), void *arg)
{
    ld->lflag = ICANON | ECHO | ISIG;
    ld->echo = echo;
    ld->echo_arg = arg;
    ld->line_len = 0;
    ld->head = ld->count = ld->lines = 0;
    ld->signal = 0;
}

// Echo n bytes of s when ECHO is on.
static void echo(struct ldisc *ld, const char *s, int n)
{
    if ((ld->lflag & ECHO) && ld->echo)
        ld->echo(ld->echo_arg, s, n);
}

// True for a byte echoed as "^X" (a control byte other than tab).
static bool shown_as_caret(unsigned char c)
{
    return (c < 0x20 && c != '\t') || c == DEL;
}

// Echo one byte as the screen should show it.
static void echo_byte(struct ldisc *ld, unsigned char c)
{
    char s[2] = { (char)c, 0 };
    if (shown_as_caret(c)) {
        s[0] = '^';
        s[1] = (char)(c ^ 0x40);
        echo(ld, s, 2);
    } else {
        echo(ld, s, 1);
    }
}

// Append a cell to the queue; false when it is full.
static bool push(struct ldisc *ld, uint16_t cell)
{
    if (ld->count == TTY_BUF_SIZE)
        return false;
    ld->queue[(ld->head + ld->count) % TTY_BUF_SIZE] = cell;
    ld->count++;
    if (cell & (LDISC_EOL | LDISC_EOF))
        ld->lines++;
    return true;
}

// Move the edited line to the queue, its last cell marked as a line end,
// followed by nl when nl is not 0. False (nothing moved) when it does not
// fit or there is nothing to move.
static bool complete_line(struct ldisc *ld, char nl)
{
    uint32_t n = ld->line_len + (nl ? 1 : 0);
    if (n == 0 || TTY_BUF_SIZE - ld->count < n)
        return false;
    for (uint32_t i = 0; i < ld->line_len; i++) {
        uint16_t cell = (unsigned char)ld->line[i];
        if (!nl && i == ld->line_len - 1)
            cell |= LDISC_EOL;
        push(ld, cell);
    }
    if (nl)
        push(ld, (uint16_t)((unsigned char)nl | LDISC_EOL));
    ld->line_len = 0;
    return true;
}

// Erase the last byte of the line being edited, on the screen too.
static void erase_one(struct ldisc *ld)
{
    if (ld->line_len == 0)
        return;
    unsigned char c = (unsigned char)ld->line[--ld->line_len];
    echo(ld, "\b \b", 3);
    if (shown_as_caret(c))
        echo(ld, "\b \b", 3);
}

// A signal byte: drop the line, show it, ask for sig.
static int interrupt(struct ldisc *ld, unsigned char c, int sig)
{
    ld->line_len = 0;
    echo_byte(ld, c);
    echo(ld, "\n", 1);
    ld->signal = sig;
    return LDISC_SIGNAL;
}

// A byte in canonical mode.
static int canonical_input(struct ldisc *ld, unsigned char c)
{
    switch (c) {
    case '\n':
        if (!complete_line(ld, '\n'))
            return 0;
        echo(ld, "\n", 1);
        return LDISC_WAKE;
    case CTRL('D'):
        if (ld->line_len == 0)
            return push(ld, LDISC_EOF) ? LDISC_WAKE : 0;
        return complete_line(ld, 0) ? LDISC_WAKE : 0;
    case BS:
    case DEL:
        erase_one(ld);
        return 0;
    case CTRL('U'):
        while (ld->line_len > 0)
            erase_one(ld);
        return 0;
    default:
        // Keep one byte free for the newline that ends the line.
        if (ld->line_len >= TTY_LINE_MAX - 1)
            return 0;
        ld->line[ld->line_len++] = (char)c;
        echo_byte(ld, c);
        return 0;
    }
}

// Process one input byte (see ldisc.h).
int ldisc_input(struct ldisc *ld, char ch)
{
    unsigned char c = (unsigned char)ch;
    if (c == '\r')
        c = '\n';
    if (ld->lflag & ISIG) {
        if (c == CTRL('C'))
            return interrupt(ld, c, SIGINT);
        if (c == CTRL('\\'))
            return interrupt(ld, c, SIGQUIT);
        if (c == CTRL('Z'))
            return interrupt(ld, c, SIGTSTP);   // the foreground job stops
    }
    if (ld->lflag & ICANON)
        return canonical_input(ld, c);
    if (!push(ld, c))
        return 0;
    if (c == '\n')
        echo(ld, "\n", 1);
    else
        echo_byte(ld, c);
    return LDISC_WAKE;
}

// True when a read would not block.
bool ldisc_readable(const struct ldisc *ld)
{
    if (ld->lflag & ICANON)
        return ld->lines > 0;
    return ld->count > 0;
}

// Take the oldest cell off the queue.
static uint16_t pop(struct ldisc *ld)
{
    uint16_t cell = ld->queue[ld->head];
    ld->head = (ld->head + 1) % TTY_BUF_SIZE;
    ld->count--;
    if (cell & (LDISC_EOL | LDISC_EOF))
        ld->lines--;
    return cell;
}

// Move input to buf (see ldisc.h).
int ldisc_read(struct ldisc *ld, char *buf, size_t n)
{
    if (!ldisc_readable(ld))
        return -EAGAIN;
    if (ld->queue[ld->head] & LDISC_EOF) {
        pop(ld);
        return 0;
    }
    bool canon = ld->lflag & ICANON;
    size_t done = 0;
    while (done < n && ld->count > 0 && !(ld->queue[ld->head] & LDISC_EOF)) {
        uint16_t cell = pop(ld);
        buf[done++] = (char)(cell & 0xFF);
        if (canon && (cell & LDISC_EOL))
            break;
    }
    return (int)done;
}

// Change the modes (see ldisc.h).
int ldisc_set_lflag(struct ldisc *ld, uint32_t lflag)
{
    bool was_canon = ld->lflag & ICANON;
    bool canon = lflag & ICANON;
    ld->lflag = lflag & (ICANON | ECHO | ISIG);
    if (was_canon && !canon) {
        // What was being edited becomes raw input.
        for (uint32_t i = 0; i < ld->line_len; i++)
            push(ld, (unsigned char)ld->line[i]);
        ld->line_len = 0;
    } else if (!was_canon && canon && ld->count > 0) {
        // Raw input already queued reads as one line.
        uint32_t last = (ld->head + ld->count - 1) % TTY_BUF_SIZE;
        if (!(ld->queue[last] & (LDISC_EOL | LDISC_EOF))) {
            ld->queue[last] |= LDISC_EOL;
            ld->lines++;
        }
    }
    return ldisc_readable(ld) ? LDISC_WAKE : 0;
}
