// The process image: everything that travels when a process migrates
// (ARCHITECTURE decision 9), in one versioned format.
//
// An image is two kinds of message. The header carries the process's state
// but not its memory: identity, user registers, FPU registers with their
// format, signal state, CPU accounting and clocks as durations, a sleeping
// call to restart, and the region map. The pages follow in batches, each a
// list of (address, 4096 bytes) in increasing address order; a process of
// any size moves in messages of bounded size, and the target puts each page
// in place as it comes.
//
// The decoders take bytes from the network and trust nothing: a header is
// checked completely (registers that user mode may hold, a region map that
// region_add accepts, a break inside the heap, a name with its NUL) before
// the caller changes anything; a page batch is checked against the header's
// region map, and the caller keeps a bitmap of the pages it took
// (image_page_index) so that no page comes twice, whatever order the
// batches arrive in. Pure: tested in tests/unit/test_image.c, fuzzed in
// tests/fuzz/fuzz_image.c. The layout is in docs/protocol.md.
#ifndef SSI_IMAGE_H
#define SSI_IMAGE_H

#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/api/types.h"
#include "mm/region.h"

#define IMAGE_MAGIC        0x314D4750u   // "PGM1" as bytes: a header
#define IMAGE_PAGES_MAGIC  0x31534750u   // "PGS1" as bytes: a batch of pages
#define IMAGE_VERSION      2
#define IMAGE_BALANCE_ANY  0xFFFFFFFFu   // balance_score: the balancer, not for load
#define IMAGE_NAME_LEN     16
#define IMAGE_FPU_MAX      512           // bytes of the largest FPU format
#define IMAGE_FPU_FXSAVE   1             // fxsave area: 512 bytes
#define IMAGE_FPU_FNSAVE   2             // fnsave area: 108 bytes
#define IMAGE_FNSAVE_SIZE  108
#define IMAGE_PAGE_ENTRY   (4 + PAGE_SIZE)   // one page in a batch: address, bytes
#define IMAGE_PAGES_HDR    8             // a batch's magic and count

// The EFLAGS bits a user process may have set (CF PF AF ZF SF DF OF, and
// AC, ID); IF must be set; TF, IOPL, NT, RF, VM, VIF, VIP must be clear
// (sigreturn lets user code set no more).
#define IMAGE_EFLAGS_USER  0x00240CD5u
#define IMAGE_EFLAGS_IF    0x00000200u
#define IMAGE_EFLAGS_ONE   0x00000002u   // bit 1 always reads as 1

// Results: IMAGE_OK or a negative IMAGE_E*.
enum image_result {
    IMAGE_OK       = 0,
    IMAGE_ENOSPC   = -1,    // encode: the buffer is too small
    IMAGE_ETRUNC   = -2,    // the bytes end too early
    IMAGE_EMAGIC   = -3,    // not a header (or not a batch)
    IMAGE_EVERSION = -4,    // a version this kernel does not know
    IMAGE_ETRAIL   = -5,    // bytes left after the last field
    IMAGE_EREGS    = -6,    // registers user mode cannot hold (flags, eip, esp)
    IMAGE_EFPU     = -7,    // unknown FPU format
    IMAGE_ESIGNAL  = -8,    // signal state out of range
    IMAGE_EMAP     = -9,    // the region map is refused
    IMAGE_EBRK     = -10,   // heap start or break outside the heap
    IMAGE_ENAME    = -11,   // the name has no NUL
    IMAGE_EPAGES   = -12,   // more pages than the regions hold
    IMAGE_EPAGE    = -13,   // a page outside every region, unaligned, or out of order
    IMAGE_EIDENT   = -14,   // pid or home is not a cluster identity
};

// User-mode registers (the segment registers are the kernel's choice).
struct image_regs {
    uint32_t eax, ebx, ecx, edx, esi, edi, ebp, esp, eip, eflags;
};

// Everything of a process but its pages.
struct proc_image {
    int32_t pid;                       // for life (kernel/api/types.h: PID_NODE_SPAN)
    uint32_t home;                     // its home node: pid_home(pid)
    char name[IMAGE_NAME_LEN];         // NUL-terminated
    struct image_regs regs;            // where it stopped in user mode
    uint32_t fpu_format;               // IMAGE_FPU_FXSAVE or IMAGE_FPU_FNSAVE
    uint8_t fpu[IMAGE_FPU_MAX];        // the FPU area (first 108 bytes for fnsave)
    uint32_t sig_pending;              // signals not yet delivered (bit n = signal n)
    uint32_t sig_mask;                 // blocked signals
    uint32_t stopped;                  // 1: stopped by SIGSTOP/SIGTSTP until SIGCONT
    struct api_sigaction sigact[NSIG]; // handlers (entry 0 unused)
    uint64_t utime_us;                 // CPU time in user mode
    uint64_t stime_us;                 // CPU time in the kernel
    uint64_t ctime_us;                 // CPU time of waited-for children
    uint64_t age_us;                   // time since the process was created
    uint64_t mono_us;                  // its CLOCK_MONOTONIC when it stopped
    uint64_t real_us;                  // its CLOCK_REALTIME when it stopped
    uint32_t restart_nr;               // a sleeping call to run again (0: none)
    uint64_t restart_left_us;          // the time that call had left
    struct region_map map;             // its regions
    uint32_t heap_start;               // where the heap starts (brk never goes below)
    uint32_t brk;                      // the program break
    uint32_t npages;                   // pages that follow in batches
    uint32_t nmigs;                    // migrations so far (this one not counted)
    uint32_t balance_score;            // 0: a person asked this move, obeyed (and told on
                                       // the consoles). Else the balancer asked it (quiet):
                                       // for load, the source's (2r - d)/s (ssi/balance.h),
                                       // which the target checks against its own load;
                                       // IMAGE_BALANCE_ANY for another reason (memory, home
                                       // calls), taken as a person's
};

// Bytes image_encode_header writes for img.
size_t image_header_size(const struct proc_image *img);

// Write img into out (cap bytes); *used gets the bytes written.
// IMAGE_ENOSPC when cap is too small.
int image_encode_header(const struct proc_image *img, uint8_t *out, size_t cap, size_t *used);

// Read and check a header (all len bytes). On success img holds it; on
// failure img is unspecified and the error says what was wrong.
int image_decode_header(const uint8_t *in, size_t len, struct proc_image *img);

// Bytes a batch of n pages takes.
size_t image_batch_size(uint32_t n);

// Start a batch of n pages in out (cap bytes: image_batch_size(n)); the
// caller then fills each entry with image_batch_page. IMAGE_ENOSPC.
int image_batch_begin(uint8_t *out, size_t cap, uint32_t n);

// Entry i of a batch begun in out: its address written, and where its
// PAGE_SIZE bytes go.
uint8_t *image_batch_page(uint8_t *out, uint32_t i, vaddr_t va);

// Check a batch against the map of its header: every address page-aligned,
// inside a region, in strictly increasing order. On success *count gets
// its pages; the caller then walks it with image_batch_entry.
int image_batch_check(const struct region_map *map, const uint8_t *in, size_t len,
                      uint32_t *count);

// The index of page va among all the pages of map's regions (in address
// order), or -1 when va is in no region: a bitmap of region_map_pages(map)
// bits can record which pages came.
long image_page_index(const struct region_map *map, vaddr_t va);

// Entry i of a checked batch: its address, and its bytes.
const uint8_t *image_batch_entry(const uint8_t *in, uint32_t i, vaddr_t *va);

// A short description of a result, e.g. "registers user mode cannot hold".
const char *image_strerror(int result);

#endif
