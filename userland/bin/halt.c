// halt: shut this node down. In a cluster it leaves in order first (what
// mosctl halt does: its guests go home, its processes come home, every
// node is told), then the machine switches off.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
    int fd = open("/proc/cluster/ctl", O_WRONLY);
    if (fd < 0) {
        fprintf(stderr, "halt: /proc/cluster/ctl: %s\n", strerror(errno));
        return 1;
    }
    // The write does not come back: the machine switches off.
    write(fd, "halt\n", 5);
    fprintf(stderr, "halt: %s\n", strerror(errno));
    close(fd);
    return 1;
}
