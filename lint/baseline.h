/* baseline.h - a finding's identity, and the baseline file of findings to tolerate.
 *
 * A finding's identity is its rule and its object (table, columns, index ...),
 * never its line: edits elsewhere in a file do not change it, and a second
 * identical defect is a second finding of the same identity. Findings without
 * an object (syntax errors) are identified by rule, file and message.
 */
#ifndef DBL_BASELINE_H
#define DBL_BASELINE_H

#include <stdint.h>

#include "lint/lint.h"

/* The identity as canonical JSON (sorted keys, no spaces). Returns an arena-owned string. */
const char *dbl_diag_identity(dbl_arena *a, const dbl_diag *d, const char *path);
/* A stable fingerprint: 32 hex digits hashing the identity and the occurrence
 * (0 for the first finding of an identity in a run, 1 for the second ...). */
void dbl_fingerprint(const char *identity, uint32_t occurrence, char out[33]);
/* The identity of each of the run's findings, and its occurrence number. Returns
 * an array of run-diagnostic count entries; the caller frees it with dbl_free(). */
typedef struct dbl_identity {
    const char *identity; /* arena-owned */
    uint32_t occurrence;
} dbl_identity;
dbl_identity *dbl_run_identities(const dbl_run *run, dbl_arena *a);

typedef struct dbl_baseline dbl_baseline;

/* Writes the run's findings to path as a baseline: sorted JSON, one finding per
 * line, through a temporary file renamed over path. Returns false and sets err
 * on failure (path is then unchanged). */
bool dbl_baseline_write(const dbl_run *run, const char *path, dbl_error *err);
/* Reads a baseline. Returns NULL and sets err on failure. The caller frees it with dbl_baseline_free(). */
dbl_baseline *dbl_baseline_load(const char *path, dbl_error *err);
/* Frees the baseline; NULL is a no-op. */
void dbl_baseline_free(dbl_baseline *b);
/* Drops the run's findings the baseline records, each entry matching one
 * finding. Returns how many entries matched none: fixed since, to be pruned. */
uint32_t dbl_baseline_apply(dbl_baseline *b, dbl_run *run);
/* The number of entries in the baseline. */
uint32_t dbl_baseline_size(const dbl_baseline *b);

#endif
