// execve: replace a process's program with an ELF executable from a file.
#ifndef KERNEL_EXEC_H
#define KERNEL_EXEC_H

struct proc;

// Load path into a new address space for p, with the NULL-terminated
// argument and environment lists (kernel memory), and set p's registers to
// start it. Everything is checked and built first; only then is p's old
// address space replaced, so on any error p is left exactly as it was.
// 0, or -ENOENT, -EACCES, -ENOEXEC (not a valid executable), -E2BIG,
// -ENOMEM, ...
int exec_load(struct proc *p, const char *path, const char *const argv[],
              const char *const envp[]);

#endif
