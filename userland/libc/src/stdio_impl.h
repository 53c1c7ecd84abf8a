// Internal: the FILE structure and the helpers the stdio files share.
#ifndef LIBC_STDIO_IMPL_H
#define LIBC_STDIO_IMPL_H
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define MODE_UNSET (-1)   // buffering decided at the first write (isatty)

// A stream. One buffer serves reading (bytes buf[rpos..rlen) not yet
// handed out) or writing (bytes buf[0..wlen) not yet written), never both
// at once.
struct file {
    bool in_use;      // this slot of the table is an open stream
    int fd;           // the file descriptor under it
    bool readable;    // opened for reading
    bool writable;    // opened for writing
    int mode;         // _IOFBF, _IOLBF, _IONBF or MODE_UNSET
    char *buf;        // the buffer (NULL until first needed)
    size_t size;      // its size
    bool own_buf;     // buf was malloc'ed here and is freed at close
    size_t rpos;      // next byte to read in buf
    size_t rlen;      // end of the bytes read into buf
    size_t wlen;      // bytes waiting to be written
    int unget;        // a byte pushed back by ungetc, or EOF
    bool eof;         // end of file seen
    bool err;         // an error happened
};

// The table of streams: stdin, stdout, stderr, then fopen's.
extern struct file __files[FOPEN_MAX];

// Write the pending output of f: 0, or EOF with f->err set.
int __stdio_flush_out(FILE *f);

// Drop buffered input, moving the file offset back to where the reader
// is: 0, or EOF when the file cannot seek (the bytes are then lost).
int __stdio_drop_in(FILE *f);

// Parse an fopen mode ("r", "w+", "ab", ...) into open() flags and
// whether it reads/writes; -1 for a bad mode.
int __stdio_mode_flags(const char *mode, bool *rd, bool *wr);

// Set up slot f for fd.
void __stdio_init_file(FILE *f, int fd, bool rd, bool wr);

#endif
