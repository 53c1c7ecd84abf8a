// Reading the small text files of /proc (their formats are defined in
// docs/proc-formats.md). Shared by ps, free, uptime and usertests.
#ifndef PROCFILE_H
#define PROCFILE_H

#include <stddef.h>

// Read the whole file path (at most size-1 bytes) into buf, NUL-terminated.
// The length, or -1 when it cannot be opened.
int proc_read(const char *path, char *buf, size_t size);

// The value after "key:" on the line of text that starts with key (given
// without its colon), leading blanks skipped, copied into out up to the
// end of the line. 0, or -1 when there is no such line.
int proc_field(const char *text, const char *key, char *out, size_t size);

// The number at the start of key's value (as proc_field), or -1.
long proc_number(const char *text, const char *key);

#endif
