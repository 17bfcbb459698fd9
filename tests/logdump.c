/* logdump.c - prints the log reader's events as JSON lines (a test tool).
 *
 * Usage: logdump [--log-format F] [--log-line-prefix P] [--quiet] LOG...
 * One line per event: {"kind", "file", "line", "end_line", "record", "time_us",
 * "session", "pid", "user", "database", "application", "text", "prepared",
 * "stmt_name", "params", "duration_ms", "failed"}; then one {"stats": ...} line.
 * --quiet prints the stats line only (for measuring the reader).
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "analyzer/logread.h"

static void set_str(json_t *o, const char *k, const char *v)
{
    if (v)
        json_object_set_new(o, k, json_string(v));
}

static void on_event(void *ud, const dbl_logev *ev)
{
    if (ud)
        return;
    static const char *const kinds[] = {"statement", "session_start", "session_end"};
    json_t *o = json_object();
    json_object_set_new(o, "kind", json_string(kinds[ev->kind]));
    json_object_set_new(o, "file", json_integer(ev->file));
    json_object_set_new(o, "line", json_integer((json_int_t)ev->line));
    json_object_set_new(o, "end_line", json_integer((json_int_t)ev->end_line));
    json_object_set_new(o, "record", json_integer((json_int_t)ev->record));
    if (ev->time_us != DBL_LOG_NO_TIME) {
        json_object_set_new(o, "time_us", json_integer(ev->time_us));
        json_object_set_new(o, "time_res_us", json_integer(ev->time_res_us));
    }
    set_str(o, "session", ev->session);
    json_object_set_new(o, "pid", json_integer(ev->pid));
    set_str(o, "user", ev->user);
    set_str(o, "database", ev->database);
    set_str(o, "application", ev->application);
    if (ev->kind == DBL_LOGEV_STATEMENT) {
        json_object_set_new(o, "text", json_stringn(ev->text, ev->text_len));
        set_str(o, "prepared", ev->prepared);
        set_str(o, "stmt_name", ev->stmt_name);
        set_str(o, "params", ev->params);
        if (ev->duration_ms >= 0)
            json_object_set_new(o, "duration_ms", json_real(ev->duration_ms));
        json_object_set_new(o, "failed", json_boolean(ev->failed));
    }
    char *s = json_dumps(o, JSON_COMPACT | JSON_ENSURE_ASCII);
    puts(s);
    free(s);
    json_decref(o);
}

int main(int argc, char **argv)
{
    dbl_logread_opts opts = {0};
    bool quiet = false;
    int i = 1;
    for (; i < argc; i++) {
        if (strcmp(argv[i], "--log-format") == 0 && i + 1 < argc) {
            if (!dbl_logfmt_parse(argv[++i], &opts.format)) {
                fprintf(stderr, "logdump: unknown format %s\n", argv[i]);
                return 2;
            }
        } else if (strcmp(argv[i], "--log-line-prefix") == 0 && i + 1 < argc) {
            opts.line_prefix = argv[++i];
        } else if (strcmp(argv[i], "--quiet") == 0) {
            quiet = true;
        } else {
            break;
        }
    }
    if (i >= argc) {
        fprintf(stderr, "usage: logdump [--log-format F] [--log-line-prefix P] [--quiet] LOG...\n");
        return 2;
    }
    dbl_logreader *r = dbl_logreader_new(&opts, on_event, quiet ? (void *)1 : NULL);
    int rc = 0;
    for (; i < argc; i++) {
        dbl_error err = {0};
        if (!dbl_logreader_read_path(r, argv[i], &err)) {
            fprintf(stderr, "logdump: %s\n", err.message);
            dbl_error_clear(&err);
            rc = 2;
        }
    }
    dbl_logreader_finish(r);
    const dbl_logstats *st = dbl_logreader_stats(r);
    json_t *o = json_object(), *s = json_object(), *sk = json_object(), *files = json_array();
    json_object_set_new(s, "files", json_integer(st->files));
    json_object_set_new(s, "bytes", json_integer((json_int_t)st->bytes));
    json_object_set_new(s, "lines", json_integer((json_int_t)st->lines));
    json_object_set_new(s, "records", json_integer((json_int_t)st->records));
    json_object_set_new(s, "statements", json_integer((json_int_t)st->statements));
    for (int k = 0; k < DBL_SKIP__COUNT; k++) {
        if (!st->skipped[k].count)
            continue;
        json_t *e = json_object();
        json_object_set_new(e, "count", json_integer((json_int_t)st->skipped[k].count));
        json_object_set_new(e, "file", json_integer(st->skipped[k].first_file));
        json_object_set_new(e, "line", json_integer((json_int_t)st->skipped[k].first_line));
        json_object_set_new(sk, dbl_logskip_name((dbl_logskip_kind)k), e);
    }
    json_object_set_new(s, "skipped", sk);
    for (uint32_t f = 0; dbl_logreader_file_name(r, f); f++) {
        json_t *e = json_object();
        json_object_set_new(e, "name", json_string(dbl_logreader_file_name(r, f)));
        json_object_set_new(e, "format", json_string(dbl_logfmt_name(dbl_logreader_file_format(r, f))));
        json_array_append_new(files, e);
    }
    json_object_set_new(s, "file_list", files);
    json_object_set_new(o, "stats", s);
    char *out = json_dumps(o, JSON_COMPACT);
    puts(out);
    free(out);
    json_decref(o);
    dbl_logreader_free(r);
    return rc;
}
