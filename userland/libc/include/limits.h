// Limits of the integer types (from the compiler's predefined macros) and
// of the system.
#ifndef _LIMITS_H
#define _LIMITS_H

#define CHAR_BIT   8
#define SCHAR_MIN  (-128)
#define SCHAR_MAX  127
#define UCHAR_MAX  255
#define CHAR_MIN   SCHAR_MIN
#define CHAR_MAX   SCHAR_MAX
#define SHRT_MIN   (-32768)
#define SHRT_MAX   32767
#define USHRT_MAX  65535
#define INT_MIN    (-__INT_MAX__ - 1)
#define INT_MAX    __INT_MAX__
#define UINT_MAX   (__INT_MAX__ * 2U + 1U)
#define LONG_MIN   (-__LONG_MAX__ - 1L)
#define LONG_MAX   __LONG_MAX__
#define ULONG_MAX  (__LONG_MAX__ * 2UL + 1UL)
#define LLONG_MIN  (-__LONG_LONG_MAX__ - 1LL)
#define LLONG_MAX  __LONG_LONG_MAX__
#define ULLONG_MAX (__LONG_LONG_MAX__ * 2ULL + 1ULL)
#define SSIZE_MAX  LONG_MAX
#define MB_LEN_MAX 1

#define PATH_MAX   256    // longest path, NUL included
#define NAME_MAX   255    // longest file name
#define ARG_MAX    65536  // bytes of arguments and environment for execve
#define OPEN_MAX   64     // open files of a process (the kernel may allow fewer)
#define PIPE_BUF   512    // writes up to this size to a pipe are atomic

#endif
