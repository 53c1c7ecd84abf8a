// getopt() (also declared by <unistd.h>).
#ifndef _GETOPT_H
#define _GETOPT_H
#include <unistd.h>
#endif
