// Sorting, pure (the engine under qsort; built on the host for tests).
#ifndef LIBC_SORT_H
#define LIBC_SORT_H
#include <stddef.h>

// Sort the n elements of size bytes at base into the order cmp gives
// (negative, zero, positive as for qsort). Not stable. O(n log n) in the
// worst case (quicksort that turns to heapsort when it recurses too
// deep), O(log n) stack.
void sort_array(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *));

#endif
