// Constants of the file system layer, in one place.
#ifndef FS_FSPARAM_H
#define FS_FSPARAM_H

#define FS_NAME_MAX      255            // longest name of one path component
#define FS_PATH_MAX      1024           // longest path, with its NUL
#define FS_MAX_MOUNTS    8              // entries of the mount table
#define FS_MAX_FILE_SIZE (1u << 30)     // largest regular file (1 GiB)

#define PIPE_SIZE        4096           // bytes a pipe buffers; writes up to it are atomic

#define TTY_LINE_MAX     256            // longest line being edited
#define TTY_BUF_SIZE     1024           // input bytes waiting for readers
#define TTY_ROWS         25             // the window size TIOCGWINSZ reports
#define TTY_COLS         80

#define PROCFS_BUF_START 4096           // first size of a procfs snapshot buffer
#define PROCFS_BUF_MAX   (256 * 1024)   // largest procfs file (longer is cut)
#define PROCFS_MAX_PIDS  1024           // processes listed in /proc
#define PROCFS_MAX_PID_FILES 16         // file names in each /proc/PID

// Device numbers (st_rdev) of the devfs nodes: major << 8 | minor.
#define DEV_NULL         0x0103
#define DEV_ZERO         0x0105
#define DEV_CONSOLE      0x0501

#endif
