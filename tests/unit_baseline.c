/* unit_baseline.c - finding identities, fingerprints, baselines and context ordering. */
#include <stdlib.h>
#include <unistd.h>

#include "lint/baseline.h"
#include "lint/pgfront.h"
#include "tests/harness.h"

static dbl_run *S_lint(dbl_config *cfg, const char *sql)
{
    dbl_run *run = dbl_run_new(cfg);
    size_t n = strlen(sql);
    char *bytes = dbl_malloc(n + 1);
    memcpy(bytes, sql, n);
    dbl_run_add_source(run, "db/schema.sql", bytes, (uint32_t)n);
    dbl_run_finish(run);
    return run;
}

static const char *const FK = "CREATE TABLE users (id bigint PRIMARY KEY);\n"
                              "CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users);\n";

int main(void)
{
    dbl_config cfg;
    dbl_config_init(&cfg);
    dbl_arena *a = dbl_arena_new();

    /* identity: rule and object, canonical; no line */
    dbl_run *run = S_lint(&cfg, FK);
    INT_EQ(dbl_run_diags(run)->items.size, 1, "one finding");
    const dbl_diag *d = &dbl_run_diags(run)->items.items[0];
    STR_EQ(dbl_diag_identity(a, d, "db/schema.sql"),
           "{\"object\":{\"columns\":[\"user_id\"],\"references\":\"public.users\",\"table\":\"public.orders\"},"
           "\"rule\":\"fk-without-index\"}",
           "identity");
    char fp[33], fp2[33], fp3[33];
    dbl_fingerprint("x", 0, fp);
    dbl_fingerprint("x", 0, fp2);
    dbl_fingerprint("x", 1, fp3);
    OK(strlen(fp) == 32 && strcmp(fp, fp2) == 0, "fingerprints are stable: %s", fp);
    OK(strcmp(fp, fp3) != 0, "the occurrence changes the fingerprint");
    dbl_fingerprint("", 0, fp);
    STR_EQ(fp, "088094ac95ab1be95aa07330555942ae", "FNV-1a 128 of \"#0\" (pinned: fingerprints must not move)");

    /* a syntax error has no object: file and message identify it */
    dbl_run *bad = S_lint(&cfg, "CREATE TABLE (;\n");
    const dbl_diag *se = &dbl_run_diags(bad)->items.items[0];
    OK(strstr(dbl_diag_identity(a, se, "db/schema.sql"), "\"file\":\"db/schema.sql\"") != NULL, "syntax error: file");
    dbl_run_free(bad);

    /* write, load, apply: the same findings are all known; one more is new */
    char dir[] = "/tmp/dbl-unit-XXXXXX";
    OK(mkdtemp(dir) != NULL, "temp dir");
    char path[64];
    snprintf(path, sizeof path, "%s/baseline.json", dir);
    dbl_error err = {0};
    OK(dbl_baseline_write(run, path, &err), "write: %s", err.message ? err.message : "");
    dbl_baseline *b = dbl_baseline_load(path, &err);
    OK(b != NULL && dbl_baseline_size(b) == 1, "load");
    char *two = dbl_strdup(FK);
    two = dbl_realloc(two, strlen(FK) * 2 + 80);
    strcat(two, "ALTER TABLE orders ADD CONSTRAINT again FOREIGN KEY (user_id) REFERENCES users;\n");
    dbl_run *twice = S_lint(&cfg, two);
    INT_EQ(dbl_baseline_apply(b, twice), 0, "nothing fixed");
    INT_EQ(dbl_run_diags(twice)->items.size, 1, "the second identical FK is new");
    dbl_baseline_free(b);
    b = dbl_baseline_load(path, &err);
    dbl_run *clean = S_lint(&cfg, "CREATE TABLE users (id bigint PRIMARY KEY);\n");
    INT_EQ(dbl_baseline_apply(b, clean), 1, "one entry fixed");
    dbl_baseline_free(b);
    unlink(path);
    rmdir(dir);
    OK(dbl_baseline_load(path, &err) == NULL && err.message, "a missing baseline is an error");
    dbl_error_clear(&err);

    /* context order: a named file takes its place; what comes after it is left out */
    dbl_strv ctx = {0}, files = {0};
    dbl_inputv in = {0};
    dbl_array_push(&ctx, dbl_strdup("m/1.sql"));
    dbl_array_push(&ctx, dbl_strdup("m/2.sql"));
    dbl_array_push(&ctx, dbl_strdup("m/3.sql"));
    dbl_array_push(&files, dbl_strdup("m/2.sql"));
    dbl_array_push(&files, dbl_strdup("new.sql"));
    dbl_inputs_with_context(&ctx, &files, &in);
    INT_EQ(in.size, 3, "1 (context), 2 (named), new (named)");
    if (in.size == 3) {
        STR_EQ(in.items[0].path, "m/1.sql", "first");
        OK(in.items[0].context && !in.items[1].context && !in.items[2].context, "flags");
        STR_EQ(in.items[2].path, "new.sql", "outside the context: last");
    }
    for (uint32_t i = 0; i < in.size; i++)
        dbl_free(in.items[i].path);
    dbl_array_free(&in);
    dbl_array_free(&ctx);
    dbl_array_free(&files);

    /* did you mean */
    static const char *const keys[] = {"rules", "fail_on", "context", "require_reason"};
    STR_EQ(dbl_suggest("fial_on", keys, 4), "fail_on", "transposition");
    STR_EQ(dbl_suggest("contxt", keys, 4), "context", "deletion");
    OK(dbl_suggest("colour", keys, 4) == NULL, "nothing close");

    dbl_free(two);
    dbl_run_free(twice);
    dbl_run_free(clean);
    dbl_run_free(run);
    dbl_arena_free(a);
    dbl_config_free(&cfg);
    dbl_front_shutdown();
    return harness_summary();
}
