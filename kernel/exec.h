// execve: replace a process's program with an ELF executable from a file,
// or with the interpreter a "#!" script names (kernel/shebang.h).
#ifndef KERNEL_EXEC_H
#define KERNEL_EXEC_H

#include "kernel/types.h"

struct proc;

// Load path into a new address space for p, with the NULL-terminated
// argument and environment lists (kernel memory), and set p's registers to
// start it. Everything is checked and built first; only then is p's old
// address space replaced, so on any error p is left exactly as it was.
// 0, or -ENOENT, -EACCES, -ENOEXEC (not a valid executable), -E2BIG,
// -ENOMEM, ...
int exec_load(struct proc *p, const char *path, const char *const argv[],
              const char *const envp[]);

// The parts of exec_load, for a process away from home (ssi/remote.c):
// execve is split between the home node, where the file and the open
// files are, and the node where the process runs, where its memory is.
//
// Home: read all of path (relative to p's directory) into a kmalloc'd
// buffer: 0, or -ENOENT, -EACCES, -ENOEXEC (too big), -ENOMEM.
int exec_read(struct proc *p, const char *path, char **file, size_t *len);
// Where it runs: build the program in file (len bytes) as exec_load does:
// a new address space, registers, FPU, signal handlers, name. On error p
// is left as it was.
int exec_image(struct proc *p, const char *path, const char *file, size_t len,
               const char *const argv[], const char *const envp[]);
// Home, after exec_image succeeded: close the close-on-exec files, take
// the new name.
void exec_home_part(struct proc *p, const char *path);

// Is file (len bytes, read from path) a "#!" script? 0 when not; 1 when
// it is: *interp is the program to read instead and *args (kmalloc'd,
// strings inside it) the argument list to start it with, freed with
// kfree(*args); or -ENOEXEC (a bad "#!" line), -E2BIG, -ENOMEM.
int exec_script(const char *path, const char *file, size_t len, const char *const argv[],
                const char **interp, const char ***args);

#define EXEC_FILE_MAX (16u << 20)   // largest executable accepted

#endif
