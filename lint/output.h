/* output.h - rendering diagnostics and the catalog for people and programs. */
#ifndef DBL_OUTPUT_H
#define DBL_OUTPUT_H

#include <stdbool.h>

#include "lint/alloc.h"
#include "lint/lint.h"

struct dbl_rule;

typedef enum { DBL_FMT_TEXT, DBL_FMT_JSON, DBL_FMT_SARIF, DBL_FMT_GITHUB, DBL_FMT_GITLAB } dbl_format;

/* Parses a format name; false if unknown. */
bool dbl_format_parse(const char *name, dbl_format *out);
/* Appends the run's diagnostics in the format to out. */
void dbl_output_diags(const dbl_run *run, dbl_format fmt, bool color, dbl_buf *out);
/* Appends the catalog as the JSON contract of `dbl catalog`. */
void dbl_output_catalog_json(const dbl_run *run, dbl_buf *out);
/* A SARIF artifactLocation for a path as dbl was given it: a relative path as a
 * percent-encoded URI relative to %SRCROOT%, an absolute one as a file:// URI.
 * The caller owns the returned reference (json_decref). */
struct json_t *dbl_sarif_artifact(const char *path);
/* A SARIF tool.driver: dbl's name, version and site, and a descriptor (names, descriptions,
 * help link, default level) for each of the n rules. The caller owns the returned reference. */
struct json_t *dbl_sarif_driver(const struct dbl_rule *const *rules, uint32_t n);
/* The span a diagnostic shows: clamped to the source, and an empty span grown to the
 * token at its start (a word, a quoted identifier, or one character). */
dbl_span dbl_output_diag_span(const dbl_source *src, dbl_span span);
/* Appends s escaped for a GitHub workflow command: %, CR and LF always, and : and , in a
 * property (file=..., title=...). */
void dbl_output_gh_escape(dbl_buf *o, const char *s, bool property);
/* Counts diagnostics at each severity. */
void dbl_output_counts(const dbl_run *run, uint32_t counts[4]);

#endif
