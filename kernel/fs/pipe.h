// Pipes: a PIPE_SIZE ring buffer between a read end and a write end.
// Reads block while the pipe is empty and writers remain (then 0: end of
// file); writes block while it is full, are atomic up to PIPE_SIZE bytes,
// and fail with -EPIPE once no reader is left (the caller raises SIGPIPE).
// A blocked call returns -EINTR when a signal is pending, or what it had
// moved so far; O_NONBLOCK gives -EAGAIN instead of blocking.
#ifndef FS_PIPE_H
#define FS_PIPE_H

#include "kernel/fs/vfs.h"

// Make a pipe: *rd gets the read end (O_RDONLY) and *wr the write end
// (O_WRONLY), one reference each. -ENOMEM.
int pipe_create(struct file **rd, struct file **wr);

#endif
