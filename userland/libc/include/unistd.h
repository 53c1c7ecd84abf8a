// POSIX system interface: files, processes, the working directory.
#ifndef _UNISTD_H
#define _UNISTD_H
#include <stddef.h>
#include <sys/types.h>
#include "kernel/api/types.h"

#define STDIN_FILENO  0
#define STDOUT_FILENO 1
#define STDERR_FILENO 2

#define F_OK 0
#define X_OK 1
#define W_OK 2
#define R_OK 4

ssize_t read(int fd, void *buf, size_t n);
ssize_t write(int fd, const void *buf, size_t n);
int close(int fd);
off_t lseek(int fd, off_t off, int whence);
int dup(int fd);
int dup2(int fd, int newfd);
int pipe(int fds[2]);
int unlink(const char *path);
int rmdir(const char *path);
int chdir(const char *path);
char *getcwd(char *buf, size_t size);
int access(const char *path, int mode);
int isatty(int fd);

pid_t fork(void);
pid_t vfork(void);
int getgroups(int size, gid_t list[]);
int execve(const char *path, char *const argv[], char *const envp[]);
int execv(const char *path, char *const argv[]);
int execvp(const char *file, char *const argv[]);
int execl(const char *path, const char *arg, ...);
int execlp(const char *file, const char *arg, ...);
pid_t getpid(void);
pid_t getppid(void);
int setpgid(pid_t pid, pid_t pgid);
pid_t getpgrp(void);
pid_t tcgetpgrp(int fd);
int tcsetpgrp(int fd, pid_t pgrp);
__attribute__((noreturn)) void _exit(int status);

unsigned sleep(unsigned seconds);
int usleep(useconds_t usec);
int brk(void *addr);
void *sbrk(intptr_t increment);
long syscall(long number, ...);
uid_t getuid(void);
// One user, root, owns every file: chown to it succeeds, to others EPERM.
int chown(const char *path, uid_t uid, gid_t gid);
int fchown(int fd, uid_t uid, gid_t gid);
uid_t geteuid(void);
gid_t getgid(void);
gid_t getegid(void);
int gethostname(char *name, size_t len);

// sysconf names: what a program may ask of the system at run time.
#define _SC_CLK_TCK       1   // ticks per second of times()
#define _SC_PAGESIZE      2   // bytes of a page
#define _SC_PAGE_SIZE     _SC_PAGESIZE
#define _SC_OPEN_MAX      3   // open files of a process
long sysconf(int name);

int getopt(int argc, char *const argv[], const char *optstring);
extern char *optarg;
extern int optind, opterr, optopt;

#endif
