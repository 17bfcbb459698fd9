/* config.h - user configuration: rule severities, money words, exclusions. */
#ifndef DBL_CONFIG_H
#define DBL_CONFIG_H

#include <stdbool.h>
#include <stdint.h>

#include "lint/alloc.h"
#include "lint/diag.h"

typedef struct dbl_rule_setting {
    const char *rule;
    dbl_severity severity;   /* DBL_SEV_OFF disables the rule */
} dbl_rule_setting;

/* Where a configuration value came from: "default", "FILE:LINE" or a command-line option. */
typedef struct dbl_config_origin {
    const char *key;                       /* "fail_on", "money.words", "rules.fk-without-index", ... */
    const char *where;
} dbl_config_origin;

typedef struct dbl_config {
    dbl_arena *arena;
    const char *path;                      /* the file it came from, or NULL */
    DBL_ARRAY(dbl_rule_setting) rules;
    dbl_severity fail_on;                  /* exit 1 at or above this (OFF: never) */
    bool money_words_set;                  /* money_words replaces the defaults */
    DBL_ARRAY(const char *) money_words;
    DBL_ARRAY(const char *) money_extra_words;
    DBL_ARRAY(const char *) money_exclude_words;
    DBL_ARRAY(const char *) exclude;       /* path patterns (fnmatch) not linted */
    DBL_ARRAY(const char *) search_path;
    bool complete;                         /* the inputs are the whole schema */
    bool require_reason;                   /* dbl-ignore comments must give a reason */
    DBL_ARRAY(const char *) context;       /* paths read for the catalog only, as written */
    DBL_ARRAY(dbl_config_origin) origins;
} dbl_config;

typedef struct dbl_error {
    char *message;   /* heap; freed by dbl_error_clear() */
} dbl_error;

/* Frees the error's message and empties it. */
void dbl_error_clear(dbl_error *e);
/* Sets the error's message (formatted). */
void dbl_error_set(dbl_error *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Initializes the defaults. The caller frees it with dbl_config_free(). */
void dbl_config_init(dbl_config *c);
void dbl_config_free(dbl_config *c);
/* Reads a .dbl.json file into c. Returns false and sets err on failure: the
 * message names the file, line, column and key, with a "did you mean" for a
 * misspelt key, rule or severity. */
bool dbl_config_load(dbl_config *c, const char *path, dbl_error *err);
/* Finds .dbl.json walking up from dir; returns a heap path or NULL. */
char *dbl_config_find(const char *dir);
/* The severity of a rule under this configuration. */
dbl_severity dbl_config_severity(const dbl_config *c, const char *rule, dbl_severity dflt);

/* Records that key was set by where (copied); the last record of a key wins. */
void dbl_config_set_origin(dbl_config *c, const char *key, const char *where);
/* Where key's value came from: "default" if nothing set it. */
const char *dbl_config_origin_of(const dbl_config *c, const char *key);
/* Appends the effective configuration to out, one "key = value  # origin" line per value. */
void dbl_config_describe(const dbl_config *c, dbl_buf *out);
/* The candidate closest to word in spelling, or NULL if none is close enough. */
const char *dbl_suggest(const char *word, const char *const *candidates, uint32_t n);

#endif
