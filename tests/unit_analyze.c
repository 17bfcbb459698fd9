/* unit_analyze.c - every rule of `dbl analyze` fires on its documented bad example and stays silent
 * on its good one, read as a plain SQL log (after the schema before its "-- logged:" line). */
#include <stdlib.h>

#include "analyzer/analyze.h"
#include "lint/lint.h"
#include "lint/pgfront.h"
#include "rules/rule.h"
#include "tests/harness.h"

static uint32_t S_count(const char *example, const char *rule)
{
    const char *marker = strstr(example, "-- logged:\n");
    if (!marker)
        return UINT32_MAX;
    dbl_config cfg;
    dbl_config_init(&cfg);
    dbl_run *schema = dbl_run_new(&cfg);
    size_t n = (size_t)(marker - example);
    char *bytes = dbl_malloc(n + 1);
    memcpy(bytes, example, n);
    bytes[n] = '\0';
    dbl_run_add_source(schema, "schema.sql", bytes, (uint32_t)n);
    dbl_run_finish(schema);
    dbl_analyze_opts opts;
    dbl_analyze_opts_init(&opts);
    opts.read.format = DBL_LOGFMT_SQL;
    dbl_analysis *a = dbl_analysis_new(&opts, &cfg);
    dbl_analysis_set_catalog(a, dbl_run_catalog(schema));
    const char *log = marker + strlen("-- logged:\n");
    dbl_analysis_read_mem(a, "example.sql", log, strlen(log));
    dbl_analysis_finish(a);
    uint32_t hits = 0, nf;
    const dbl_finding *const *fs = dbl_analysis_findings(a, &nf);
    for (uint32_t i = 0; i < nf; i++)
        hits += strcmp(fs[i]->rule, rule) == 0;
    const dbl_advice *const *ads = dbl_analysis_advice(a, &nf);
    for (uint32_t i = 0; i < nf; i++)
        hits += strcmp(ads[i]->rule, rule) == 0;
    dbl_analysis_free(a);
    dbl_run_free(schema);
    dbl_config_free(&cfg);
    return hits;
}

int main(void)
{
    uint32_t n, tested = 0;
    const dbl_rule *const *rules = dbl_rules_all(&n);
    for (uint32_t i = 0; i < n; i++) {
        const dbl_rule *r = rules[i];
        if (!r->logs)
            continue;
        tested++;
        uint32_t bad = S_count(r->bad, r->name), good = S_count(r->good, r->name);
        OK(bad != UINT32_MAX && good != UINT32_MAX, "%s: examples have a -- logged: line", r->name);
        OK(bad >= 1 && bad != UINT32_MAX, "%s: fires on its bad example", r->name);
        INT_EQ(good, 0, r->name);
    }
    INT_EQ(tested, 4, "the analyzer's rules");
    dbl_front_shutdown();
    return harness_summary();
}
