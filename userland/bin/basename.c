// basename STRING [SUFFIX]: STRING without its directory part (and without
// SUFFIX at the end), as POSIX describes it.
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--help") == 0) {
        printf("usage: basename STRING [SUFFIX]\n"
               "  print STRING without its leading directories and trailing SUFFIX\n");
        return 0;
    }
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: basename STRING [SUFFIX]\n");
        return 1;
    }
    char *s = argv[1];
    size_t n = strlen(s);
    if (n == 0) {
        puts("");
        return 0;
    }
    while (n > 1 && s[n - 1] == '/')   // trailing slashes go
        n--;
    if (n == 1 && s[0] == '/') {
        puts("/");
        return 0;
    }
    size_t start = n;
    while (start > 0 && s[start - 1] != '/')
        start--;
    size_t len = n - start;
    if (argc == 3) {
        size_t sl = strlen(argv[2]);
        if (sl < len && strncmp(s + start + len - sl, argv[2], sl) == 0)
            len -= sl;
    }
    printf("%.*s\n", (int)len, s + start);
    return 0;
}
