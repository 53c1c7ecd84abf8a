// Old BSD names for limits, and small helper macros, that programs still
// look for here.
#ifndef _SYS_PARAM_H
#define _SYS_PARAM_H
#include <limits.h>

#define MAXPATHLEN PATH_MAX              // longest path name
#define MAXHOSTNAMELEN 64                // longest host name
#define NBBY 8                           // bits in a byte
#define howmany(x, y) (((x) + ((y) - 1)) / (y))
#define roundup(x, y) (howmany(x, y) * (y))
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))

#endif
