// Introsort: quicksort with a median of three, insertion sort for short
// runs, heapsort when the partitions keep coming out lopsided.
#include <stdint.h>
#include "sort.h"

#define SMALL 8   // runs this short are sorted by insertion

// The comparison and element size of one sort.
struct sorter {
    size_t size;
    int (*cmp)(const void *, const void *);
};

// Swap the elements at a and b.
static void swap(const struct sorter *s, char *a, char *b)
{
    if (a == b)
        return;
    for (size_t i = 0; i < s->size; i++) {
        char t = a[i];
        a[i] = b[i];
        b[i] = t;
    }
}

// Address of element i.
static char *at(const struct sorter *s, char *base, size_t i)
{
    return base + i * s->size;
}

// Insertion sort of n elements.
static void insertion(const struct sorter *s, char *base, size_t n)
{
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && s->cmp(at(s, base, j - 1), at(s, base, j)) > 0; j--)
            swap(s, at(s, base, j - 1), at(s, base, j));
}

// Sift element i down the max-heap of n elements.
static void sift(const struct sorter *s, char *base, size_t i, size_t n)
{
    for (;;) {
        size_t big = i, l = 2 * i + 1, r = l + 1;
        if (l < n && s->cmp(at(s, base, l), at(s, base, big)) > 0)
            big = l;
        if (r < n && s->cmp(at(s, base, r), at(s, base, big)) > 0)
            big = r;
        if (big == i)
            return;
        swap(s, at(s, base, i), at(s, base, big));
        i = big;
    }
}

// Heapsort of n elements.
static void heapsort(const struct sorter *s, char *base, size_t n)
{
    for (size_t i = n / 2; i-- > 0;)
        sift(s, base, i, n);
    for (size_t end = n; end-- > 1;) {
        swap(s, at(s, base, 0), at(s, base, end));
        sift(s, base, 0, end);
    }
}

// Partition n elements around the median of the first, middle and last;
// returns the pivot's final index.
static size_t partition(const struct sorter *s, char *base, size_t n)
{
    char *lo = at(s, base, 0), *mid = at(s, base, n / 2), *hi = at(s, base, n - 1);
    if (s->cmp(mid, lo) < 0)
        swap(s, mid, lo);
    if (s->cmp(hi, mid) < 0) {
        swap(s, hi, mid);
        if (s->cmp(mid, lo) < 0)
            swap(s, mid, lo);
    }
    swap(s, mid, at(s, base, n - 1));   // pivot at the end
    char *pivot = at(s, base, n - 1);
    size_t store = 0;
    for (size_t i = 0; i < n - 1; i++) {
        if (s->cmp(at(s, base, i), pivot) < 0) {
            swap(s, at(s, base, i), at(s, base, store));
            store++;
        }
    }
    swap(s, at(s, base, store), pivot);
    return store;
}

// Sort n elements; depth counts the partitions still allowed.
static void introsort(const struct sorter *s, char *base, size_t n, int depth)
{
    while (n > SMALL) {
        if (depth-- == 0) {
            heapsort(s, base, n);
            return;
        }
        size_t p = partition(s, base, n);
        // Recurse into the smaller side, loop on the larger one.
        if (p < n - 1 - p) {
            introsort(s, base, p, depth);
            base = at(s, base, p + 1);
            n = n - 1 - p;
        } else {
            introsort(s, at(s, base, p + 1), n - 1 - p, depth);
            n = p;
        }
    }
    insertion(s, base, n);
}

void sort_array(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
    if (n < 2 || size == 0)
        return;
    struct sorter s = { size, cmp };
    int depth = 0;
    for (size_t k = n; k > 1; k >>= 1)
        depth += 2;
    introsort(&s, base, n, depth);
}
