// Unit tests of the process image (ssi/image.c): a header and its pages
// survive encoding exactly, and every kind of bad header or batch is
// refused with its own error, whatever byte is wrong.
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ssi/image.h"
#include "kernel/api/syscall_nr.h"

#define P(n)   ((vaddr_t)(n) * PAGE_SIZE)   // the address of page n
#define RW     (REGION_PROT_R | REGION_PROT_W | REGION_PROT_U)
#define RX     (REGION_PROT_R | REGION_PROT_X | REGION_PROT_U)

// A process as exec and a little work leave it: text, data, a heap of
// three pages with the break inside the last, a stack; fxsave state.
static void sample(struct proc_image *img)
{
    memset(img, 0, sizeof(*img));
    img->pid = 300012;
    img->home = 3;
    strcpy(img->name, "memfill");
    img->regs = (struct image_regs){ 1, 2, 3, 4, 5, 6, 0xBFFFEF00, 0xBFFFEEF0, 0x08048123,
                                     IMAGE_EFLAGS_IF | IMAGE_EFLAGS_ONE | 0x41 };
    img->fpu_format = IMAGE_FPU_FXSAVE;
    for (int i = 0; i < IMAGE_FPU_MAX; i++)
        img->fpu[i] = (uint8_t)(i * 13 + 7);
    img->sig_pending = SIGSET_BIT(SIGUSR1);
    img->sig_mask = SIGSET_BIT(SIGTERM);
    img->sigact[SIGTERM] = (struct api_sigaction){ 0x08048500, SIGSET_BIT(SIGINT), 0, 0x08048600 };
    img->utime_us = 1234567;
    img->stime_us = 89;
    img->ctime_us = 5;
    img->age_us = 9000000000ull;
    img->mono_us = 77777777777ull;
    img->real_us = 1796000000000000ull;
    img->restart_nr = SYS_nanosleep;
    img->restart_left_us = 2500000;
    region_map_init(&img->map);
    assert_int_equal(region_add(&img->map, P(0x8048), P(0x804a), RX, REGION_TEXT, 0), REGION_OK);
    assert_int_equal(region_add(&img->map, P(0x804a), P(0x804c), RW, REGION_DATA, 0), REGION_OK);
    assert_int_equal(region_add(&img->map, P(0x804c), P(0x804f), RW, REGION_HEAP, 0), REGION_OK);
    assert_int_equal(region_add(&img->map, P(0xBFFEF), P(0xBFFFF), RW, REGION_STACK,
                                REGION_GROWSDOWN), REGION_OK);
    img->heap_start = P(0x804c);
    img->brk = P(0x804e) + 100;
    img->npages = 10;
    img->nmigs = 4;
    img->balance_score = 2750;
}

// img encoded into a fresh buffer; its length in *n.
static uint8_t *encode(const struct proc_image *img, size_t *n)
{
    size_t cap = image_header_size(img);
    uint8_t *buf = malloc(cap);
    assert_int_equal(image_encode_header(img, buf, cap, n), IMAGE_OK);
    assert_int_equal(*n, cap);
    return buf;
}

// The result of decoding img after change() altered it.
static int decode_changed(void (*change)(struct proc_image *))
{
    struct proc_image img, out;
    sample(&img);
    change(&img);
    size_t n;
    uint8_t *buf = encode(&img, &n);
    int r = image_decode_header(buf, n, &out);
    free(buf);
    return r;
}

static void round_trip(void **state)
{
    struct proc_image img, out;
    sample(&img);
    size_t n;
    uint8_t *buf = encode(&img, &n);
    assert_int_equal(image_decode_header(buf, n, &out), IMAGE_OK);
    assert_memory_equal(&img, &out, sizeof(img));
    free(buf);
}

static void fnsave_round_trip_carries_108_bytes(void **state)
{
    struct proc_image img, out;
    sample(&img);
    img.fpu_format = IMAGE_FPU_FNSAVE;
    memset(img.fpu + IMAGE_FNSAVE_SIZE, 0, IMAGE_FPU_MAX - IMAGE_FNSAVE_SIZE);
    size_t n, nfx;
    uint8_t *buf = encode(&img, &n);
    struct proc_image fx;
    sample(&fx);
    free(encode(&fx, &nfx));
    assert_int_equal(nfx - n, IMAGE_FPU_MAX - IMAGE_FNSAVE_SIZE);
    assert_int_equal(image_decode_header(buf, n, &out), IMAGE_OK);
    assert_memory_equal(&img, &out, sizeof(img));
    free(buf);
}

static void every_truncation_is_refused(void **state)
{
    struct proc_image img, out;
    sample(&img);
    size_t n;
    uint8_t *buf = encode(&img, &n);
    for (size_t k = 0; k < n; k++) {
        uint8_t *cut = malloc(k ? k : 1);
        memcpy(cut, buf, k);
        assert_int_equal(image_decode_header(cut, k, &out), IMAGE_ETRUNC);
        free(cut);
    }
    free(buf);
}

static void trailing_bytes_and_small_buffers(void **state)
{
    struct proc_image img, out;
    sample(&img);
    size_t n, used;
    uint8_t *buf = encode(&img, &n);
    uint8_t *more = malloc(n + 1);
    memcpy(more, buf, n);
    more[n] = 0;
    assert_int_equal(image_decode_header(more, n + 1, &out), IMAGE_ETRAIL);
    assert_int_equal(image_encode_header(&img, more, n - 1, &used), IMAGE_ENOSPC);
    free(more);
    free(buf);
}

static void magic_and_version(void **state)
{
    struct proc_image img, out;
    sample(&img);
    size_t n;
    uint8_t *buf = encode(&img, &n);
    buf[0] ^= 1;
    assert_int_equal(image_decode_header(buf, n, &out), IMAGE_EMAGIC);
    buf[0] ^= 1;
    buf[4] = IMAGE_VERSION + 1;
    assert_int_equal(image_decode_header(buf, n, &out), IMAGE_EVERSION);
    free(buf);
}

static void set_iopl(struct proc_image *i) { i->regs.eflags |= 0x3000; }
static void clear_if(struct proc_image *i) { i->regs.eflags &= ~IMAGE_EFLAGS_IF; }
static void set_tf(struct proc_image *i) { i->regs.eflags |= 0x100; }
static void set_vm(struct proc_image *i) { i->regs.eflags |= 0x20000; }
static void clear_one(struct proc_image *i) { i->regs.eflags &= ~IMAGE_EFLAGS_ONE; }
static void set_ac_id(struct proc_image *i) { i->regs.eflags |= 0x240000; }
static void bad_restart(struct proc_image *i) { i->restart_nr = SYS_MAX; }

static void registers_user_mode_cannot_hold(void **state)
{
    assert_int_equal(decode_changed(set_iopl), IMAGE_EREGS);
    assert_int_equal(decode_changed(clear_if), IMAGE_EREGS);
    assert_int_equal(decode_changed(set_tf), IMAGE_EREGS);
    assert_int_equal(decode_changed(set_vm), IMAGE_EREGS);
    assert_int_equal(decode_changed(clear_one), IMAGE_EREGS);
    assert_int_equal(decode_changed(bad_restart), IMAGE_EREGS);
    assert_int_equal(decode_changed(set_ac_id), IMAGE_OK);
}

static void mask_kill(struct proc_image *i) { i->sig_mask |= SIGSET_BIT(SIGKILL); }
static void mask_stop(struct proc_image *i) { i->sig_mask |= SIGSET_BIT(SIGSTOP); }
static void pending_zero(struct proc_image *i) { i->sig_pending |= 1; }
static void handle_kill(struct proc_image *i) { i->sigact[SIGKILL].sa_handler = 0x08048000; }
static void handle_stop(struct proc_image *i) { i->sigact[SIGSTOP].sa_handler = SIG_IGN_VALUE; }
static void action_zero(struct proc_image *i) { i->sigact[0].sa_flags = 1; }
static void stopped_two(struct proc_image *i) { i->stopped = 2; }
static void stopped_one(struct proc_image *i) { i->stopped = 1; }

static void signal_state(void **state)
{
    assert_int_equal(decode_changed(mask_kill), IMAGE_ESIGNAL);
    assert_int_equal(decode_changed(mask_stop), IMAGE_ESIGNAL);
    assert_int_equal(decode_changed(pending_zero), IMAGE_ESIGNAL);
    assert_int_equal(decode_changed(handle_kill), IMAGE_ESIGNAL);
    assert_int_equal(decode_changed(handle_stop), IMAGE_ESIGNAL);
    assert_int_equal(decode_changed(action_zero), IMAGE_ESIGNAL);
    assert_int_equal(decode_changed(stopped_two), IMAGE_ESIGNAL);
    assert_int_equal(decode_changed(stopped_one), IMAGE_OK);
}

static void wrong_home(struct proc_image *i) { i->home = 2; }
static void local_pid(struct proc_image *i) { i->pid = 12; i->home = 0; }
static void pid_zero_number(struct proc_image *i) { i->pid = 300000; }
static void home_too_big(struct proc_image *i) { i->home = PID_NODE_MAX + 1; i->pid = (PID_NODE_MAX + 1) * PID_NODE_SPAN + 1; }
static void negative_pid(struct proc_image *i) { i->pid = -300012; }

static void identity(void **state)
{
    assert_int_equal(decode_changed(wrong_home), IMAGE_EIDENT);
    assert_int_equal(decode_changed(local_pid), IMAGE_EIDENT);
    assert_int_equal(decode_changed(pid_zero_number), IMAGE_EIDENT);
    assert_int_equal(decode_changed(home_too_big), IMAGE_EIDENT);
    assert_int_equal(decode_changed(negative_pid), IMAGE_EIDENT);
}

static void long_name(struct proc_image *i) { memset(i->name, 'x', IMAGE_NAME_LEN); }
static void brk_below(struct proc_image *i) { i->brk = i->heap_start - 1; }
static void brk_past_heap(struct proc_image *i) { i->brk = P(0x804f) + 1; }
static void brk_short_of_heap(struct proc_image *i) { i->brk = P(0x804d); }
static void heap_start_moved(struct proc_image *i) { i->heap_start = P(0x804d); }
static void too_many_pages(struct proc_image *i) { i->npages = region_map_pages(&i->map) + 1; }
static void all_pages(struct proc_image *i) { i->npages = region_map_pages(&i->map); }

static void no_heap(struct proc_image *i)
{
    region_remove(&i->map, P(0x804c), P(0x804f));
    i->brk = i->heap_start;
}

static void no_heap_but_a_break(struct proc_image *i)
{
    no_heap(i);
    i->brk = i->heap_start + PAGE_SIZE;
}

static void name_break_and_pages(void **state)
{
    assert_int_equal(decode_changed(long_name), IMAGE_ENAME);
    assert_int_equal(decode_changed(brk_below), IMAGE_EBRK);
    assert_int_equal(decode_changed(brk_past_heap), IMAGE_EBRK);
    assert_int_equal(decode_changed(brk_short_of_heap), IMAGE_EBRK);
    assert_int_equal(decode_changed(heap_start_moved), IMAGE_EBRK);
    assert_int_equal(decode_changed(no_heap), IMAGE_OK);
    assert_int_equal(decode_changed(no_heap_but_a_break), IMAGE_EBRK);
    assert_int_equal(decode_changed(too_many_pages), IMAGE_EPAGES);
    assert_int_equal(decode_changed(all_pages), IMAGE_OK);
}

static void fpu_formats(void **state)
{
    struct proc_image img, out;
    sample(&img);
    size_t n, used;
    uint8_t *buf = encode(&img, &n);
    img.fpu_format = 3;
    assert_int_equal(image_encode_header(&img, buf, n, &used), IMAGE_EFPU);
    // The format word follows magic, version, pid, home, name and 10 registers.
    size_t at = 16 + IMAGE_NAME_LEN + 40;
    assert_int_equal(buf[at], IMAGE_FPU_FXSAVE);
    buf[at] = 0;
    assert_int_equal(image_decode_header(buf, n, &out), IMAGE_EFPU);
    free(buf);
}

static void overlapping_regions_are_refused(void **state)
{
    struct proc_image img, out;
    sample(&img);
    size_t n;
    uint8_t *buf = encode(&img, &n);
    // The map is last: its second region's start (entry 1, word 0) moved
    // into the first region.
    size_t map_at = n - region_map_wire_size(&img.map);
    size_t second = map_at + REGION_WIRE_HEADER + REGION_WIRE_ENTRY;
    uint32_t start = P(0x8049);
    memcpy(buf + second, &start, 4);
    assert_int_equal(image_decode_header(buf, n, &out), IMAGE_EMAP);
    free(buf);
}

// --- page batches ----------------------------------------------------------------

// A batch of the pages at the given page numbers, each filled with its number.
static uint8_t *batch(const uint32_t *pages, uint32_t n, size_t *len)
{
    *len = image_batch_size(n);
    uint8_t *b = malloc(*len);
    assert_int_equal(image_batch_begin(b, *len, n), IMAGE_OK);
    for (uint32_t i = 0; i < n; i++)
        memset(image_batch_page(b, i, P(pages[i])), (int)(pages[i] & 0xFF), PAGE_SIZE);
    return b;
}

static void batches_in_order(void **state)
{
    struct proc_image img;
    sample(&img);
    const uint32_t first[] = { 0x8048, 0x8049, 0x804c };
    const uint32_t second[] = { 0x804d, 0xBFFFE };
    size_t len;
    uint32_t count = 0;
    uint8_t *b = batch(first, 3, &len);
    assert_int_equal(image_batch_check(&img.map, b, len, &count), IMAGE_OK);
    assert_int_equal(count, 3);
    for (uint32_t i = 0; i < 3; i++) {
        vaddr_t va;
        const uint8_t *bytes = image_batch_entry(b, i, &va);
        assert_int_equal(va, P(first[i]));
        assert_int_equal(bytes[0], first[i] & 0xFF);
        assert_int_equal(bytes[PAGE_SIZE - 1], first[i] & 0xFF);
    }
    free(b);
    b = batch(second, 2, &len);
    assert_int_equal(image_batch_check(&img.map, b, len, &count), IMAGE_OK);
    assert_int_equal(count, 2);
    free(b);
}

static void page_indexes_count_every_page_of_the_map(void **state)
{
    struct proc_image img;
    sample(&img);
    // text 0x8048-0x8049, data 0x804a-0x804b, heap 0x804c-0x804e, stack 0xBFFEF-0xBFFFE
    assert_int_equal(image_page_index(&img.map, P(0x8048)), 0);
    assert_int_equal(image_page_index(&img.map, P(0x8049)), 1);
    assert_int_equal(image_page_index(&img.map, P(0x804a)), 2);
    assert_int_equal(image_page_index(&img.map, P(0x804e)), 6);
    assert_int_equal(image_page_index(&img.map, P(0xBFFEF)), 7);
    assert_int_equal(image_page_index(&img.map, P(0xBFFFE)), 7 + 15);
    assert_int_equal(image_page_index(&img.map, P(0xBFFFE) + 123), 7 + 15);
    assert_int_equal(image_page_index(&img.map, P(0xBFFFF)), -1);
    assert_int_equal(image_page_index(&img.map, P(0x8047)), -1);
    assert_int_equal(image_page_index(&img.map, P(0x804f)), -1);
    assert_int_equal(region_map_pages(&img.map), 7 + 16);
}

static void bad_batches(void **state)
{
    struct proc_image img;
    sample(&img);
    size_t len;
    uint32_t count = 0;
    const uint32_t outside[] = { 0x8048, 0x9000 };
    uint8_t *b = batch(outside, 2, &len);
    assert_int_equal(image_batch_check(&img.map, b, len, &count), IMAGE_EPAGE);
    free(b);
    const uint32_t backwards[] = { 0x8049, 0x8048 };
    b = batch(backwards, 2, &len);
    assert_int_equal(image_batch_check(&img.map, b, len, &count), IMAGE_EPAGE);
    free(b);
    const uint32_t twice[] = { 0x8049, 0x8049 };
    b = batch(twice, 2, &len);
    assert_int_equal(image_batch_check(&img.map, b, len, &count), IMAGE_EPAGE);
    free(b);
    const uint32_t one[] = { 0x8048 };
    b = batch(one, 1, &len);
    image_batch_page(b, 0, P(0x8048) + 8);   // unaligned
    assert_int_equal(image_batch_check(&img.map, b, len, &count), IMAGE_EPAGE);
    image_batch_page(b, 0, P(0x8048));
    assert_int_equal(image_batch_check(&img.map, b, len - 1, &count), IMAGE_ETRUNC);
    assert_int_equal(image_batch_check(&img.map, b, 4, &count), IMAGE_ETRUNC);
    b[0] ^= 1;
    assert_int_equal(image_batch_check(&img.map, b, len, &count), IMAGE_EMAGIC);
    b[0] ^= 1;
    uint8_t *more = malloc(len + 1);
    memcpy(more, b, len);
    assert_int_equal(image_batch_check(&img.map, more, len + 1, &count), IMAGE_ETRAIL);
    // A count that would overflow the length computation.
    more[4] = more[5] = more[6] = more[7] = 0xFF;
    assert_int_equal(image_batch_check(&img.map, more, len + 1, &count), IMAGE_ETRUNC);
    assert_int_equal(image_batch_begin(more, len - 1, 1), IMAGE_ENOSPC);
    free(more);
    free(b);
}

static void errors_have_names(void **state)
{
    for (int r = IMAGE_OK; r >= IMAGE_EIDENT; r--)
        assert_string_not_equal(image_strerror(r), "unknown error");
    assert_string_equal(image_strerror(1), "unknown error");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(round_trip),
        cmocka_unit_test(fnsave_round_trip_carries_108_bytes),
        cmocka_unit_test(every_truncation_is_refused),
        cmocka_unit_test(trailing_bytes_and_small_buffers),
        cmocka_unit_test(magic_and_version),
        cmocka_unit_test(registers_user_mode_cannot_hold),
        cmocka_unit_test(signal_state),
        cmocka_unit_test(identity),
        cmocka_unit_test(name_break_and_pages),
        cmocka_unit_test(fpu_formats),
        cmocka_unit_test(overlapping_regions_are_refused),
        cmocka_unit_test(batches_in_order),
        cmocka_unit_test(page_indexes_count_every_page_of_the_map),
        cmocka_unit_test(bad_batches),
        cmocka_unit_test(errors_have_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
