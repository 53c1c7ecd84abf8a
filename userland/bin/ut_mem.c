// usertests cases about memory: sbrk, the stack, malloc.
#include "ut.h"

// Grow the heap with sbrk until memory runs out, touching every page,
// then give it all back; malloc must work afterwards.
int t_sbrk(void)
{
    char *start = sbrk(0);
    size_t total = 0;
    while (total < SBRK_MAX) {
        char *p = sbrk(SBRK_STEP);
        if (p == (char *)-1) {
            if (errno != ENOMEM)
                return fail("sbrk failed with %s", strerror(errno));
            break;
        }
        if (p != start + total)
            return fail("sbrk returned %p, want %p", p, start + total);
        for (size_t off = 0; off < SBRK_STEP; off += 4096)
            p[off] = (char)off;
        total += SBRK_STEP;
    }
    if (total == 0)
        return fail("no sbrk succeeded");
    if (total >= SBRK_MAX)
        return fail("%u bytes and memory has not run out", (unsigned)total);
    if (sbrk(-(intptr_t)total) == (void *)-1)
        return fail("shrinking the heap: %s", strerror(errno));
    if (sbrk(0) != start)
        return fail("break at %p after shrinking, want %p", sbrk(0), start);
    char *m = malloc(1024 * 1024);
    if (m == NULL)
        return fail("malloc after the run failed");
    memset(m, 1, 1024 * 1024);
    free(m);
    return 0;
}

// Sum that recurses depth times with a 1 KiB frame.
static int deep(int depth)
{
    volatile char frame[1024];
    frame[0] = (char)depth;
    frame[1023] = 1;
    if (depth == 0)
        return frame[1023];
    return deep(depth - 1) + frame[1023] + (frame[0] & 0);
}

// 256 KiB of stack: the stack grows, or the child dies cleanly of SIGSEGV.
int t_stack(void)
{
    pid_t pid = fork();
    if (pid == 0)
        _exit(deep(STACK_DEPTH) == STACK_DEPTH + 1 ? 0 : 1);
    int st = wait_for(pid);
    if (st == 0 || (WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV))
        return 0;
    return fail("status %#x", st);
}

// malloc/free/realloc of many blocks keep their contents.
int t_malloc(void)
{
    enum { N = 400 };
    static char *blocks[N];
    static size_t sizes[N];
    unsigned seed = 7;
    for (int round = 0; round < 20; round++) {
        for (int i = 0; i < N; i++) {
            if (blocks[i]) {
                for (size_t k = 0; k < sizes[i]; k += 97)
                    if (blocks[i][k] != (char)(i + k))
                        return fail("block %d corrupted", i);
                free(blocks[i]);
            }
            sizes[i] = (size_t)(rand_r(&seed) % 9000);
            blocks[i] = malloc(sizes[i]);
            if (blocks[i] == NULL)
                return fail("malloc(%u) failed", (unsigned)sizes[i]);
            for (size_t k = 0; k < sizes[i]; k++)
                blocks[i][k] = (char)(i + k);
        }
    }
    for (int i = 0; i < N; i++)
        free(blocks[i]);
    return 0;
}
