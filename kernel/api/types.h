// Structures and constants that cross the user/kernel boundary. Every
// field has a fixed size so the layout is the same for the kernel, the C
// library, and (later) a remote node packing a call into an envelope.
#ifndef API_TYPES_H
#define API_TYPES_H

#include <stdint.h>

// open() flags (Linux values)
#define O_RDONLY    0x0000
#define O_WRONLY    0x0001
#define O_RDWR      0x0002
#define O_ACCMODE   0x0003
#define O_CREAT     0x0040
#define O_EXCL      0x0080
#define O_NOCTTY    0x0100
#define O_TRUNC     0x0200
#define O_APPEND    0x0400
#define O_NONBLOCK  0x0800
#define O_DIRECTORY 0x10000
#define O_CLOEXEC   0x80000

// fcntl() commands
#define F_DUPFD     0
#define F_GETFD     1
#define F_SETFD     2
#define F_GETFL     3
#define F_SETFL     4
#define FD_CLOEXEC  1

// lseek() whence
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2

// File types and permission bits in st_mode (POSIX values)
#define S_IFMT   0170000
#define S_IFSOCK 0140000
#define S_IFREG  0100000
#define S_IFBLK  0060000
#define S_IFDIR  0040000
#define S_IFCHR  0020000
#define S_IFIFO  0010000

struct api_stat {
    uint32_t st_dev;      // file system the file is on
    uint32_t st_ino;      // inode number
    uint32_t st_mode;     // type and permission bits
    uint32_t st_nlink;    // links
    uint32_t st_uid;
    uint32_t st_gid;
    uint32_t st_rdev;     // device number for device files
    uint32_t st_size;     // bytes
    uint32_t st_blksize;
    uint32_t st_blocks;   // 512-byte blocks
    int32_t st_atime;
    int32_t st_mtime;
    int32_t st_ctime;
};

// One record of getdents(); records are packed back to back, d_reclen
// bytes each (rounded up to 4), the name NUL-terminated.
struct api_dirent {
    uint32_t d_ino;
    uint16_t d_reclen;
    uint8_t d_type;       // DT_* below
    char d_name[];
};
#define DT_UNKNOWN 0
#define DT_FIFO    1
#define DT_CHR     2
#define DT_DIR     4
#define DT_REG     8

struct api_timeval {
    int32_t tv_sec;
    int32_t tv_usec;
};

struct api_timespec {
    int32_t tv_sec;
    int32_t tv_nsec;
};

#define CLOCK_REALTIME  0
#define CLOCK_MONOTONIC 1

struct api_utimbuf {
    int32_t actime;
    int32_t modtime;
};

struct api_tms {
    int32_t tms_utime;    // ticks of CPU time in user mode
    int32_t tms_stime;    // ticks in the kernel
    int32_t tms_cutime;   // of waited-for children
    int32_t tms_cstime;
};

#define UTSNAME_LEN 65
struct api_utsname {
    char sysname[UTSNAME_LEN];
    char nodename[UTSNAME_LEN];
    char release[UTSNAME_LEN];
    char version[UTSNAME_LEN];
    char machine[UTSNAME_LEN];
};

// Added for the C library: ticks per second of times() and of the
// CpuTicks line of /proc/PID/status (equal to the kernel's HZ).
#define API_CLK_TCK 100

// Process ids name one process on every node of a cluster (as OpenSSI's
// did): a user process's pid is its home node's id times PID_NODE_SPAN
// plus a number its home picked, so pid 300012 is process 12 of node 3
// wherever it runs, and `kill 300012` means it on any node. Pids below
// PID_NODE_SPAN belong to the node they are on and never leave it: init
// (pid 1), the kernel's threads, and processes started before the node had
// its cluster id (a node that gets its address by DHCP).
#define PID_NODE_SPAN 100000
#define PID_NODE_MAX  20000     // the largest node id that fits in a pid

// waitpid()
#define WNOHANG 1
#define WUNTRACED 2   // also report children that stopped (once per stop)
// status: exit code in bits 8-15, or the killing signal in bits 0-6; a
// stopped child: the stopping signal in bits 8-15 and 0x7f in bits 0-7.

// Signals (Linux numbers)
#define SIGHUP   1
#define SIGINT   2
#define SIGQUIT  3
#define SIGILL   4
#define SIGTRAP  5
#define SIGABRT  6
#define SIGBUS   7
#define SIGFPE   8
#define SIGKILL  9
#define SIGUSR1 10
#define SIGSEGV 11
#define SIGUSR2 12
#define SIGPIPE 13
#define SIGALRM 14
#define SIGTERM 15
#define SIGCHLD 17
#define SIGCONT 18
#define SIGSTOP 19
#define SIGTSTP 20
#define SIGTTIN 21
#define SIGTTOU 22
#define NSIG    32

#define SIG_DFL_VALUE 0
#define SIG_IGN_VALUE 1

#define SIG_BLOCK   0
#define SIG_UNBLOCK 1
#define SIG_SETMASK 2

#define SA_RESTART 0x10000000

// Added for the C library: a signal set (sa_mask, sigprocmask) is a
// uint32_t in which signal s (1..NSIG-1) is bit s; bit 0 is unused. This
// is what kernel/signal.c's sigbit() does.
#define SIGSET_BIT(s) (1u << (s))

struct api_sigaction {
    uint32_t sa_handler;   // address of the handler, or SIG_DFL_VALUE / SIG_IGN_VALUE
    uint32_t sa_mask;      // signals blocked while the handler runs
    uint32_t sa_flags;
    uint32_t sa_restorer;  // user code that calls SYS_sigreturn (set by the C library)
};

// ioctl() requests understood by the console
#define TCGETS     0x5401
#define TCSETS     0x5402
#define TIOCGPGRP  0x540F
#define TIOCSPGRP  0x5410
#define TIOCGWINSZ 0x5413

// The console's modes (a small termios).
#define ICANON 0x0002
#define ECHO   0x0008
#define ISIG   0x0001
struct api_termios {
    uint32_t c_lflag;      // ICANON, ECHO, ISIG
};

struct api_winsize {
    uint16_t ws_row, ws_col, ws_xpixel, ws_ypixel;
};

// Sockets: IPv4 UDP only.
#define AF_INET     2
#define SOCK_DGRAM  2
#define IPPROTO_UDP 17
#define SOL_SOCKET  1
#define SO_RCVTIMEO 20
#define SO_BROADCAST 6
#define INADDR_ANY  0

struct api_sockaddr_in {
    uint16_t sin_family;   // AF_INET
    uint16_t sin_port;     // network byte order
    uint32_t sin_addr;     // network byte order
    uint8_t sin_zero[8];
};

#endif
