// usertests cases about files and pipes on the ramfs.
#include "ut.h"

// A 100 KiB file: written in chunks, read back, seeks, size.
int t_bigfile(void)
{
    static char buf[BIGFILE_SIZE];
    for (size_t i = 0; i < BIGFILE_SIZE; i++)
        buf[i] = pattern(i);
    int fd = open("big", O_RDWR | O_CREAT | O_TRUNC, 0644);
    if (fd < 0)
        return fail("open: %s", strerror(errno));
    for (size_t off = 0; off < BIGFILE_SIZE; off += 1000) {
        size_t n = BIGFILE_SIZE - off < 1000 ? BIGFILE_SIZE - off : 1000;
        if (write(fd, buf + off, n) != (ssize_t)n)
            return fail("write at %u: %s", (unsigned)off, strerror(errno));
    }
    struct stat st;
    if (fstat(fd, &st) < 0 || st.st_size != BIGFILE_SIZE || !S_ISREG(st.st_mode))
        return fail("fstat size %ld", (long)st.st_size);
    if (lseek(fd, 0, SEEK_SET) != 0)
        return fail("lseek to 0");
    static char back[BIGFILE_SIZE];
    size_t got = 0;
    while (got < BIGFILE_SIZE) {
        ssize_t r = read(fd, back + got, 4096 + 17);
        if (r <= 0)
            return fail("read at %u gave %d", (unsigned)got, (int)r);
        got += (size_t)r;
    }
    if (memcmp(buf, back, BIGFILE_SIZE) != 0)
        return fail("contents differ");
    if (read(fd, back, 10) != 0)
        return fail("no end of file");
    if (lseek(fd, 50001, SEEK_SET) != 50001 || read(fd, back, 100) != 100 ||
        memcmp(back, buf + 50001, 100) != 0)
        return fail("read after seek");
    if (lseek(fd, 0, SEEK_END) != BIGFILE_SIZE)
        return fail("SEEK_END");
    close(fd);
    if (unlink("big") < 0)
        return fail("unlink: %s", strerror(errno));
    return 0;
}

// Open files until EMFILE, close them all, then open works again.
int t_openfiles(void)
{
    static int fds[OPEN_TRY_MAX];
    int n = 0;
    for (; n < OPEN_TRY_MAX; n++) {
        fds[n] = open("/bin/echo", O_RDONLY);
        if (fds[n] < 0)
            break;
    }
    if (n == OPEN_TRY_MAX)
        return fail("%d files open and no limit", n);
    if (errno != EMFILE)
        return fail("open failed with %s, want EMFILE", strerror(errno));
    for (int i = 0; i < n; i++)
        if (close(fds[i]) < 0)
            return fail("close: %s", strerror(errno));
    int fd = open("/bin/echo", O_RDONLY);
    if (fd < 0)
        return fail("open after closing: %s", strerror(errno));
    close(fd);
    return 0;
}

// dup and dup2 share the offset; closed descriptors give EBADF.
int t_dup(void)
{
    int fd = open("dupfile", O_RDWR | O_CREAT | O_TRUNC, 0644);
    if (fd < 0)
        return fail("open: %s", strerror(errno));
    int d = dup(fd);
    if (d < 0 || d == fd)
        return fail("dup gave %d", d);
    if (write(fd, "abc", 3) != 3 || write(d, "def", 3) != 3)
        return fail("write");
    if (lseek(d, 0, SEEK_CUR) != 6)
        return fail("offset not shared");
    if (dup2(fd, 20) != 20)
        return fail("dup2 to 20: %s", strerror(errno));
    if (dup2(fd, fd) != fd)
        return fail("dup2 onto itself");
    close(fd);
    close(d);
    char buf[8] = "";
    if (lseek(20, 0, SEEK_SET) != 0 || read(20, buf, 6) != 6 || memcmp(buf, "abcdef", 6) != 0)
        return fail("read through the dup2 copy gave \"%s\"", buf);
    close(20);
    if (write(fd, "x", 1) != -1 || errno != EBADF)
        return fail("write to a closed descriptor");
    if (dup2(fd, 21) != -1 || errno != EBADF)
        return fail("dup2 of a closed descriptor");
    if (dup(-1) != -1 || errno != EBADF)
        return fail("dup(-1)");
    unlink("dupfile");
    return 0;
}

// lseek: whence values, negative offsets, holes, pipes.
int t_lseek(void)
{
    int fd = open("seekfile", O_RDWR | O_CREAT | O_TRUNC, 0644);
    if (fd < 0)
        return fail("open: %s", strerror(errno));
    if (write(fd, "0123456789", 10) != 10)
        return fail("write");
    if (lseek(fd, 3, SEEK_SET) != 3 || lseek(fd, 2, SEEK_CUR) != 5 ||
        lseek(fd, -1, SEEK_END) != 9)
        return fail("whence");
    if (lseek(fd, -20, SEEK_CUR) != -1 || errno != EINVAL)
        return fail("negative offset accepted");
    if (lseek(fd, 0, 99) != -1 || errno != EINVAL)
        return fail("bad whence accepted");
    if (lseek(fd, 5000, SEEK_SET) != 5000 || write(fd, "Z", 1) != 1)
        return fail("write past the end");
    char buf[16];
    if (lseek(fd, 4990, SEEK_SET) != 4990 || read(fd, buf, 11) != 11)
        return fail("read back the hole");
    for (int i = 0; i < 10; i++)
        if (buf[i] != 0)
            return fail("hole not zero");
    if (buf[10] != 'Z')
        return fail("byte after the hole");
    close(fd);
    unlink("seekfile");
    int p[2];
    if (pipe(p) < 0)
        return fail("pipe");
    if (lseek(p[0], 0, SEEK_SET) != -1 || errno != ESPIPE)
        return fail("lseek on a pipe did not give ESPIPE");
    close(p[0]);
    close(p[1]);
    return 0;
}

// mkdir, getdents, rmdir, unlink on the ramfs, with their errors.
int t_ramfs(void)
{
    if (mkdir("d", 0755) < 0)
        return fail("mkdir: %s", strerror(errno));
    if (mkdir("d", 0755) != -1 || errno != EEXIST)
        return fail("second mkdir did not give EEXIST");
    const char *names[] = { "d/alpha", "d/beta", "d/gamma" };
    for (int i = 0; i < 3; i++)
        if (make_file(names[i], "x", 1) < 0)
            return -1;
    if (mkdir("d/sub", 0755) < 0)
        return fail("mkdir d/sub: %s", strerror(errno));
    DIR *dir = opendir("d");
    if (dir == NULL)
        return fail("opendir: %s", strerror(errno));
    int seen = 0, others = 0;
    struct dirent *e;
    while ((e = readdir(dir)) != NULL) {
        if (strcmp(e->d_name, "alpha") == 0) seen |= 1;
        else if (strcmp(e->d_name, "beta") == 0) seen |= 2;
        else if (strcmp(e->d_name, "gamma") == 0) seen |= 4;
        else if (strcmp(e->d_name, "sub") == 0) seen |= 8;
        else if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) others++;
    }
    closedir(dir);
    if (seen != 15 || others)
        return fail("getdents saw mask %#x and %d strangers", seen, others);
    if (rmdir("d") != -1 || errno != ENOTEMPTY)
        return fail("rmdir of a full directory did not give ENOTEMPTY");
    if (rmdir("d/alpha") != -1 || errno != ENOTDIR)
        return fail("rmdir of a file did not give ENOTDIR");
    if (unlink("d/sub") != -1 || (errno != EISDIR && errno != EPERM))
        return fail("unlink of a directory did not give EISDIR");
    if (open("d/none/x", O_WRONLY | O_CREAT, 0644) != -1 || errno != ENOENT)
        return fail("create under a missing directory did not give ENOENT");
    for (int i = 0; i < 3; i++)
        if (unlink(names[i]) < 0)
            return fail("unlink %s: %s", names[i], strerror(errno));
    if (rmdir("d/sub") < 0 || rmdir("d") < 0)
        return fail("rmdir: %s", strerror(errno));
    struct stat st;
    if (stat("d", &st) != -1 || errno != ENOENT)
        return fail("d still there");
    if (unlink("d") != -1 || errno != ENOENT)
        return fail("unlink of a missing file did not give ENOENT");
    return 0;
}

// 1 MiB from a child to the parent through a pipe, in odd-sized pieces,
// checksummed on both sides.
int t_pipe1m(void)
{
    int p[2];
    if (pipe(p) < 0)
        return fail("pipe: %s", strerror(errno));
    pid_t pid = fork();
    if (pid == 0) {
        close(p[0]);
        static char buf[7000];
        size_t sent = 0;
        unsigned piece = 1;
        while (sent < PIPE_TOTAL) {
            size_t n = piece % sizeof(buf) + 1;
            if (n > PIPE_TOTAL - sent)
                n = PIPE_TOTAL - sent;
            for (size_t i = 0; i < n; i++)
                buf[i] = pattern(sent + i);
            ssize_t w = write(p[1], buf, n);
            if (w <= 0)
                _exit(1);
            sent += (size_t)w;
            piece = piece * 1103515245u + 12345u;
        }
        _exit(0);
    }
    close(p[1]);
    static char buf[5000];
    size_t got = 0;
    unsigned long sum = 0, want = 0;
    for (;;) {
        ssize_t r = read(p[0], buf, sizeof(buf));
        if (r < 0)
            return fail("read: %s", strerror(errno));
        if (r == 0)
            break;
        for (ssize_t i = 0; i < r; i++) {
            if (buf[i] != pattern(got + (size_t)i))
                return fail("byte %u wrong", (unsigned)(got + (size_t)i));
            sum = sum * 31 + (unsigned char)buf[i];
        }
        got += (size_t)r;
    }
    close(p[0]);
    for (size_t i = 0; i < PIPE_TOTAL; i++)
        want = want * 31 + (unsigned char)pattern(i);
    if (wait_for(pid) != 0)
        return fail("writer failed");
    if (got != PIPE_TOTAL || sum != want)
        return fail("got %u bytes, checksum %lx want %lx", (unsigned)got, sum, want);
    return 0;
}

// Read gives 0 once every writer has closed; writing with no reader gives EPIPE.
int t_pipeeof(void)
{
    int p[2];
    if (pipe(p) < 0)
        return fail("pipe: %s", strerror(errno));
    pid_t pid = fork();
    if (pid == 0) {
        close(p[0]);
        write(p[1], "0123456789", 10);
        _exit(0);
    }
    close(p[1]);
    char buf[32];
    size_t got = 0;
    ssize_t r;
    while ((r = read(p[0], buf + got, sizeof(buf) - got)) > 0)
        got += (size_t)r;
    if (r != 0 || got != 10 || memcmp(buf, "0123456789", 10) != 0)
        return fail("read %u bytes, last result %d", (unsigned)got, (int)r);
    wait_for(pid);
    close(p[0]);
    if (pipe(p) < 0)
        return fail("pipe: %s", strerror(errno));
    signal(SIGPIPE, SIG_IGN);
    close(p[0]);
    if (write(p[1], "x", 1) != -1 || errno != EPIPE)
        return fail("write with no reader did not give EPIPE");
    close(p[1]);
    return 0;
}
