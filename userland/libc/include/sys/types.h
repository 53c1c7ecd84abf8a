// Basic system data types. All are 32 bits, as the kernel's structures.
#ifndef _SYS_TYPES_H
#define _SYS_TYPES_H
#include <stddef.h>
#include <stdint.h>

typedef int ssize_t;              // a byte count or -1
typedef long off_t;               // a file offset
typedef int pid_t;                // a process id
typedef unsigned int mode_t;      // file type and permissions
typedef uint32_t dev_t;           // a device number
typedef uint32_t ino_t;           // an inode number
typedef uint32_t nlink_t;         // a link count
typedef uint32_t uid_t;           // a user id
typedef uint32_t gid_t;           // a group id
typedef uint32_t blksize_t;       // a block size
typedef uint32_t blkcnt_t;        // a count of blocks
typedef long time_t;              // seconds since 1970-01-01 UTC
typedef long suseconds_t;         // microseconds
typedef unsigned int useconds_t;  // microseconds for usleep
typedef long clock_t;             // clock ticks
typedef int id_t;

#endif
