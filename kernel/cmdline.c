// Kernel command line parsing (see cmdline.h). Pure: tested in tests/unit.
#include "kernel/cmdline.h"
#include <string.h>

static bool is_space(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

// Add or replace key in the table.
static void set(struct cmdline *c, const char *key, const char *value)
{
    for (int i = 0; i < c->count; i++) {
        if (strcmp(c->settings[i].key, key) == 0) {
            c->settings[i].value = value;
            return;
        }
    }
    if (c->count == MAX_SETTINGS) {
        c->dropped++;
        return;
    }
    c->settings[c->count].key = key;
    c->settings[c->count].value = value;
    c->count++;
}

const char *cmdline_skip_image(const char *line)
{
    if (!line)
        return "";
    const char *end = line;
    bool path = line[0] == '(' || line[0] == '/';
    while (*end && !is_space(*end)) {
        if (*end == '/')
            path = true;
        if (*end == '=')
            return line;   // a setting, not a file name
        end++;
    }
    size_t n = (size_t)(end - line);
    if (!path && !(n > 4 && strncmp(end - 4, ".elf", 4) == 0))
        return line;
    while (is_space(*end))
        end++;
    return end;
}

void cmdline_parse(struct cmdline *c, const char *line)
{
    memset(c, 0, sizeof(*c));
    if (!line)
        line = "";
    size_t n = strnlen(line, CMDLINE_MAX);
    if (n == CMDLINE_MAX) {
        c->truncated = true;
        n = CMDLINE_MAX - 1;
    }
    memcpy(c->text, line, n);
    memcpy(c->original, line, n);

    char *p = c->text;
    char *end = c->text + n;
    while (p < end) {
        while (p < end && is_space(*p))
            *p++ = '\0';
        if (p == end)
            break;
        char *word = p;
        while (p < end && !is_space(*p))
            p++;
        *p = '\0';   // p < CMDLINE_MAX: text has room for the NUL
        if (p < end)
            p++;
        char *eq = strchr(word, '=');
        if (eq == word) {          // "=value": no key
            c->dropped++;
            continue;
        }
        if (eq) {
            *eq = '\0';
            if (strcmp(word, CMDLINE_SECRET) == 0)   // never shown: the banner goes to logs
                memset(c->original + (eq + 1 - c->text), '*', strlen(eq + 1));
            set(c, word, eq + 1);
        } else {
            set(c, word, "");
        }
    }
}

const char *cmdline_get(const struct cmdline *c, const char *key)
{
    for (int i = 0; i < c->count; i++)
        if (strcmp(c->settings[i].key, key) == 0)
            return c->settings[i].value;
    return NULL;
}

long cmdline_get_int(const struct cmdline *c, const char *key, long def)
{
    const char *v = cmdline_get(c, key);
    if (!v || !*v)
        return def;
    int base = 10;
    bool neg = false;
    if (*v == '-') {
        neg = true;
        v++;
    }
    if (v[0] == '0' && (v[1] == 'x' || v[1] == 'X')) {
        base = 16;
        v += 2;
        if (!*v)
            return def;
    }
    long r = 0;
    for (; *v; v++) {
        int d;
        if (*v >= '0' && *v <= '9')
            d = *v - '0';
        else if (base == 16 && *v >= 'a' && *v <= 'f')
            d = *v - 'a' + 10;
        else if (base == 16 && *v >= 'A' && *v <= 'F')
            d = *v - 'A' + 10;
        else
            return def;
        if (r > (0x7fffffffL - d) / base)   // would overflow a 32-bit long
            return def;
        r = r * base + d;
    }
    return neg ? -r : r;
}

bool cmdline_flag(const struct cmdline *c, const char *key)
{
    const char *v = cmdline_get(c, key);
    if (!v)
        return false;
    return strcmp(v, "0") != 0 && strcmp(v, "no") != 0 && strcmp(v, "off") != 0;
}
