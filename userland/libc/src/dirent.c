// Directory streams over the getdents system call.
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "syscall.h"

#define DIRBUF_SIZE 2048   // bytes of getdents records read at a time

// An open directory stream.
struct dir {
    int fd;                    // the directory, open for reading
    int pos;                   // offset of the next record in buf
    int len;                   // bytes of records in buf
    struct dirent ent;         // what readdir returned last
    char buf[DIRBUF_SIZE];     // records from getdents (struct api_dirent)
};

// Open the directory path; NULL with errno on failure.
DIR *opendir(const char *path)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    DIR *d = malloc(sizeof(*d));
    if (d == NULL) {
        close(fd);
        errno = ENOMEM;
        return NULL;
    }
    d->fd = fd;
    d->pos = d->len = 0;
    return d;
}

// The next entry of d, or NULL at the end (errno unchanged) or on error
// (errno set). The entry is overwritten by the next call.
struct dirent *readdir(DIR *d)
{
    if (d->pos >= d->len) {
        long n = __syscall_ret(SC3(SYS_getdents, d->fd, d->buf, sizeof(d->buf)));
        if (n <= 0)
            return NULL;
        d->pos = 0;
        d->len = (int)n;
    }
    struct api_dirent *rec = (struct api_dirent *)(d->buf + d->pos);
    int maxname = d->len - d->pos - (int)offsetof(struct api_dirent, d_name);
    if (rec->d_reclen < sizeof(struct api_dirent) || d->pos + rec->d_reclen > d->len ||
        maxname <= 0) {
        d->pos = d->len;
        errno = EIO;
        return NULL;
    }
    d->pos += rec->d_reclen;
    d->ent.d_ino = rec->d_ino;
    d->ent.d_type = rec->d_type;
    size_t nlen = strnlen(rec->d_name, (size_t)maxname);
    if (nlen > NAME_MAX)
        nlen = NAME_MAX;
    memcpy(d->ent.d_name, rec->d_name, nlen);
    d->ent.d_name[nlen] = '\0';
    return &d->ent;
}

// Close d and free it.
int closedir(DIR *d)
{
    int r = close(d->fd);
    free(d);
    return r;
}

// Start reading d from its first entry again.
void rewinddir(DIR *d)
{
    lseek(d->fd, 0, SEEK_SET);
    d->pos = d->len = 0;
}

// The file descriptor under d.
int dirfd(DIR *d)
{
    return d->fd;
}
