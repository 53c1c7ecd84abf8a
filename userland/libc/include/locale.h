// Locales. The system has one, "C" (also called "POSIX"): ASCII, a point
// for decimals, no grouping. setlocale accepts it by either name (or "",
// the environment's choice, which is it) and refuses every other.
#ifndef _LOCALE_H
#define _LOCALE_H

#define LC_CTYPE    0
#define LC_NUMERIC  1
#define LC_TIME     2
#define LC_COLLATE  3
#define LC_MONETARY 4
#define LC_MESSAGES 5
#define LC_ALL      6

// How numbers and money are written (C's struct; every field of the C locale).
struct lconv {
    char *decimal_point;       // "."
    char *thousands_sep;       // ""
    char *grouping;            // ""
    char *int_curr_symbol;     // ""
    char *currency_symbol;     // ""
    char *mon_decimal_point;   // ""
    char *mon_thousands_sep;   // ""
    char *mon_grouping;        // ""
    char *positive_sign;       // ""
    char *negative_sign;       // ""
    char int_frac_digits;      // CHAR_MAX: not given
    char frac_digits;
    char p_cs_precedes;
    char p_sep_by_space;
    char n_cs_precedes;
    char n_sep_by_space;
    char p_sign_posn;
    char n_sign_posn;
};

// Set category's locale to name ("C", "POSIX" or ""), or with name NULL
// say which it is: "C", or NULL when name is another locale.
char *setlocale(int category, const char *name);

// The current locale's conventions for numbers.
struct lconv *localeconv(void);

#endif
