// forktest: fork until the system refuses (or 1000 children), make sure
// every child can be waited for, and that wait then reports no children.
// Prints "forktest: OK" and exits 0, or says what went wrong and exits 1.
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#define MAX_CHILDREN 1000

int main(void)
{
    int n;
    printf("forktest: forking\n");
    fflush(stdout);
    for (n = 0; n < MAX_CHILDREN; n++) {
        pid_t pid = fork();
        if (pid < 0) {
            if (errno != EAGAIN && errno != ENOMEM) {
                printf("forktest: fork failed with %s\n", strerror(errno));
                return 1;
            }
            break;
        }
        if (pid == 0)
            _exit(0);
    }
    if (n == 0) {
        printf("forktest: no fork succeeded\n");
        return 1;
    }
    for (int i = 0; i < n; i++) {
        int st;
        if (wait(&st) < 0) {
            printf("forktest: wait stopped early after %d of %d\n", i, n);
            return 1;
        }
        if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
            printf("forktest: a child ended with status %#x\n", st);
            return 1;
        }
    }
    if (wait(NULL) != -1 || errno != ECHILD) {
        printf("forktest: wait found an extra child\n");
        return 1;
    }
    printf("forktest: %d children, OK\n", n);
    return 0;
}
