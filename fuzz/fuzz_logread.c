/* fuzz_logread.c - libFuzzer target for the log readers (analyzer/logread.h).
 *
 * The first byte picks the format (auto, stderr, csvlog, jsonlog, sql) and a
 * log_line_prefix (detected, or one of a few settings); the rest is the log.
 * Besides the sanitizers, it checks what logread.h promises: every statement
 * has its text (NUL-terminated at text_len, no NUL inside) and a session,
 * lines are inside the input and end_line >= line, the statement count of the
 * stats matches the events, a log has no more records than lines, and reading
 * is deterministic.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/logread.h"

#define CHECK(cond, ...)                                                     \
    do {                                                                     \
        if (!(cond)) {                                                       \
            fprintf(stderr, "fuzz_logread: invariant failed: %s: ", #cond);  \
            fprintf(stderr, __VA_ARGS__);                                    \
            fputc('\n', stderr);                                             \
            abort();                                                         \
        }                                                                    \
    } while (0)

typedef struct tally {
    uint64_t statements, events, max_line, hash;
} tally;

static void on_event(void *ud, const dbl_logev *ev)
{
    tally *t = ud;
    t->events++;
    CHECK(ev->session != NULL, "event without a session");
    CHECK(ev->line >= 1 && ev->end_line >= ev->line, "line %llu end_line %llu", (unsigned long long)ev->line,
          (unsigned long long)ev->end_line);
    CHECK(ev->end_line <= t->max_line, "end_line %llu past the last line %llu",
          (unsigned long long)ev->end_line, (unsigned long long)t->max_line);
    if (ev->kind == DBL_LOGEV_STATEMENT) {
        t->statements++;
        CHECK(ev->text != NULL, "statement without text");
        CHECK(strlen(ev->text) == ev->text_len, "text_len %u, strlen %zu", ev->text_len, strlen(ev->text));
        for (uint32_t i = 0; i < ev->text_len; i++)
            t->hash = t->hash * 31 + (unsigned char)ev->text[i];
        if (ev->params)
            t->hash += strlen(ev->params);
        if (ev->prepared)
            t->hash += strlen(ev->prepared);
    }
    t->hash = t->hash * 7 + ev->line + (uint64_t)ev->kind;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    static const dbl_logfmt formats[] = {DBL_LOGFMT_AUTO, DBL_LOGFMT_STDERR, DBL_LOGFMT_CSV, DBL_LOGFMT_JSON,
                                         DBL_LOGFMT_SQL,  DBL_LOGFMT_AUTO,   DBL_LOGFMT_STDERR, DBL_LOGFMT_AUTO};
    static const char *const prefixes[] = {NULL, "%m [%p] %q%u@%d ", "%t [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h ",
                                           "%-10u%5p %c%%%x|%e %a %q%v"};
    dbl_logread_opts o = {0};
    o.format = formats[data[0] & 7];
    o.line_prefix = prefixes[(data[0] >> 3) & 3];
    const char *name = (data[0] & 0x20) ? "pg.log" : "pg.sql";
    const char *text = (const char *)data + 1;
    size_t len = size - 1;
    uint64_t lines = 1;
    for (size_t i = 0; i < len; i++)
        lines += text[i] == '\n';
    tally a = {0, 0, lines, 0}, b = {0, 0, lines, 0};
    for (int pass = 0; pass < 2; pass++) {
        tally *t = pass ? &b : &a;
        dbl_logreader *r = dbl_logreader_new(&o, on_event, t);
        dbl_logreader_read_mem(r, name, text, len);
        dbl_logreader_finish(r);
        const dbl_logstats *st = dbl_logreader_stats(r);
        CHECK(st->statements == t->statements, "stats say %llu statements, events %llu",
              (unsigned long long)st->statements, (unsigned long long)t->statements);
        CHECK(st->bytes == len, "bytes %llu of %zu", (unsigned long long)st->bytes, len);
        /* a record has a line of its own, except statements of a script (several on a line) */
        CHECK(dbl_logreader_file_format(r, 0) == DBL_LOGFMT_SQL || st->records <= st->lines,
              "records %llu > lines %llu", (unsigned long long)st->records, (unsigned long long)st->lines);
        dbl_logreader_free(r);
    }
    CHECK(a.events == b.events && a.hash == b.hash, "two reads differ");
    return 0;
}
