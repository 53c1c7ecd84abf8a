// yes [WORD...]: print "y" (or the words) on a line, forever.
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    char line[512] = "y";
    if (argc > 1) {
        line[0] = '\0';
        for (int i = 1; i < argc; i++) {
            if (i > 1)
                strncat(line, " ", sizeof(line) - strlen(line) - 1);
            strncat(line, argv[i], sizeof(line) - strlen(line) - 1);
        }
    }
    for (;;)
        if (puts(line) == EOF)
            return 1;
}
