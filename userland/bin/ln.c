// ln: links are not in this system's file system (ramfs has one name per
// file), so ln says so and fails; cp makes a copy instead.
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--help") == 0) {
        printf("usage: ln [-s] TARGET NAME\n"
               "  not supported: the file system has no hard or symbolic links (use cp)\n");
        return 0;
    }
    fprintf(stderr, "ln: the file system has no links (hard or symbolic); use cp to copy\n");
    return 1;
}
