// Reading directories (over the getdents system call).
#ifndef _DIRENT_H
#define _DIRENT_H
#include <limits.h>
#include <sys/types.h>
#include "kernel/api/types.h"

typedef struct dir DIR;   // an open directory stream (private fields)

struct dirent {
    ino_t d_ino;                 // inode number
    unsigned char d_type;        // DT_* (kernel/api/types.h)
    char d_name[NAME_MAX + 1];   // the name, NUL-terminated
};

DIR *opendir(const char *path);
struct dirent *readdir(DIR *d);
int closedir(DIR *d);
void rewinddir(DIR *d);
int dirfd(DIR *d);

#endif
