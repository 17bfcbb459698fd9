/* fuzz_lsp.c - libFuzzer target for the language server's message reader (editors/lsp/rpc.h).
 *
 * The first byte picks a split step; the rest is the byte stream a client
 * sends. Besides the sanitizers, it checks what rpc.h promises: the reader
 * always makes progress (every call consumes bytes or asks for more), and the
 * messages it finds do not depend on how the stream was cut into reads.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "editors/lsp/rpc.h"

#define CHECK(cond, ...)                                                 \
    do {                                                                 \
        if (!(cond)) {                                                   \
            fprintf(stderr, "fuzz_lsp: invariant failed: %s: ", #cond);  \
            fprintf(stderr, __VA_ARGS__);                                \
            fputc('\n', stderr);                                         \
            abort();                                                     \
        }                                                                \
    } while (0)

typedef DBL_ARRAY(json_t *) S_msgs;

/* Reads the stream in pieces of step bytes (0: all at once); collects the messages. */
static void S_read(const uint8_t *data, size_t size, size_t step, S_msgs *out)
{
    dbl_rpc_reader r;
    dbl_rpc_reader_init(&r);
    size_t fed = 0;
    while (fed < size || fed == 0) {
        size_t n = step && size - fed > step ? step : size - fed;
        dbl_rpc_reader_feed(&r, (const char *)data + fed, n);
        fed += n;
        for (;;) {
            size_t before = r.pos;
            dbl_rpc_msg m;
            dbl_rpc_status st = dbl_rpc_reader_next(&r, &m);
            if (st == DBL_RPC_NEED_MORE)
                break;
            CHECK(r.pos > before || r.len == 0 || r.skip > 0, "no progress at %zu", before);
            if (st == DBL_RPC_MESSAGE) {
                CHECK(m.json != NULL, "a message without JSON");
                dbl_array_push(out, m.json);
            } else {
                CHECK(m.json == NULL && m.code == DBL_RPC_PARSE_ERROR && m.error[0], "bad error report");
            }
        }
        if (size == 0)
            break;
    }
    dbl_rpc_reader_free(&r);
}

static void S_free(S_msgs *v)
{
    for (uint32_t i = 0; i < v->size; i++)
        json_decref(v->items[i]);
    dbl_array_free(v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    size_t step = (size_t)(data[0] % 17) + 1;
    data++;
    size--;
    S_msgs whole = {0}, split = {0};
    S_read(data, size, 0, &whole);
    S_read(data, size, step, &split);
    /* Cut points change where garbage ends only past the header limit. */
    if (size < DBL_RPC_MAX_HEADER) {
        CHECK(whole.size == split.size, "%u messages read whole, %u in pieces of %zu", whole.size, split.size,
              step);
        for (uint32_t i = 0; i < whole.size; i++)
            CHECK(json_equal(whole.items[i], split.items[i]), "message %u differs", i);
    }
    /* Framing what was read gives a stream that reads back the same. */
    dbl_buf b = {0};
    for (uint32_t i = 0; i < whole.size; i++)
        dbl_rpc_frame(&b, whole.items[i]);
    S_msgs again = {0};
    if (b.len)
        S_read((const uint8_t *)b.data, b.len, 0, &again);
    CHECK(again.size == whole.size, "re-framed %u messages, read %u", whole.size, again.size);
    S_free(&again);
    dbl_buf_free(&b);
    S_free(&whole);
    S_free(&split);
    return 0;
}
