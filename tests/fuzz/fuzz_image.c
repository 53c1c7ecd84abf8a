// libFuzzer target: process image headers and page batches from untrusted
// bytes (ssi/image.c). Whatever the bytes, decoding must stay in bounds; an
// accepted header must encode back to exactly the same bytes, and an
// accepted batch must hold only pages of the map, in increasing order.
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ssi/image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct proc_image img;
    if (image_decode_header(data, size, &img) == IMAGE_OK) {
        size_t need = image_header_size(&img), used = 0;
        uint8_t *again = malloc(need);
        if (image_encode_header(&img, again, need, &used) != IMAGE_OK || used != size ||
            memcmp(again, data, size) != 0)
            abort();
        free(again);
    }
    // The same bytes as a batch, against a map of a text, a heap and a stack.
    struct region_map map;
    region_map_init(&map);
    region_add(&map, 0x08048000, 0x08050000, REGION_PROT_R | REGION_PROT_X | REGION_PROT_U,
               REGION_TEXT, 0);
    region_add(&map, 0x08050000, 0x08058000, REGION_PROT_R | REGION_PROT_W | REGION_PROT_U,
               REGION_HEAP, 0);
    region_add(&map, 0xBFFF0000, 0xBFFFF000, REGION_PROT_R | REGION_PROT_W | REGION_PROT_U,
               REGION_STACK, REGION_GROWSDOWN);
    uint32_t count;
    if (image_batch_check(&map, data, size, &count) == IMAGE_OK) {
        vaddr_t prev = 0;
        for (uint32_t i = 0; i < count; i++) {
            vaddr_t va;
            const uint8_t *bytes = image_batch_entry(data, i, &va);
            long k = image_page_index(&map, va);
            if (va <= prev || (va & (PAGE_SIZE - 1)) || k < 0 ||
                k >= (long)region_map_pages(&map) || bytes + PAGE_SIZE > data + size)
                abort();
            prev = va;
        }
    }
    return 0;
}
