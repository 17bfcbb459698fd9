/* unit_stmtcache.c - a lint that takes statements from the cache reports exactly
 * what a lint that parses everything reports, wherever the statements moved to.
 *
 * For every .sql file under the folders given (the corpus schemas), version 0 is
 * the file and version 1 is it with a line inserted before its middle line: the
 * cache is warmed on version 1 (so every statement after the insertion moves
 * back when version 0 is linted from it), then version 0 is linted with and
 * without the cache and the diagnostics are compared field by field. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lint/lint.h"
#include "lint/stmtcache.h"

static int failures, checks;

static dbl_run *S_lint(const dbl_config *cfg, dbl_stmt_cache *cache, const char *path, const char *text, uint32_t len)
{
    dbl_run *r = dbl_run_new(cfg);
    if (cache)
        dbl_run_set_cache(r, cache);
    char *b = dbl_malloc((size_t)len + 1);
    memcpy(b, text, len);
    dbl_run_add_source(r, path, b, len);
    dbl_run_finish(r);
    if (cache)
        dbl_stmt_cache_sweep(cache, 4);
    return r;
}

static void S_compare(const char *path, const dbl_run *want, const dbl_run *got)
{
    const dbl_diag_list *a = dbl_run_diags(want), *b = dbl_run_diags(got);
    checks++;
    if (a->items.size != b->items.size) {
        printf("FAIL %s: %u diagnostics parsed, %u from the cache\n", path, a->items.size, b->items.size);
        failures++;
        return;
    }
    for (uint32_t i = 0; i < a->items.size; i++) {
        const dbl_diag *x = &a->items.items[i], *y = &b->items.items[i];
        bool same = strcmp(x->rule, y->rule) == 0 && x->loc.file == y->loc.file &&
                    x->loc.span.start == y->loc.span.start && x->loc.span.end == y->loc.span.end &&
                    strcmp(x->message, y->message) == 0 &&
                    ((!x->fix_sql && !y->fix_sql) || (x->fix_sql && y->fix_sql && strcmp(x->fix_sql, y->fix_sql) == 0));
        if (!same) {
            printf("FAIL %s: diagnostic %u differs:\n  parsed: %s %u-%u %s\n  cached: %s %u-%u %s\n", path, i, x->rule,
                   x->loc.span.start, x->loc.span.end, x->message, y->rule, y->loc.span.start, y->loc.span.end,
                   y->message);
            failures++;
            return;
        }
    }
}

int main(int argc, char **argv)
{
    dbl_config cfg;
    dbl_config_init(&cfg);
    uint32_t files = 0;
    for (int i = 1; i < argc; i++) {
        dbl_strv paths = {0}, errors = {0};
        const char *dir = argv[i];
        dbl_inputs_expand(&dir, 1, &cfg, &paths, &errors);
        for (uint32_t k = 0; k < paths.size; k++) {
            const char *p = paths.items[k];
            char *text;
            uint32_t len;
            dbl_error err = {0};
            if (!dbl_read_file(p, &text, &len, &err)) {
                dbl_error_clear(&err);
                continue;
            }
            uint32_t mid = len / 2;
            while (mid < len && text[mid] != '\n')
                mid++;
            mid = mid < len ? mid + 1 : len;
            static const char line[] = "-- a line inserted\n";
            size_t ll = sizeof line - 1;
            char *v1 = dbl_malloc(len + ll + 1);
            memcpy(v1, text, mid);
            memcpy(v1 + mid, line, ll);
            memcpy(v1 + mid + ll, text + mid, len - mid);
            dbl_stmt_cache *cache = dbl_stmt_cache_new();
            dbl_run_free(S_lint(&cfg, cache, p, v1, (uint32_t)(len + ll)));
            dbl_stmt_cache_stats before = dbl_stmt_cache_get_stats(cache);
            dbl_run *want = S_lint(&cfg, NULL, p, text, len);
            dbl_run *got = S_lint(&cfg, cache, p, text, len);
            dbl_stmt_cache_stats after = dbl_stmt_cache_get_stats(cache);
            S_compare(p, want, got);
            /* the second lint parsed nothing a statement the first had not (but the split line's) */
            checks++;
            if (dbl_run_get_stats(want).statements > 2 && after.hits - before.hits + 2 < dbl_run_get_stats(want).statements) {
                printf("FAIL %s: %llu of %u statements from the cache\n", p,
                       (unsigned long long)(after.hits - before.hits), dbl_run_get_stats(want).statements);
                failures++;
            }
            dbl_run_free(want);
            dbl_run_free(got);
            dbl_stmt_cache_free(cache);
            dbl_free(v1);
            dbl_free(text);
            files++;
        }
        dbl_strv_free(&paths);
        dbl_strv_free(&errors);
    }
    dbl_config_free(&cfg);
    if (files == 0) {
        printf("FAIL no .sql files under the folders given\n");
        return 1;
    }
    printf("%d passed, %d failed (%u files)\n", checks - failures, failures, files);
    return failures ? 1 : 0;
}
