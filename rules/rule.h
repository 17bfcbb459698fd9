/* rule.h - the rule interface and the registry of every rule.
 *
 * A rule is one const dbl_rule declaration: its stable name, default
 * severity, documentation (summary, rationale, examples, fix hint) and the
 * check that reads the finished catalog and the change events. Rules never
 * see parse trees. `dbl rules`, `dbl explain` and docs/rules/ are generated
 * from these declarations.
 */
#ifndef DBL_RULE_H
#define DBL_RULE_H

#include "lint/catalog.h"
#include "lint/config.h"
#include "lint/diag.h"
#include "lint/events.h"

typedef struct dbl_rule dbl_rule;

/* What a check sees. */
typedef struct dbl_rule_ctx {
    const dbl_rule *rule;
    dbl_severity severity;          /* the effective severity */
    const dbl_catalog *catalog;     /* the schema after every input */
    const dbl_event *events;        /* every event, in order */
    uint32_t n_events;
    const dbl_config *config;
    dbl_diag_list *diags;
    dbl_arena *scratch;             /* freed after the check */
} dbl_rule_ctx;

struct dbl_rule {
    const char *name;               /* kebab-case, stable forever */
    dbl_severity severity;          /* default */
    const char *summary;            /* what it flags, one line */
    const char *rationale;          /* why it matters */
    const char *bad;                /* SQL that fires */
    const char *good;               /* SQL that does not */
    const char *fix;                /* what to do */
    const char *object_keys;        /* the keys of "object" in JSON output */
    bool complete_only;             /* reported only when the inputs are the whole schema (--complete) */
    void (*check)(dbl_rule_ctx *ctx); /* NULL: reported by the engine itself */
    bool logs;                      /* found in query logs by `dbl analyze`; bad and good are
                                       statements in the order a session ran them, after the
                                       schema they ran against and a line "-- logged:" */
};

/* Every rule, in a stable order. */
const dbl_rule *const *dbl_rules_all(uint32_t *n);
/* The rule of that name, or NULL. */
const dbl_rule *dbl_rule_find(const char *name);

/* Adds a diagnostic for the checking rule at loc. */
dbl_diag *dbl_rule_report(dbl_rule_ctx *ctx, dbl_loc loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Money-likeness of a column name and type (see rules/money.c). */
bool dbl_money_like(const dbl_config *cfg, const char *column, const dbl_typeinfo *type);
/* True if the name alone reads as money (type not considered). */
bool dbl_money_name(const dbl_config *cfg, const char *column);

/* "schema.name" in the arena. */
const char *dbl_qualified(dbl_arena *a, const char *schema, const char *name);

extern const dbl_rule dbl_rule_syntax_error;
extern const dbl_rule dbl_rule_invalid_input;
extern const dbl_rule dbl_rule_unknown_rule;
extern const dbl_rule dbl_rule_unused_suppression;
extern const dbl_rule dbl_rule_missing_reason;
extern const dbl_rule dbl_rule_fk_without_index;
extern const dbl_rule dbl_rule_redundant_index;
extern const dbl_rule dbl_rule_nullable_money;
extern const dbl_rule dbl_rule_float_money;
extern const dbl_rule dbl_rule_decimal_to_float;
extern const dbl_rule dbl_rule_dynamic_sql;
extern const dbl_rule dbl_rule_unknown_object;
extern const dbl_rule dbl_rule_n_plus_one;
extern const dbl_rule dbl_rule_repeated_query;
extern const dbl_rule dbl_rule_missing_index;
extern const dbl_rule dbl_rule_missing_composite_index;

#endif
