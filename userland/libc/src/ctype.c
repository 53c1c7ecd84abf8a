// Character classes of the C locale (ASCII; other bytes are in no class).
#include <ctype.h>

// isalnum
int isalnum(int c) { return isalpha(c) || isdigit(c); }
// isalpha
int isalpha(int c) { return isupper(c) || islower(c); }
// isblank: space or tab.
int isblank(int c) { return c == ' ' || c == '\t'; }
// iscntrl
int iscntrl(int c) { return (c >= 0 && c < 32) || c == 127; }
// isdigit
int isdigit(int c) { return c >= '0' && c <= '9'; }
// isgraph: printable, not space.
int isgraph(int c) { return c > 32 && c < 127; }
// islower
int islower(int c) { return c >= 'a' && c <= 'z'; }
// isprint: space included.
int isprint(int c) { return c >= 32 && c < 127; }
// ispunct
int ispunct(int c) { return isgraph(c) && !isalnum(c); }
// isspace: space \t \n \v \f \r.
int isspace(int c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
// isupper
int isupper(int c) { return c >= 'A' && c <= 'Z'; }
// isxdigit
int isxdigit(int c) { return isdigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
// isascii
int isascii(int c) { return c >= 0 && c < 128; }
// tolower
int tolower(int c) { return isupper(c) ? c + 32 : c; }
// toupper
int toupper(int c) { return islower(c) ? c - 32 : c; }
