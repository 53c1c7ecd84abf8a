// The split calls (fork, execve, exit of a process away from home), the
// parts of both halves that are pure: what the node where the process runs
// asks home, what home answers, and what each makes of the other's words.
// The kernel's halves (ssi/remote.c where it runs, ssi/deputy.c at home)
// do the rest: make the child, build the address space, free the slot.
// tests/unit/test_split.c runs both halves against each other over a
// simulated link that loses, cuts and lies.
//
//   fork   node -> home DEP_FORK; home makes the child's pid and deputy and
//          answers the pid; the node makes the child beside its parent (or,
//          if it cannot, tells home DEP_FORGET with the child's pid).
//   execve node -> home DEP_EXEC_READ (room for max file bytes + path);
//          home answers the program's bytes, or -EFBIG and the size when
//          they do not fit, and the node asks once more with room for all;
//          the node builds the image, then DEP_EXEC_DONE (home closes the
//          close-on-exec files, takes the name).
//   exit   node -> home DEP_EXIT (status, CPU times in microseconds, so
//          that nodes with different tick rates agree); home ends the
//          process there as it ended.
#ifndef SSI_SPLIT_H
#define SSI_SPLIT_H

#include "kernel/types.h"
#include "ssi/mig_proto.h"

// --- fork ---------------------------------------------------------------------

// The node's half: home's answer r to DEP_FORK from a process whose home is
// home. The child's pid, or -errno: home's refusal, or -EIO for a pid that
// is not one of home's cluster pids (it would name another node's process).
int split_fork_child(const struct dep_reply *r, uint32_t home);

// --- execve -------------------------------------------------------------------

#define SPLIT_EXEC_FIRST (1u << 20)   // file bytes the first answer may carry
#define SPLIT_EXEC_TRIES 2            // a larger program is asked for once more

// The node's fetch of a program from home, answer by answer.
struct split_exec {
    uint32_t max;     // file bytes the next answer may carry
    int tries;        // answers taken so far
    int err;          // SPLIT_FAILED: why (-errno)
};

enum split_step {
    SPLIT_ASK,        // send the request (again): split_exec_request
    SPLIT_GOT_FILE,   // the program's bytes are here
    SPLIT_FAILED,     // no program: x->err says why
};

void split_exec_init(struct split_exec *x);

// The request for the next try: a dep_exec and path (with its NUL) into
// buf of size bytes. Its length, or 0 when buf is too small.
uint32_t split_exec_request(const struct split_exec *x, const char *path, uint8_t *buf,
                            uint32_t size);

// The most bytes an answer to the next try may have (the reply buffer).
uint32_t split_exec_reply_max(const struct split_exec *x);

// Take the answer to the last request: n bytes at reply, or n = -errno
// when the link failed. SPLIT_GOT_FILE sets *file and *size (inside
// reply); SPLIT_ASK means ask again with more room.
enum split_step split_exec_take(struct split_exec *x, const uint8_t *reply, int n,
                                const uint8_t **file, uint32_t *size);

// Home's half: the answer to DEP_EXEC_READ asking for at most max bytes,
// when reading the program gave err (0 or -errno) and len bytes of file.
// Its length, then the answer itself into out (that many bytes), with the
// signals posted at home.
uint32_t split_exec_reply_size(int err, uint32_t len, uint32_t max);
void split_exec_reply(int err, const char *file, uint32_t len, uint32_t max, uint32_t signals,
                      uint8_t *out);

// --- exit ---------------------------------------------------------------------

// The node's half: the DEP_EXIT message's body for a process that ended
// with status after uticks and sticks ticks of hz per second.
void split_exit_pack(struct dep_exit *e, int status, uint64_t uticks, uint64_t sticks,
                     uint32_t hz);
// Home's half: those times in home's ticks of hz per second.
void split_exit_times(const struct dep_exit *e, uint32_t hz, uint64_t *uticks,
                      uint64_t *sticks);

#endif
