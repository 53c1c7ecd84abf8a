// The cluster key: 128 bits every node of one cluster shares, written as
// 32 hexadecimal digits (in a key file given as a multiboot module, or as
// key= on the command line). Pure: tested in tests/unit/test_key.c.
#ifndef SSI_KEY_H
#define SSI_KEY_H

#include "kernel/types.h"

#define CLUSTER_KEY_SIZE 16

// Parse text (len bytes): 32 hex digits, optionally surrounded by white
// space (a trailing newline, as an editor writes). 0 on success, -1 for
// anything else (wrong length, a non-hex character, an all-zero key).
int clusterkey_parse(const char *text, size_t len, uint8_t key[CLUSTER_KEY_SIZE]);

#endif
