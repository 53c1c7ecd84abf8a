// Temporary files: tmpnam and tmpfile, in /tmp (made when first needed:
// the root file system is built fresh at every boot).
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/stat.h>

// A name in /tmp that no file has now: "/tmp/tmp.PID.N". Into s (L_tmpnam
// bytes), or a static buffer when s is NULL; NULL when none is found.
char *tmpnam(char *s)
{
    static char own[L_tmpnam];
    static unsigned next;
    if (!s)
        s = own;
    if (mkdir(P_tmpdir, 01777) < 0 && errno != EEXIST)
        return NULL;
    for (int tries = 0; tries < TMP_MAX; tries++) {
        snprintf(s, L_tmpnam, "%s/tmp.%d.%u", P_tmpdir, (int)getpid(), next++);
        struct stat st;
        if (stat(s, &st) < 0 && errno == ENOENT)
            return s;
    }
    return NULL;
}

// A new file opened "w+", removed already: it goes when it is closed.
FILE *tmpfile(void)
{
    char name[L_tmpnam];
    for (int tries = 0; tries < TMP_MAX; tries++) {
        if (!tmpnam(name))
            return NULL;
        int fd = open(name, O_RDWR | O_CREAT | O_EXCL, 0600);
        if (fd < 0 && errno == EEXIST)
            continue;   // made by another process since tmpnam looked
        if (fd < 0)
            return NULL;
        unlink(name);
        FILE *f = fdopen(fd, "w+");
        if (!f)
            close(fd);
        return f;
    }
    return NULL;
}
