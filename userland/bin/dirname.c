// dirname STRING: the directory part of STRING, as POSIX describes it
// ("." when there is none).
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--help") == 0) {
        printf("usage: dirname STRING\n  print STRING without its last component\n");
        return 0;
    }
    if (argc != 2) {
        fprintf(stderr, "usage: dirname STRING\n");
        return 1;
    }
    const char *s = argv[1];
    size_t n = strlen(s);
    while (n > 1 && s[n - 1] == '/')          // trailing slashes
        n--;
    while (n > 0 && s[n - 1] != '/')          // the last component
        n--;
    if (n == 0) {
        puts(s[0] == '/' ? "/" : ".");
        return 0;
    }
    while (n > 1 && s[n - 1] == '/')          // the slashes before it
        n--;
    printf("%.*s\n", (int)n, s);
    return 0;
}
