// The process image: encoding and checking (see image.h). All numbers are
// little-endian; the layout is listed in docs/protocol.md.
#include "ssi/image.h"
#include "kernel/api/syscall_nr.h"
#include <string.h>

#define SIG_UNBLOCKABLE (SIGSET_BIT(SIGKILL) | SIGSET_BIT(SIGSTOP))

// --- little-endian cursor ----------------------------------------------------

// Bytes being written (or read) in order; ok turns false at the first
// field that does not fit, and stays false.
struct cursor {
    uint8_t *out;          // writing: the buffer (NULL when only counting)
    const uint8_t *in;     // reading: the bytes
    size_t pos;            // bytes done
    size_t cap;            // bytes there are
    bool ok;
};

static void put(struct cursor *c, const void *p, size_t n)
{
    if (c->out && c->ok && c->cap - c->pos >= n)
        memcpy(c->out + c->pos, p, n);
    else if (c->out)
        c->ok = false;
    c->pos += n;
}

static void put32(struct cursor *c, uint32_t v)
{
    uint8_t b[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24) };
    put(c, b, 4);
}

static void put64(struct cursor *c, uint64_t v)
{
    put32(c, (uint32_t)v);
    put32(c, (uint32_t)(v >> 32));
}

static void get(struct cursor *c, void *p, size_t n)
{
    if (!c->ok || c->cap - c->pos < n) {
        c->ok = false;
        memset(p, 0, n);
        return;
    }
    memcpy(p, c->in + c->pos, n);
    c->pos += n;
}

static uint32_t get32(struct cursor *c)
{
    uint8_t b[4];
    get(c, b, 4);
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

static uint64_t get64(struct cursor *c)
{
    uint64_t lo = get32(c);
    return lo | (uint64_t)get32(c) << 32;
}

// Bytes of FPU state a format carries (0: unknown format).
static size_t fpu_bytes(uint32_t format)
{
    if (format == IMAGE_FPU_FXSAVE)
        return IMAGE_FPU_MAX;
    if (format == IMAGE_FPU_FNSAVE)
        return IMAGE_FNSAVE_SIZE;
    return 0;
}

// --- the header ------------------------------------------------------------------

// Write (or count, when c->out is NULL) every field of img but the map;
// the map's bytes go last, where the decoder hands the rest to
// region_map_deserialize.
static void encode_fields(struct cursor *c, const struct proc_image *img)
{
    put32(c, IMAGE_MAGIC);
    put32(c, IMAGE_VERSION);
    put32(c, (uint32_t)img->pid);
    put32(c, img->home);
    put(c, img->name, IMAGE_NAME_LEN);
    const struct image_regs *r = &img->regs;
    uint32_t regs[10] = { r->eax, r->ebx, r->ecx, r->edx, r->esi, r->edi, r->ebp, r->esp,
                          r->eip, r->eflags };
    for (int i = 0; i < 10; i++)
        put32(c, regs[i]);
    put32(c, img->fpu_format);
    put(c, img->fpu, fpu_bytes(img->fpu_format));
    put32(c, img->sig_pending);
    put32(c, img->sig_mask);
    put32(c, img->stopped);
    for (int s = 0; s < NSIG; s++) {
        put32(c, img->sigact[s].sa_handler);
        put32(c, img->sigact[s].sa_mask);
        put32(c, img->sigact[s].sa_flags);
        put32(c, img->sigact[s].sa_restorer);
    }
    put64(c, img->utime_us);
    put64(c, img->stime_us);
    put64(c, img->ctime_us);
    put64(c, img->age_us);
    put64(c, img->mono_us);
    put64(c, img->real_us);
    put32(c, img->restart_nr);
    put64(c, img->restart_left_us);
    put32(c, img->heap_start);
    put32(c, img->brk);
    put32(c, img->npages);
    put32(c, img->nmigs);
    put32(c, img->balance_score);
}

size_t image_header_size(const struct proc_image *img)
{
    struct cursor c = { .ok = true };
    encode_fields(&c, img);
    return c.pos + region_map_wire_size(&img->map);
}

int image_encode_header(const struct proc_image *img, uint8_t *out, size_t cap, size_t *used)
{
    if (cap < image_header_size(img) || fpu_bytes(img->fpu_format) == 0)
        return fpu_bytes(img->fpu_format) == 0 ? IMAGE_EFPU : IMAGE_ENOSPC;
    struct cursor c = { .out = out, .cap = cap, .ok = true };
    encode_fields(&c, img);
    size_t n;
    if (!c.ok || region_map_serialize(&img->map, out + c.pos, cap - c.pos, &n) != REGION_OK)
        return IMAGE_ENOSPC;
    *used = c.pos + n;
    return IMAGE_OK;
}

static vaddr_t page_up(vaddr_t a)
{
    return (a + PAGE_SIZE - 1) & ~(vaddr_t)(PAGE_SIZE - 1);
}

// The checks of a decoded header that need all its fields.
static int check_header(const struct proc_image *img)
{
    if (img->home == 0 || img->home > PID_NODE_MAX || img->pid <= 0 ||
        (uint32_t)img->pid / PID_NODE_SPAN != img->home || img->pid % PID_NODE_SPAN == 0)
        return IMAGE_EIDENT;
    if (strnlen(img->name, IMAGE_NAME_LEN) == IMAGE_NAME_LEN)
        return IMAGE_ENAME;
    uint32_t fl = img->regs.eflags;
    if ((fl & ~(IMAGE_EFLAGS_USER | IMAGE_EFLAGS_IF | IMAGE_EFLAGS_ONE)) != 0 ||
        !(fl & IMAGE_EFLAGS_IF) || !(fl & IMAGE_EFLAGS_ONE))
        return IMAGE_EREGS;
    if ((img->sig_pending & 1) || (img->sig_mask & (1u | SIG_UNBLOCKABLE)) || img->stopped > 1)
        return IMAGE_ESIGNAL;
    const struct api_sigaction *none = &img->sigact[0];
    if (none->sa_handler || none->sa_mask || none->sa_flags || none->sa_restorer ||
        img->sigact[SIGKILL].sa_handler != SIG_DFL_VALUE ||
        img->sigact[SIGSTOP].sa_handler != SIG_DFL_VALUE)
        return IMAGE_ESIGNAL;
    if (img->restart_nr >= SYS_MAX)
        return IMAGE_EREGS;
    if (img->heap_start > img->brk || img->brk >= REGION_USER_LIMIT)
        return IMAGE_EBRK;
    const struct region *heap = region_find_kind(&img->map, REGION_HEAP);
    if (heap ? heap->start != img->heap_start || heap->end != page_up(img->brk)
             : page_up(img->brk) != page_up(img->heap_start))
        return IMAGE_EBRK;
    if (img->npages > region_map_pages(&img->map))
        return IMAGE_EPAGES;
    return IMAGE_OK;
}

int image_decode_header(const uint8_t *in, size_t len, struct proc_image *img)
{
    struct cursor c = { .in = in, .cap = len, .ok = true };
    memset(img, 0, sizeof(*img));
    if (get32(&c) != IMAGE_MAGIC)
        return c.ok ? IMAGE_EMAGIC : IMAGE_ETRUNC;
    if (get32(&c) != IMAGE_VERSION)
        return c.ok ? IMAGE_EVERSION : IMAGE_ETRUNC;
    img->pid = (int32_t)get32(&c);
    img->home = get32(&c);
    get(&c, img->name, IMAGE_NAME_LEN);
    struct image_regs *r = &img->regs;
    uint32_t *regs[10] = { &r->eax, &r->ebx, &r->ecx, &r->edx, &r->esi, &r->edi, &r->ebp,
                           &r->esp, &r->eip, &r->eflags };
    for (int i = 0; i < 10; i++)
        *regs[i] = get32(&c);
    img->fpu_format = get32(&c);
    size_t nfpu = fpu_bytes(img->fpu_format);
    if (c.ok && nfpu == 0)
        return IMAGE_EFPU;
    get(&c, img->fpu, nfpu);
    img->sig_pending = get32(&c);
    img->sig_mask = get32(&c);
    img->stopped = get32(&c);
    for (int s = 0; s < NSIG; s++) {
        img->sigact[s].sa_handler = get32(&c);
        img->sigact[s].sa_mask = get32(&c);
        img->sigact[s].sa_flags = get32(&c);
        img->sigact[s].sa_restorer = get32(&c);
    }
    img->utime_us = get64(&c);
    img->stime_us = get64(&c);
    img->ctime_us = get64(&c);
    img->age_us = get64(&c);
    img->mono_us = get64(&c);
    img->real_us = get64(&c);
    img->restart_nr = get32(&c);
    img->restart_left_us = get64(&c);
    img->heap_start = get32(&c);
    img->brk = get32(&c);
    img->npages = get32(&c);
    img->nmigs = get32(&c);
    img->balance_score = get32(&c);
    if (!c.ok)
        return IMAGE_ETRUNC;
    size_t n;
    int res = region_map_deserialize(&img->map, in + c.pos, len - c.pos, &n);
    if (res == REGION_ETRUNC)
        return IMAGE_ETRUNC;
    if (res != REGION_OK)
        return IMAGE_EMAP;
    if (c.pos + n != len)
        return IMAGE_ETRAIL;
    return check_header(img);
}

// --- page batches ------------------------------------------------------------------

size_t image_batch_size(uint32_t n)
{
    return IMAGE_PAGES_HDR + (size_t)n * IMAGE_PAGE_ENTRY;
}

int image_batch_begin(uint8_t *out, size_t cap, uint32_t n)
{
    if (cap < image_batch_size(n))
        return IMAGE_ENOSPC;
    struct cursor c = { .out = out, .cap = cap, .ok = true };
    put32(&c, IMAGE_PAGES_MAGIC);
    put32(&c, n);
    return IMAGE_OK;
}

uint8_t *image_batch_page(uint8_t *out, uint32_t i, vaddr_t va)
{
    uint8_t *e = out + IMAGE_PAGES_HDR + (size_t)i * IMAGE_PAGE_ENTRY;
    struct cursor c = { .out = e, .cap = 4, .ok = true };
    put32(&c, va);
    return e + 4;
}

int image_batch_check(const struct region_map *map, const uint8_t *in, size_t len,
                      uint32_t *count)
{
    struct cursor c = { .in = in, .cap = len, .ok = true };
    uint32_t magic = get32(&c);
    uint32_t n = get32(&c);
    if (!c.ok)
        return IMAGE_ETRUNC;
    if (magic != IMAGE_PAGES_MAGIC)
        return IMAGE_EMAGIC;
    if ((len - IMAGE_PAGES_HDR) / IMAGE_PAGE_ENTRY < n)
        return IMAGE_ETRUNC;
    if (len != image_batch_size(n))
        return IMAGE_ETRAIL;
    vaddr_t prev = 0;
    for (uint32_t i = 0; i < n; i++) {
        vaddr_t va;
        image_batch_entry(in, i, &va);
        if ((va & (PAGE_SIZE - 1)) || va <= prev || !region_find(map, va))
            return IMAGE_EPAGE;
        prev = va;
    }
    *count = n;
    return IMAGE_OK;
}

long image_page_index(const struct region_map *map, vaddr_t va)
{
    long base = 0;
    for (const struct region *r = region_next(map, NULL); r; r = region_next(map, r)) {
        if (va >= r->start && va < r->end)
            return base + (long)((va - r->start) / PAGE_SIZE);
        base += (long)((r->end - r->start) / PAGE_SIZE);
    }
    return -1;
}

const uint8_t *image_batch_entry(const uint8_t *in, uint32_t i, vaddr_t *va)
{
    const uint8_t *e = in + IMAGE_PAGES_HDR + (size_t)i * IMAGE_PAGE_ENTRY;
    *va = (vaddr_t)e[0] | (vaddr_t)e[1] << 8 | (vaddr_t)e[2] << 16 | (vaddr_t)e[3] << 24;
    return e + 4;
}

const char *image_strerror(int result)
{
    switch (result) {
    case IMAGE_OK:       return "ok";
    case IMAGE_ENOSPC:   return "buffer too small";
    case IMAGE_ETRUNC:   return "image truncated";
    case IMAGE_EMAGIC:   return "not a process image";
    case IMAGE_EVERSION: return "unknown image version";
    case IMAGE_ETRAIL:   return "bytes after the image";
    case IMAGE_EREGS:    return "registers user mode cannot hold";
    case IMAGE_EFPU:     return "unknown FPU format";
    case IMAGE_ESIGNAL:  return "bad signal state";
    case IMAGE_EMAP:     return "bad region map";
    case IMAGE_EBRK:     return "break outside the heap";
    case IMAGE_ENAME:    return "name without its end";
    case IMAGE_EPAGES:   return "more pages than the regions hold";
    case IMAGE_EPAGE:    return "page outside the regions or out of order";
    case IMAGE_EIDENT:   return "not a cluster process id";
    default:             return "unknown error";
    }
}
