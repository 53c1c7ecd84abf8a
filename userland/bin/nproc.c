// nproc: how many processors this system has, as a user of the cluster
// sees them: one CPU per node that is up (the nodes of /proc/cluster/nodes
// whose state is "up", this one included). Programs started here may run
// on any of them (the balancer moves them), so this is how many jobs to
// start in parallel. 1 when the cluster layer is off. --local: this node
// alone (1: the kernel runs one CPU per node).
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--help") == 0) {
        printf("usage: nproc [--local]\n"
               "  the CPUs of the cluster: one per node that is up (--local: this node's)\n");
        return 0;
    }
    if (argc == 2 && strcmp(argv[1], "--local") == 0) {
        puts("1");
        return 0;
    }
    if (argc != 1) {
        fprintf(stderr, "usage: nproc [--local]\n");
        return 1;
    }
    FILE *f = fopen("/proc/cluster/nodes", "r");
    long up = 0;
    if (f) {
        char line[256];
        while (fgets(line, sizeof(line), f)) {
            long id;
            char addr[64], state[32];
            if (sscanf(line, "%ld %63s %31s", &id, addr, state) == 3 &&
                strcmp(state, "up") == 0)
                up++;
        }
        fclose(f);
    }
    printf("%ld\n", up > 0 ? up : 1);
    return 0;
}
