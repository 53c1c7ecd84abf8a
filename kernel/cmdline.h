// The kernel command line, parsed into named settings.
//
// "ip=10.77.0.11/24 node=3 quiet" gives three settings: ip, node, and quiet
// (a flag, whose value is ""). Later settings of the same key replace
// earlier ones, as users expect when they append to a GRUB entry.
#ifndef KERNEL_CMDLINE_H
#define KERNEL_CMDLINE_H

#include "kernel/types.h"
#include "kernel/param.h"

// The setting whose value the banner never shows (the cluster key).
#define CMDLINE_SECRET "key"

struct setting {
    const char *key;     // points into cmdline.text
    const char *value;   // points into cmdline.text; "" for a bare flag
};

struct cmdline {
    char text[CMDLINE_MAX];              // copy of the line, split by NULs
    char original[CMDLINE_MAX];          // the line as given, for the banner (secret masked)
    struct setting settings[MAX_SETTINGS];
    int count;                           // settings in use
    int dropped;                         // words ignored: table full or bad
    bool truncated;                      // the line was longer than CMDLINE_MAX
};

// The loader's line without the kernel's own file name, which GRUB, QEMU
// and iPXE put first ("/boot/kernel.elf", "(tftp)/kernel.elf",
// "build/kernel.elf"): a first word that holds no '=' and is a path (has a
// '/' or starts with '(') or ends in ".elf" is skipped.
const char *cmdline_skip_image(const char *line);

// Parse line into c. A NULL line is an empty command line. Never fails:
// words beyond the table or without a key are counted in c->dropped.
void cmdline_parse(struct cmdline *c, const char *line);

// The value of key, or NULL when the line does not set it.
const char *cmdline_get(const struct cmdline *c, const char *key);

// key's value as a number (decimal, or hex with 0x); def when absent or
// not a number.
long cmdline_get_int(const struct cmdline *c, const char *key, long def);

// True when key is present (as a flag or with any value other than "0",
// "no" or "off").
bool cmdline_flag(const struct cmdline *c, const char *key);

#endif
