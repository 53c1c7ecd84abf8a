// The C locale, the only one (see locale.h).
#include <limits.h>
#include <locale.h>
#include <string.h>

char *setlocale(int category, const char *name)
{
    if (category < LC_CTYPE || category > LC_ALL)
        return NULL;
    if (name && name[0] && strcmp(name, "C") != 0 && strcmp(name, "POSIX") != 0)
        return NULL;
    return "C";
}

struct lconv *localeconv(void)
{
    static struct lconv c = {
        ".", "", "", "", "", "", "", "", "", "",
        CHAR_MAX, CHAR_MAX, CHAR_MAX, CHAR_MAX, CHAR_MAX, CHAR_MAX, CHAR_MAX, CHAR_MAX,
    };
    return &c;
}
