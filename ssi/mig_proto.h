// The messages of migration, the deputy and the remote (docs/protocol.md,
// section 5). Each travels over the reliable transport with its service
// byte in front (ssi/cluster.h): CLUSTER_SVC_MIGRATE to the node a process
// moves to, CLUSTER_SVC_DEPUTY to a process's home, CLUSTER_SVC_REMOTE to
// the node where it runs. Every message starts with a fixed part (the
// structs below, little-endian as i386 lays them out) and some carry
// bytes after it: an image header or a page batch (ssi/image.h), or an
// envelope (kernel/envelope.h). A receiver checks the length of the fixed
// part before it reads a field, and the sender's node against the process
// it names, and drops what does not fit (counted in mosctl stats).
#ifndef SSI_MIG_PROTO_H
#define SSI_MIG_PROTO_H

#include "kernel/types.h"

// --- to the target of a move (CLUSTER_SVC_MIGRATE) -------------------------

enum mig_op {
    MIG_BEGIN = 1,   // + image header: get ready to take this process. Reply: mig_reply
    MIG_PAGES = 2,   // + page batch: put these pages in place. Reply: mig_reply
    MIG_DONE  = 3,   // every page sent. Home: takes the process back (commit).
                     // Other nodes: hold it, ready to run. Reply: mig_reply
    MIG_GO    = 4,   // home has committed: run it. Reply: mig_reply
    MIG_ABORT = 5,   // forget this transfer (the source keeps the process). No reply
};

// The fixed part of every MIG_* message.
struct mig_msg {
    uint8_t op;          // enum mig_op
    uint8_t pad[3];
    uint32_t xfer;       // the transfer, numbered by its source node
    int32_t pid;         // the process moving
} __attribute__((packed));

// The answer to MIG_BEGIN, MIG_PAGES, MIG_DONE and MIG_GO.
#define MIG_REASON_MAX 48
struct mig_reply {
    int32_t status;                // 0, or -errno why not
    char reason[MIG_REASON_MAX];   // NUL-terminated, for people: "no memory"
} __attribute__((packed));

// --- to the home node (CLUSTER_SVC_DEPUTY) ------------------------------------

enum dep_op {
    DEP_CALL   = 1,   // + envelope request: run this call as the process. Reply: dep_reply + envelope reply
    DEP_CANCEL = 2,   // the call seq is interrupted where the process runs. No reply
    DEP_EXIT   = 3,   // + dep_exit: the process ended where it ran. Reply: dep_reply
    DEP_RESULT = 4,   // + mig_reply: how a move asked there ended (it failed). No reply
    DEP_FORK   = 5,   // the process forks where it runs: make the child's pid and
                      // deputy here. Reply: dep_reply (ret: the child's pid)
    DEP_FORGET = 6,   // (to the child's pid) the child could not be made where it
                      // runs: free its deputy, as if it never was. Reply: dep_reply
    DEP_EXEC_READ = 7,   // + dep_exec: read the program for execve. Reply: dep_reply
                         // (ret: 0 or -errno) + u32 file size + the file's bytes
    DEP_EXEC_DONE = 8,   // + dep_exec: the new program runs: close the close-on-exec
                         // files, take its name. Reply: dep_reply
    DEP_MOVED  = 9,   // + dep_moved: the process is held on another node: re-point the
                      // deputy there (the commit), then home sends it GO. Reply: dep_reply
    DEP_STOP   = 10,  // + dep_stop: the process stopped where it runs, or runs again
                      // (its parent's waitpid WUNTRACED sees it at home). No reply
};

// After a DEP_STOP's dep_msg.
struct dep_stop {
    uint32_t sig;        // the signal that stopped it (1..NSIG-1), or 0: it runs again
} __attribute__((packed));

// After a DEP_MOVED's dep_msg.
struct dep_moved {
    uint32_t node;       // where the process is held now
    uint32_t xfer;       // the transfer there (numbered by the node sending DEP_MOVED)
    uint32_t quiet;      // 1: the balancer asked the move (not told on home's console)
} __attribute__((packed));

// After a DEP_EXEC_* message's dep_msg (the path follows, NUL-terminated).
struct dep_exec {
    uint32_t max;        // EXEC_READ: the most file bytes the answer may carry
} __attribute__((packed));

struct dep_msg {
    uint8_t op;          // enum dep_op
    uint8_t pad[3];
    int32_t pid;         // the process
    uint32_t seq;        // the call (numbered by the remote)
} __attribute__((packed));

// The answer to DEP_CALL and DEP_EXIT.
struct dep_reply {
    int32_t ret;         // the call's result, or -errno
    uint32_t signals;    // signals posted at home, for the remote to deliver
} __attribute__((packed));

// After a DEP_EXIT's dep_msg.
struct dep_exit {
    int32_t status;      // the wait status
    uint64_t utime_us;   // CPU time where it ran, and before (the totals)
    uint64_t stime_us;
} __attribute__((packed));

// --- to the node where a process runs (CLUSTER_SVC_REMOTE) ---------------------

enum rem_op {
    REM_SIGNAL = 1,   // arg: signals posted at home (bit n = signal n). No reply
    REM_GOTO   = 2,   // arg: move to this node (0: home). Reply: mig_reply
};

struct rem_msg {
    uint8_t op;          // enum rem_op
    uint8_t pad[3];
    int32_t pid;
    uint32_t arg;
} __attribute__((packed));

// --- decoders ---------------------------------------------------------------
// Pure (ssi/mig_proto.c; tests/unit/test_mig_proto.c, tests/fuzz/fuzz_mig_proto.c):
// each checks every length and field it can before the caller reads one,
// copies the fixed part out (the bytes may sit at any alignment) and
// returns false for a message that is not well formed, which the caller
// drops and counts. *rest and *rest_len (when asked for) are the bytes
// after the fixed part.

// A MIG_* request: a known op; BEGIN and PAGES carry bytes, the others none.
bool mig_msg_parse(const uint8_t *buf, uint32_t len, struct mig_msg *m, const uint8_t **rest,
                   uint32_t *rest_len);

// A DEP_* request: a known op and exactly the bytes it carries (CALL: an
// envelope; EXIT: dep_exit; RESULT: mig_reply; EXEC_*: dep_exec and a
// path of 1..PATH_MAX-1 bytes ending in its only NUL; MOVED: dep_moved;
// STOP: dep_stop with a signal number below NSIG; the others none).
bool dep_msg_parse(const uint8_t *buf, uint32_t len, struct dep_msg *m, const uint8_t **rest,
                   uint32_t *rest_len);

// A REM_* request: a known op, nothing after the fixed part.
bool rem_msg_parse(const uint8_t *buf, uint32_t len, struct rem_msg *m);

// The answer to a MIG_* request or REM_GOTO: exactly a mig_reply whose
// reason ends in a NUL.
bool mig_reply_parse(const uint8_t *buf, uint32_t len, struct mig_reply *r);

// The answer to a DEP_* request: a dep_reply, then rest.
bool dep_reply_parse(const uint8_t *buf, uint32_t len, struct dep_reply *r,
                     const uint8_t **rest, uint32_t *rest_len);

// The answer to DEP_EXEC_READ that asked for at most max file bytes: a
// dep_reply, the file's size, and (when ret is 0) exactly its bytes,
// size <= max; when ret < 0 none (size: what the file needs, for -EFBIG).
bool dep_exec_reply_parse(const uint8_t *buf, uint32_t len, uint32_t max, struct dep_reply *r,
                          uint32_t *size, const uint8_t **file);

_Static_assert(sizeof(struct mig_msg) == 12, "mig_msg is 12 bytes on the wire");
_Static_assert(sizeof(struct mig_reply) == 52, "mig_reply is 52 bytes on the wire");
_Static_assert(sizeof(struct dep_msg) == 12, "dep_msg is 12 bytes on the wire");
_Static_assert(sizeof(struct dep_reply) == 8, "dep_reply is 8 bytes on the wire");
_Static_assert(sizeof(struct dep_exit) == 20, "dep_exit is 20 bytes on the wire");
_Static_assert(sizeof(struct rem_msg) == 12, "rem_msg is 12 bytes on the wire");
_Static_assert(sizeof(struct dep_exec) == 4, "dep_exec is 4 bytes on the wire");
_Static_assert(sizeof(struct dep_moved) == 12, "dep_moved is 12 bytes on the wire");
_Static_assert(sizeof(struct dep_stop) == 4, "dep_stop is 4 bytes on the wire");

#endif
