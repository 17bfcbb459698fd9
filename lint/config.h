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
/* Reads a .dbl.json file into c. Returns false and sets err on failure. */
bool dbl_config_load(dbl_config *c, const char *path, dbl_error *err);
/* Finds .dbl.json walking up from dir; returns a heap path or NULL. */
char *dbl_config_find(const char *dir);
/* The severity of a rule under this configuration. */
dbl_severity dbl_config_severity(const dbl_config *c, const char *rule, dbl_severity dflt);

#endif
