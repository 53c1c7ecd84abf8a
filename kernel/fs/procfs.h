// procfs, mounted at /proc: a read-only tree of files generated when they
// are opened. The content is made once at open into a buffer (a snapshot),
// so reads at any offset agree with each other; writable files pass each
// write() to a callback (e.g. /proc/PID/goto).
//
// Fixed files ("meminfo", "net/dev", "cluster/nodes"...) are added with
// procfs_add_file; directories on their path are made as needed. The
// per-process directories /proc/PID come from a provider: a function that
// lists the pids and one that generates file F of process PID, for the
// file names added with procfs_add_pid_file.
#ifndef FS_PROCFS_H
#define FS_PROCFS_H

#include "kernel/fs/vfs.h"

#define PROCFS_NAME_MAX 32      // longest name of a procfs entry, with its NUL

// Write the content of a file into buf (size bytes; a final NUL is not
// needed) and return its full length: when that is more than size the
// generator is called again with a buffer of at least length + 1 bytes (up
// to PROCFS_BUF_MAX, past which the content is cut). A negative errno
// fails the open.
typedef int (*procfs_gen_fn)(char *buf, size_t size, void *arg);
// Take one write() of n bytes (kernel memory, not NUL-terminated); returns
// the bytes taken or a negative errno.
typedef int (*procfs_write_fn)(const char *buf, size_t n, void *arg);

// The file system: its root directory, with a new reference (made on the
// first call); NULL when memory is out.
struct inode *procfs_root(void);
// Add a read-only file at path ("uptime", "net/dev"), relative to /proc.
// -EEXIST, -EINVAL (empty name, "." or "..", name too long), -ENOTDIR,
// -ENOMEM.
int procfs_add_file(const char *path, procfs_gen_fn gen, void *arg);
// The same for a file that can be written too (gen may be NULL: then
// reading it gives nothing).
int procfs_add_rw_file(const char *path, procfs_gen_fn gen, procfs_write_fn write, void *arg);

// The per-process provider: list fills pids (max entries) and returns the
// count; gen writes file of process pid as procfs_gen_fn does (-ESRCH when
// the process is gone).
void procfs_set_pid_provider(int (*list)(int *pids, int max),
                             int (*gen)(int pid, const char *file, char *buf, size_t size));
// Where writes to writable per-process files go.
void procfs_set_pid_writer(int (*write)(int pid, const char *file, const char *buf, size_t n));
// Add a file name to every /proc/PID ("status", "where", "goto"...).
// -EEXIST, -EINVAL, -ENOMEM (table full).
int procfs_add_pid_file(const char *name, bool writable);

// Free the whole tree and forget the provider (after it is unmounted; for
// tests).
void procfs_destroy(void);

#endif
