// The environment: getenv, setenv, unsetenv, putenv.
#include <errno.h>
#include <stdlib.h>
#include <string.h>

static char **owned;   // the malloc'ed array environ points to once changed (else NULL)

// The value of NAME in the environment, or NULL.
char *getenv(const char *name)
{
    size_t len = strlen(name);
    if (environ == NULL)
        return NULL;
    for (char **e = environ; *e; e++)
        if (strncmp(*e, name, len) == 0 && (*e)[len] == '=')
            return *e + len + 1;
    return NULL;
}

// Index of the entry for the len-byte name in environ, or -1.
static int find(const char *name, size_t len)
{
    if (environ == NULL)
        return -1;
    for (int i = 0; environ[i]; i++)
        if (strncmp(environ[i], name, len) == 0 && environ[i][len] == '=')
            return i;
    return -1;
}

// Put entry ("NAME=value", kept by reference) into the environment,
// replacing the entry of the same name. 0, or -1 with ENOMEM.
static int put(char *entry, size_t namelen)
{
    int i = find(entry, namelen);
    if (i >= 0) {
        environ[i] = entry;
        return 0;
    }
    int n = 0;
    while (environ && environ[n])
        n++;
    char **grown = malloc((size_t)(n + 2) * sizeof(char *));
    if (grown == NULL) {
        errno = ENOMEM;
        return -1;
    }
    for (int k = 0; k < n; k++)
        grown[k] = environ[k];
    grown[n] = entry;
    grown[n + 1] = NULL;
    free(owned);
    environ = owned = grown;
    return 0;
}

// 1 when name is acceptable to setenv/unsetenv (non-empty, no '=').
static int good_name(const char *name)
{
    if (name == NULL || name[0] == '\0' || strchr(name, '=')) {
        errno = EINVAL;
        return 0;
    }
    return 1;
}

// setenv(name, value, overwrite): 0, or -1 with EINVAL/ENOMEM.
int setenv(const char *name, const char *value, int overwrite)
{
    if (!good_name(name))
        return -1;
    size_t nlen = strlen(name);
    if (!overwrite && find(name, nlen) >= 0)
        return 0;
    size_t vlen = strlen(value);
    char *entry = malloc(nlen + vlen + 2);
    if (entry == NULL) {
        errno = ENOMEM;
        return -1;
    }
    memcpy(entry, name, nlen);
    entry[nlen] = '=';
    memcpy(entry + nlen + 1, value, vlen + 1);
    if (put(entry, nlen) < 0) {
        free(entry);
        return -1;
    }
    return 0;
}

// unsetenv(name): remove every entry for name.
int unsetenv(const char *name)
{
    if (!good_name(name))
        return -1;
    size_t len = strlen(name);
    int i;
    while ((i = find(name, len)) >= 0) {
        do {
            environ[i] = environ[i + 1];
        } while (environ[i++]);
    }
    return 0;
}

// putenv("NAME=value"): the string itself becomes part of the environment.
int putenv(char *string)
{
    char *eq = strchr(string, '=');
    if (eq == NULL || eq == string) {
        errno = EINVAL;
        return -1;
    }
    return put(string, (size_t)(eq - string));
}

// clearenv(): an empty environment.
int clearenv(void)
{
    free(owned);
    owned = NULL;
    environ = NULL;
    return 0;
}
