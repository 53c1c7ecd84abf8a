// File status, permission bits, mkdir and chmod.
#ifndef _SYS_STAT_H
#define _SYS_STAT_H
#include <sys/types.h>
#include "kernel/api/types.h"

// Same layout as the kernel's struct api_stat (checked in libc/src/stat.c).
struct stat {
    dev_t st_dev;          // file system the file is on
    ino_t st_ino;          // inode number
    mode_t st_mode;        // type and permission bits
    nlink_t st_nlink;      // links
    uid_t st_uid;          // owner
    gid_t st_gid;          // group
    dev_t st_rdev;         // device number for device files
    off_t st_size;         // bytes
    blksize_t st_blksize;  // preferred I/O size
    blkcnt_t st_blocks;    // 512-byte blocks
    time_t st_atime;       // last access
    time_t st_mtime;       // last modification
    time_t st_ctime;       // last status change
};

#define S_ISREG(m)  (((m) & S_IFMT) == S_IFREG)
#define S_ISDIR(m)  (((m) & S_IFMT) == S_IFDIR)
#define S_ISCHR(m)  (((m) & S_IFMT) == S_IFCHR)
#define S_ISBLK(m)  (((m) & S_IFMT) == S_IFBLK)
#define S_ISFIFO(m) (((m) & S_IFMT) == S_IFIFO)
#define S_ISSOCK(m) (((m) & S_IFMT) == S_IFSOCK)
#define S_ISLNK(m)  0

#define S_ISUID 04000
#define S_ISGID 02000
#define S_ISVTX 01000
#define S_IRWXU 0700
#define S_IRUSR 0400
#define S_IWUSR 0200
#define S_IXUSR 0100
#define S_IRWXG 0070
#define S_IRGRP 0040
#define S_IWGRP 0020
#define S_IXGRP 0010
#define S_IRWXO 0007
#define S_IROTH 0004
#define S_IWOTH 0002
#define S_IXOTH 0001

int stat(const char *path, struct stat *st);
int lstat(const char *path, struct stat *st);
int fstat(int fd, struct stat *st);
int mkdir(const char *path, mode_t mode);
int chmod(const char *path, mode_t mode);
int fchmod(int fd, mode_t mode);
mode_t umask(mode_t mask);

#endif
