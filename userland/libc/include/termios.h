// Terminal modes of the console (a small termios: only c_lflag).
#ifndef _TERMIOS_H
#define _TERMIOS_H
#include "kernel/api/types.h"

typedef unsigned int tcflag_t;

struct termios {
    tcflag_t c_lflag;   // ICANON, ECHO, ISIG
};

#define TCSANOW   0
#define TCSADRAIN 1
#define TCSAFLUSH 2

int tcgetattr(int fd, struct termios *t);
int tcsetattr(int fd, int action, const struct termios *t);

#endif
