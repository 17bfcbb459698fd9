/* unit_rules.c - every rule fires on its documented bad example and stays
 * silent on its good one, so `dbl explain` cannot lie. */
#include "lint/lint.h"
#include "lint/pgfront.h"
#include "rules/rule.h"
#include "tests/harness.h"

static uint32_t S_count(const char *sql, const dbl_rule *rule)
{
    dbl_config cfg;
    dbl_config_init(&cfg);
    cfg.complete = rule->complete_only;
    cfg.require_reason = true; /* for missing-reason; no other example lacks a reason */
    dbl_run *run = dbl_run_new(&cfg);
    size_t n = strlen(sql);
    char *bytes = dbl_malloc(n + 1);
    memcpy(bytes, sql, n);
    dbl_run_add_source(run, "example.sql", bytes, (uint32_t)n);
    dbl_run_finish(run);
    const dbl_diag_list *l = dbl_run_diags(run);
    uint32_t hits = 0;
    for (uint32_t i = 0; i < l->items.size; i++)
        hits += strcmp(l->items.items[i].rule, rule->name) == 0;
    dbl_run_free(run);
    dbl_config_free(&cfg);
    return hits;
}

int main(void)
{
    uint32_t n;
    const dbl_rule *const *rules = dbl_rules_all(&n);
    for (uint32_t i = 0; i < n; i++) {
        const dbl_rule *r = rules[i];
        OK(r->summary && r->rationale && r->bad && r->good && r->fix, "%s: documentation complete", r->name);
        if (strcmp(r->name, "invalid-input") == 0)
            continue; /* its bad example is bytes, tested by tests/bad_input.sh */
        if (r->logs)
            continue; /* found in logs: tests/unit_analyze.c runs its examples */
        OK(S_count(r->bad, r) >= 1, "%s: fires on its bad example", r->name);
        INT_EQ(S_count(r->good, r), 0, r->name);
        OK(dbl_rule_find(r->name) == r, "%s: found by name", r->name);
    }
    OK(dbl_rule_find("no-such-rule") == NULL, "unknown names are not found");
    dbl_front_shutdown();
    return harness_summary();
}
