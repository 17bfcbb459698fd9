/* rpc.h - JSON-RPC framing for the language server: the message reader and writer.
 *
 * The reader is a pure state machine: bytes go in as they arrive (in pieces of
 * any size), whole messages come out. It never reads or writes a file itself,
 * so the server loop, the tests and the fuzz target drive it the same way.
 *
 *   dbl_rpc_reader r;
 *   dbl_rpc_reader_init(&r);
 *   dbl_rpc_reader_feed(&r, bytes, n);
 *   dbl_rpc_msg m;
 *   while (dbl_rpc_reader_next(&r, &m) != DBL_RPC_NEED_MORE) { ... dbl_rpc_msg_clear(&m); }
 *   dbl_rpc_reader_free(&r);
 */
#ifndef DBL_LSP_RPC_H
#define DBL_LSP_RPC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "lint/alloc.h"

/* JSON-RPC 2.0 and LSP error codes. */
enum {
    DBL_RPC_PARSE_ERROR = -32700,
    DBL_RPC_INVALID_REQUEST = -32600,
    DBL_RPC_METHOD_NOT_FOUND = -32601,
    DBL_RPC_INVALID_PARAMS = -32602,
    DBL_RPC_INTERNAL_ERROR = -32603,
    DBL_RPC_SERVER_NOT_INITIALIZED = -32002,
    DBL_RPC_REQUEST_CANCELLED = -32800,
};

enum {
    /* Largest body the reader accepts; a longer one is skipped and reported. */
    DBL_RPC_MAX_BODY = 256 << 20,
    /* Longest header block; garbage without one is dropped past this. */
    DBL_RPC_MAX_HEADER = 8192,
};

typedef enum dbl_rpc_status {
    DBL_RPC_NEED_MORE,  /* no complete message yet: feed more bytes */
    DBL_RPC_MESSAGE,    /* m->json holds a JSON value (object, array or other) */
    DBL_RPC_ERROR,      /* bytes that are not a message: m->code and m->error say why */
} dbl_rpc_status;

typedef struct dbl_rpc_msg {
    json_t *json;       /* owned: a new reference, or NULL */
    int code;           /* DBL_RPC_PARSE_ERROR for framing or JSON errors */
    char error[160];    /* what was wrong, for the error response */
} dbl_rpc_msg;

typedef struct dbl_rpc_reader {
    char *buf;
    size_t len, cap, pos;  /* unread bytes are buf[pos..len) */
    uint64_t skip;         /* body bytes of a rejected message still to drop */
} dbl_rpc_reader;

/* Initializes an empty reader. The caller frees it with dbl_rpc_reader_free(). */
void dbl_rpc_reader_init(dbl_rpc_reader *r);
/* Frees the reader's buffer; the struct itself is the caller's. */
void dbl_rpc_reader_free(dbl_rpc_reader *r);
/* Appends n bytes as they arrived. Never fails. */
void dbl_rpc_reader_feed(dbl_rpc_reader *r, const char *bytes, size_t n);
/* Takes the next message or framing error out of the buffered bytes. On
 * DBL_RPC_MESSAGE the caller owns m->json and releases it with
 * dbl_rpc_msg_clear(). Bytes after an error are read again from the next
 * "Content-Length" header, so one bad message never stops the stream. */
dbl_rpc_status dbl_rpc_reader_next(dbl_rpc_reader *r, dbl_rpc_msg *m);
/* Releases m->json; the struct itself is the caller's. */
void dbl_rpc_msg_clear(dbl_rpc_msg *m);

/* Appends one framed message (Content-Length header and the compact JSON of v)
 * to out. Does not take v's reference. */
void dbl_rpc_frame(dbl_buf *out, const json_t *v);
/* Appends one framed message whose body is the n bytes of JSON at body. */
void dbl_rpc_frame_bytes(dbl_buf *out, const char *body, size_t n);

#endif
