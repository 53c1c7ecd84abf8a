// The envelope (openMosix's "ucache"): a system call request record packed
// into bytes, and its reply, built generically from the call's row in the
// system call table. A remote node sends the request to the process's home
// node; the deputy there unpacks it, runs the call and sends the reply.
// Pure: tested in tests/unit/test_envelope.c and fuzzed (the unpackers
// take bytes from the network).
//
// Request: "ENV1" magic, nr, then the six argument values, then for each
// argument that carries bytes into the kernel (ARG_STR, ARG_IN, ARG_INOUT,
// ARG_STRV) a 32-bit length and the bytes. A string list (ARG_STRV) is a
// 32-bit count and exactly that many NUL-terminated strings. Reply: "RPL1", ret, then for
// each argument that carries bytes out (ARG_OUT, ARG_INOUT) a 32-bit
// length and the bytes. All numbers little-endian.
#ifndef KERNEL_ENVELOPE_H
#define KERNEL_ENVELOPE_H

#include "kernel/types.h"
#include "kernel/syscall.h"

#define ENVELOPE_MAX (8u << 20)   // a larger envelope is refused

enum envelope_result {
    ENV_OK = 0,
    ENV_ENOSPC = -1,     // the output buffer is too small
    ENV_ETRUNC = -2,     // the bytes end too early
    ENV_EMAGIC = -3,     // not an envelope of this kind
    ENV_ENOSYS = -4,     // unknown system call number
    ENV_ELEN = -5,       // a length is not what the call's table row allows
    ENV_ENOMEM = -6,     // alloc failed
    ENV_ETRAIL = -7,     // bytes left over after the last field
};

// Bytes the request for r takes (the caller sizes its buffer with it).
size_t envelope_request_size(const struct syscall_desc *d, const struct sysreq *r);

// Pack r (whose buf/len hold the copied-in arguments) into out.
int envelope_pack_request(const struct syscall_desc *d, const struct sysreq *r,
                          uint8_t *out, size_t cap, size_t *used);

// Rebuild a request from bytes: r->buf[i] are new buffers from alloc
// (also for ARG_OUT arguments, of the length the request states: zeroed,
// except a read-like one (ARGF_RETLEN), of which only the first ret bytes,
// written by the handler, ever travel back).
// The lengths are checked against the table row (fixed sizes exact,
// variable ones at most max_buf). On failure every buffer allocated is
// freed with release and r->buf[] is all NULL.
int envelope_unpack_request(const struct syscall_desc *table, int count,
                            const uint8_t *in, size_t len, size_t max_buf, struct sysreq *r,
                            void *(*alloc)(size_t), void (*release)(void *));

// The same, except that each incoming buffer (ARG_STR, ARG_IN, ARG_INOUT,
// ARG_STRV) points into in itself instead of a copy: in must stay as it
// is until r is done with (a call writes an ARG_INOUT buffer there).
// Local calls and the deputy use it: one copy less of every write. Free r
// with envelope_free_borrowed (the outgoing buffers only); on failure
// that is done already.
int envelope_unpack_request_borrowed(const struct syscall_desc *table, int count,
                                     const uint8_t *in, size_t len, size_t max_buf,
                                     struct sysreq *r, void *(*alloc)(size_t),
                                     void (*release)(void *));
void envelope_free_borrowed(const struct syscall_desc *d, struct sysreq *r,
                            void (*release)(void *));

// Bytes the reply for r takes.
size_t envelope_reply_size(const struct syscall_desc *d, const struct sysreq *r);

// The most bytes a reply to r can take, whatever its result: what the
// caller waiting for it must have room for (ARGF_RETLEN buffers in full).
size_t envelope_reply_max(const struct syscall_desc *d, const struct sysreq *r);

// Pack r's result and its outgoing buffers. For ARGF_RETLEN arguments only
// the first ret bytes (none when ret < 0) travel.
int envelope_pack_reply(const struct syscall_desc *d, const struct sysreq *r,
                        uint8_t *out, size_t cap, size_t *used);

// Read a reply into r: r->ret, and the bytes of each outgoing argument
// copied into r->buf[i] (at most r->len[i] bytes, never more).
int envelope_unpack_reply(const struct syscall_desc *d, struct sysreq *r,
                          const uint8_t *in, size_t len);

#endif
