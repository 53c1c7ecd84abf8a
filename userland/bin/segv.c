// segv: dereference NULL on purpose, to see the kernel kill the process
// with SIGSEGV and the shell carry on.
#include <stdio.h>

int main(void)
{
    volatile int *p = NULL;
    printf("segv: writing to address 0\n");
    fflush(stdout);
    *p = 42;
    printf("segv: still alive (this is a bug)\n");
    return 1;
}
