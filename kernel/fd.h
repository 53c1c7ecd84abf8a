// File descriptors of a process, for the system call handlers
// that make open files (kernel/sys_file.c, kernel/sys_socket.c).
#ifndef KERNEL_FD_H
#define KERNEL_FD_H

struct file;
struct proc;

// Install f at the lowest free descriptor >= from of process p.
// The descriptor, or -EMFILE (f is then the caller's to close).
int fd_install(struct proc *p, struct file *f, int from);

#endif
