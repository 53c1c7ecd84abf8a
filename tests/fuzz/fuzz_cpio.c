// libFuzzer target for the newc cpio reader (kernel/cpio.c): any bytes as
// an archive. Each entry's name and data are read in full, so that ASan
// catches a pointer outside the input, and the reader's promises are
// checked: names are normalised, data lies inside the input, errors name
// an offset inside it, and the result repeats once the walk has stopped.
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/cpio.h"

static volatile unsigned sink;   // keeps the reads of the data

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct cpio_reader r;
    struct cpio_entry e;
    int rc;
    unsigned sum = 0;
    size_t last = 0;

    cpio_init(&r, data, size);
    while ((rc = cpio_next(&r, &e)) == CPIO_OK) {
        size_t n = strlen(e.name);
        if (n == 0 || n >= CPIO_NAME_MAX || e.name[0] == '/' || e.name[n - 1] == '/')
            abort();
        if (e.offset < last || e.offset % 4 != 0 || e.offset >= size)
            abort();
        if (e.data < data || e.size > size || e.data > data + size - e.size)
            abort();
        for (uint32_t i = 0; i < e.size; i++)
            sum += e.data[i];
        last = e.offset + 1;
    }
    if (rc != CPIO_END && (rc >= 0 || r.err_offset > size))
        abort();
    if (cpio_next(&r, &e) != rc)
        abort();

    // A look-up walks the same way.
    int frc = cpio_find(data, size, "bin/sh", &e, NULL);
    if (frc == CPIO_OK && strcmp(e.name, "bin/sh") != 0)
        abort();
    if (frc != CPIO_OK && frc != CPIO_ENOENT && frc != rc)
        abort();
    sink = sum;
    return 0;
}
