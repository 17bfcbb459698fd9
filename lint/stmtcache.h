/* stmtcache.h - what the parser front end made of a statement, kept across runs.
 *
 * A language server lints the same document again on every edit, and almost
 * every statement of the new version is one it has parsed before. A statement
 * cache keyed by a statement's exact text (as the parser sees it) lets a run
 * take those statements' events instead of parsing them again:
 *
 *   dbl_stmt_cache *cache = dbl_stmt_cache_new();
 *   for each version:
 *       dbl_run *run = dbl_run_new(&config);
 *       dbl_run_set_cache(run, cache);     // before the first source
 *       ... dbl_run_add_source(), dbl_run_finish() ...
 *       dbl_stmt_cache_sweep(cache, 4);    // forget what the last 4 runs did not use
 *   dbl_stmt_cache_free(cache);
 *
 * The front end's output depends on the text alone (never on the catalog), so a
 * hit is what parsing would have produced, moved to where the statement is now.
 * A run does not keep pointers into the cache once dbl_run_add_source()
 * returns: runs may outlive the entries they used. One cache serves one thread.
 */
#ifndef DBL_STMTCACHE_H
#define DBL_STMTCACHE_H

#include <stdbool.h>
#include <stdint.h>

#include "lint/pgfront.h"

typedef struct dbl_stmt_cache dbl_stmt_cache;

typedef struct dbl_stmt_cache_stats {
    uint64_t hits, misses;  /* statements found / parsed, over the cache's life */
    uint32_t entries;       /* statements held now */
    size_t bytes;           /* memory they hold */
} dbl_stmt_cache_stats;

/* Creates an empty cache. The caller frees it with dbl_stmt_cache_free(). */
dbl_stmt_cache *dbl_stmt_cache_new(void);
/* Frees the cache and every entry; NULL is a no-op. */
void dbl_stmt_cache_free(dbl_stmt_cache *c);
/* Ends a run: frees the entries that none of the last `keep` runs used (keep >= 1). */
void dbl_stmt_cache_sweep(dbl_stmt_cache *c, uint32_t keep);
dbl_stmt_cache_stats dbl_stmt_cache_get_stats(const dbl_stmt_cache *c);

/* ---- for the run (lint.c) ---- */

/* One statement as parsed at offset `origin` of some file: its events' spans are
 * absolute for that offset, and move with the statement when it is reused. */
typedef struct dbl_stmt_entry {
    bool ok;                    /* the parser accepted it */
    uint32_t origin;            /* offset of the text's first byte when it was parsed */
    const char *message;        /* !ok: the parser's message */
    uint32_t error_offset;      /* !ok: absolute (for origin), or UINT32_MAX */
    dbl_front_stmt *stmts;      /* ok: its statements; first_event indexes events */
    uint32_t n_stmts;
    dbl_event *events;
    uint32_t n_events;
} dbl_stmt_entry;

/* A batch of new entries shares one arena (the parse of a chunk of statements). */
typedef struct dbl_stmt_batch dbl_stmt_batch;

/* The entry for exactly these bytes, marked used by the current run, or NULL. */
const dbl_stmt_entry *dbl_stmt_cache_find(dbl_stmt_cache *c, const char *text, uint32_t len);
/* Starts a batch of entries; its arena receives what the front end parses for them. */
dbl_stmt_batch *dbl_stmt_cache_batch(dbl_stmt_cache *c);
dbl_arena *dbl_stmt_batch_arena(dbl_stmt_batch *b);
/* Adds the entry for text (copied, with the entry's arrays, into the batch's
 * arena; the strings its events point to must live there already). The
 * statements' first_event may count from the first statement's: they are
 * rebased. Returns the entry. */
const dbl_stmt_entry *dbl_stmt_batch_add(dbl_stmt_batch *b, const char *text, uint32_t len,
                                         const dbl_stmt_entry *e);
/* Ends the batch (an empty one is freed). */
void dbl_stmt_batch_end(dbl_stmt_batch *b);

/* Moves an event parsed at one place to where its statement is now: file, and
 * every span by delta bytes (modulo 2^32, so either way). Arrays that hold
 * spans are copied into arena first; the rest is shared. Every span field of
 * dbl_event (events.h) is moved here. */
void dbl_event_move(dbl_event *ev, uint32_t file, uint32_t delta, dbl_arena *arena);

#endif
