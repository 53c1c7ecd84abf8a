// mv SOURCE DEST, or mv SOURCE... DIRECTORY: rename files.
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "targets.h"

static int move(const char *src, const char *dst)
{
    if (rename(src, dst) < 0) {
        fprintf(stderr, "mv: %s -> %s: %s\n", src, dst, strerror(errno));
        return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    return for_each_target("mv", argc, argv, move);
}
